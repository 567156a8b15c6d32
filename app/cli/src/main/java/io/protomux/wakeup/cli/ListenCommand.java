package io.protomux.wakeup.cli;

import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * {@code listen}: accepts connections and runs the sessions on each, until {@code --exit-on} is
 * met (exit 0), {@code --timeout-ms} passes (exit 1) or SIGTERM/SIGINT arrives (exit 0). Every
 * way out ends the connections in order. With {@code --metrics-port} it serves Prometheus text
 * too, announced by a {@code metrics} line right after {@code listening}.
 */
final class ListenCommand {
  private ListenCommand() {}

  static Outcome run(CliOptions options, PrintStream out) {
    EventOutput output = new EventOutput(out, null);
    CompletableFuture<Outcome> outcome = new CompletableFuture<>();
    CliNode node = CliNode.start(CliNode.Settings.listener(options), output);
    // Set on the loop while listening, closed here: the holder is read after listen() returned.
    MetricsServer[] metrics = new MetricsServer[1];
    try (Termination termination =
        Termination.install(() -> outcome.complete(Outcome.ok()), node::close)) {
      try {
        if (options.exitOn() != null) {
          node.exitOn(options.exitOn(), outcome);
        }
        Supplier<Event> serveMetrics = null;
        if (options.metricsPort() != CliOptions.NO_METRICS) {
          serveMetrics =
              () -> {
                metrics[0] =
                    MetricsServer.start(node.node(), options.host(), options.metricsPort());
                InetSocketAddress served = metrics[0].address();
                return Event.metrics(served.getAddress().getHostAddress(), served.getPort());
              };
        }
        try {
          node.listen(options.host(), options.port(), serveMetrics);
        } catch (UncheckedIOException e) {
          // An address in use or not ours is a bad --host or --port, not a failure of the run.
          throw new UsageException(e.getMessage());
        }
        return Outcome.await(outcome, options.timeoutMillis());
      } finally {
        // Inside the signals' scope: a second signal does not cut the orderly close short.
        node.close();
        if (metrics[0] != null) {
          metrics[0].close();
        }
      }
    }
  }
}
