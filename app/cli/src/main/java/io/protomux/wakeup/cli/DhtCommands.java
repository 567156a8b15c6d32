package io.protomux.wakeup.cli;

import io.protomux.wakeup.domain.Key32;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * {@code listen}, {@code connect} and {@code join} over the HyperDHT (with {@code --bootstrap}):
 * the same sessions, events, exits and orderly close as over TCP (see {@link ListenCommand} and
 * {@link ConnectCommand}), and a {@code connection} line for every DHT connection that opens.
 *
 * <ul>
 *   <li>{@code listen}: a DHT server under the node's key pair; prints {@code
 *       {"event":"listening","publicKey":…}} once it has announced itself.
 *   <li>{@code connect}: dials the server of {@code --public-key}; exits as a TCP connect does.
 *   <li>{@code join}: joins every session's topic (or {@code --topic}) on Hyperswarm; prints {@code
 *       {"event":"joined","topic":…,"publicKey":…}} once each is announced and flushed, and runs
 *       until {@code --exit-on}, {@code --timeout-ms} or a signal, as a listener does.
 * </ul>
 */
final class DhtCommands {
  private DhtCommands() {}

  static Outcome listen(CliOptions options, PrintStream out) {
    EventOutput output = new EventOutput(out, null);
    CompletableFuture<Outcome> outcome = new CompletableFuture<>();
    CliNode node = CliNode.start(CliNode.Settings.listener(options), output);
    MetricsServer metrics = null;
    try (Termination termination =
        Termination.install(() -> outcome.complete(Outcome.ok()), node::close)) {
      try {
        if (options.exitOn() != null) {
          node.exitOn(options.exitOn(), outcome);
        }
        Event metricsLine = null;
        if (options.metricsPort() != CliOptions.NO_METRICS) {
          // A port in use is a UsageException: a bad --metrics-port, not a failure of the run.
          metrics = MetricsServer.start(node.node(), options.host(), options.metricsPort());
          InetSocketAddress served = metrics.address();
          metricsLine = Event.metrics(served.getAddress().getHostAddress(), served.getPort());
        }
        Event afterListening = metricsLine;
        // Completes on the node's loop, so the lines come before any event of a later connection.
        node.node()
            .listenOnDht()
            .whenComplete(
                (ignored, failure) -> {
                  if (failure != null) {
                    outcome.complete(
                        Outcome.failed("cannot listen on the DHT: " + rootMessage(failure)));
                    return;
                  }
                  output.emit(Event.dhtListening(node.publicKey()));
                  if (afterListening != null) {
                    output.emit(afterListening);
                  }
                });
        return Outcome.await(outcome, options.timeoutMillis());
      } finally {
        // Inside the signals' scope: a second signal does not cut the orderly close short.
        node.close();
        if (metrics != null) {
          metrics.close();
        }
      }
    }
  }

  static Outcome connect(CliOptions options, PrintStream out) {
    EventOutput output = new EventOutput(out, null);
    CompletableFuture<Outcome> outcome = new CompletableFuture<>();
    CliNode node = CliNode.start(CliNode.Settings.connector(options), output);
    try (Termination termination =
        Termination.install(() -> outcome.complete(Outcome.ok()), node::close)) {
      try {
        if (options.exitOn() != null) {
          node.exitOn(options.exitOn(), outcome);
        }
        node.node()
            .connect(options.dht().publicKey())
            .whenCompleteAsync(
                (stream, failure) -> {
                  if (failure != null) {
                    outcome.complete(Outcome.failed(rootMessage(failure)));
                    return;
                  }
                  // Queued behind what the close set off, so that a met --exit-on wins.
                  stream.whenClosed(
                      cause ->
                          node.loop()
                              .execute(() -> outcome.complete(ConnectCommand.closed(cause, options))));
                },
                node.loop());
        return Outcome.await(outcome, options.timeoutMillis());
      } finally {
        node.close();
      }
    }
  }

  static Outcome join(CliOptions options, PrintStream out) {
    EventOutput output = new EventOutput(out, null);
    CompletableFuture<Outcome> outcome = new CompletableFuture<>();
    CliNode node = CliNode.start(CliNode.Settings.joiner(options), output);
    try (Termination termination =
        Termination.install(() -> outcome.complete(Outcome.ok()), node::close)) {
      try {
        if (options.exitOn() != null) {
          node.exitOn(options.exitOn(), outcome);
        }
        CliOptions.Dht dht = options.dht();
        List<Key32> topics =
            dht.topic() != null ? List.of(dht.topic()) : List.copyOf(node.topics());
        for (Key32 topic : topics) {
          node.node()
              .join(topic, dht.join())
              .whenComplete(
                  (ignored, failure) -> {
                    if (failure != null) {
                      outcome.complete(
                          Outcome.failed(
                              "cannot join " + topic.toHex() + ": " + rootMessage(failure)));
                      return;
                    }
                    output.emit(Event.joined(topic, node.publicKey()));
                  });
        }
        return Outcome.await(outcome, options.timeoutMillis());
      } finally {
        node.close();
      }
    }
  }

  private static String rootMessage(Throwable failure) {
    return ConnectCommand.rootMessage(failure);
  }
}
