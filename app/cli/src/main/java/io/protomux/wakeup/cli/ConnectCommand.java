package io.protomux.wakeup.cli;

import java.io.PrintStream;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * {@code connect}: dials one peer and runs the sessions over that connection.
 *
 * <p>Exits 0 once {@code --exit-on} is met; without it, 0 when the peer closes the connection in
 * an orderly way; 0 on SIGTERM or SIGINT, after ending the connection in order. Exits 1 if the
 * dial or the handshake fails, the connection breaks, it closes before {@code --exit-on} is met,
 * or {@code --timeout-ms} passes first.
 */
final class ConnectCommand {
  private ConnectCommand() {}

  static Outcome run(CliOptions options, PrintStream out) {
    EventOutput output = new EventOutput(out, null);
    CompletableFuture<Outcome> outcome = new CompletableFuture<>();
    CliNode node = CliNode.start(CliNode.Settings.connector(options), output);
    try (Termination termination =
        Termination.install(() -> outcome.complete(Outcome.ok()), node::close)) {
      try {
        if (options.exitOn() != null) {
          node.exitOn(options.exitOn(), outcome);
        }
        node.dial(options.host(), options.port())
            .whenCompleteAsync(
                (stream, failure) -> {
                  if (failure != null) {
                    outcome.complete(Outcome.failed(rootMessage(failure)));
                    return;
                  }
                  // Queued behind what the close set off (its peer-remove lines, and an
                  // --exit-on they met), so that a met condition wins.
                  stream.whenClosed(
                      cause -> node.loop().execute(() -> outcome.complete(closed(cause, options))));
                },
                node.loop());
        return Outcome.await(outcome, options.timeoutMillis());
      } finally {
        // Inside the signals' scope: a second signal does not cut the orderly close short.
        node.close();
      }
    }
  }

  static Outcome closed(Throwable cause, CliOptions options) {
    if (cause != null) {
      return Outcome.failed("the connection broke: " + cause.getMessage());
    }
    if (options.exitOn() != null) {
      return Outcome.failed(
          "the connection closed before every topic saw " + options.exitOn().eventName());
    }
    return Outcome.ok();
  }

  static String rootMessage(Throwable failure) {
    Throwable shown = failure;
    while (shown instanceof CompletionException && shown.getCause() != null) {
      shown = shown.getCause();
    }
    return String.valueOf(shown.getMessage());
  }
}
