package io.protomux.wakeup.cli;

import io.protomux.wakeup.micrometer.DhtNodeMetrics;
import io.protomux.wakeup.node.DhtNodeService;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.util.HexFormat;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * {@code dht-node}: a persistent HyperDHT node that serves others until a signal or {@code
 * --timeout-ms} (then exit 0). Prints {@code {"event":"listening","host":…,"port":…,"id":…}} once
 * bootstrapped (the id is null if the network did not confirm the node's address), with {@code
 * --metrics-port} a {@code metrics} line, and with {@code -v} a {@code table-add} or {@code
 * table-remove} line for every routing-table change.
 */
final class DhtNodeCommand {
  private DhtNodeCommand() {}

  static Outcome run(CliOptions options, PrintStream out) {
    EventOutput output = new EventOutput(out, null);
    CompletableFuture<Outcome> outcome = new CompletableFuture<>();
    DhtNodeService.Builder builder =
        DhtNodeService.builder()
            .host(options.host())
            .port(options.port())
            .bootstrap(options.dht().bootstrap());
    if (options.verbose()) {
      builder.onTableChange(
          change ->
              output.emit(
                  Event.tableChange(
                      change.added(), change.host(), change.port(),
                      HexFormat.of().formatHex(change.id()))));
    }
    DhtNodeService node;
    try {
      node = builder.build();
    } catch (java.io.UncheckedIOException e) {
      return Outcome.failed(
          "cannot bind " + options.host() + ":" + options.port() + ": " + e.getCause().getMessage());
    }
    MetricsServer metrics = null;
    try (Termination termination =
        Termination.install(() -> outcome.complete(Outcome.ok()), node::close)) {
      try {
        if (options.metricsPort() != CliOptions.NO_METRICS) {
          metrics =
              MetricsServer.start(new DhtNodeMetrics(node), options.host(), options.metricsPort());
        }
        MetricsServer served = metrics;
        node.bootstrapped()
            .thenCompose(ignored -> node.currentStats())
            .whenComplete(
                (stats, failure) -> {
                  if (failure != null) {
                    outcome.complete(Outcome.failed("the DHT node failed: " + failure.getMessage()));
                    return;
                  }
                  InetSocketAddress address = node.address();
                  output.emit(
                      Event.dhtNodeListening(
                          address.getAddress().getHostAddress(), address.getPort(), stats.id()));
                  if (served != null) {
                    InetSocketAddress at = served.address();
                    output.emit(Event.metrics(at.getAddress().getHostAddress(), at.getPort()));
                  }
                });
        if (options.timeoutMillis() > 0) {
          CompletableFuture.delayedExecutor(options.timeoutMillis(), TimeUnit.MILLISECONDS)
              .execute(() -> outcome.complete(Outcome.ok()));
        }
        return Outcome.await(outcome, 0);
      } finally {
        node.close();
        if (metrics != null) {
          metrics.close();
        }
      }
    }
  }
}
