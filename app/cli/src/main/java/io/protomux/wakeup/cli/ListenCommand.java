package io.protomux.wakeup.cli;

import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.util.concurrent.CompletableFuture;

/**
 * {@code listen}: accepts connections and runs the sessions on each, until {@code --exit-on} is
 * met (exit 0), {@code --timeout-ms} passes (exit 1) or the process is stopped.
 */
final class ListenCommand {
  private ListenCommand() {}

  static Outcome run(CliOptions options, PrintStream out) {
    EventOutput output = new EventOutput(out, null);
    CompletableFuture<Outcome> outcome = new CompletableFuture<>();
    CliNode node = CliNode.start(CliNode.Settings.listener(options), output);
    try {
      if (options.exitOn() != null) {
        node.exitOn(options.exitOn(), outcome);
      }
      try {
        node.listen(options.host(), options.port());
      } catch (UncheckedIOException e) {
        // An address in use or not ours is a bad --host or --port, not a failure of the run.
        throw new UsageException(e.getMessage());
      }
      return Outcome.await(outcome, options.timeoutMillis());
    } finally {
      node.close();
    }
  }
}
