package io.protomux.wakeup.cli;

import static io.protomux.wakeup.cli.DemoChecks.seen;
import static io.protomux.wakeup.cli.DemoChecks.timedOut;

import io.protomux.wakeup.domain.Key32;
import io.protomux.wakeup.domain.hyperswarm.JoinOptions;
import io.protomux.wakeup.domain.stream.StreamOptions;
import io.protomux.wakeup.domain.wakeup.messages.Lookup;
import io.protomux.wakeup.domain.wakeup.messages.Wakeup;
import io.protomux.wakeup.node.DhtNodeService;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * {@code demo}: the real path. Three Java HyperDHT nodes in this process form a network on
 * loopback; wakeup nodes "a" and "b" join the demo's topic through it (a first, so that b's lookup
 * finds a's announcement), b connects to a over UDX with the Noise IK handshake relayed by the
 * DHT, and they go through the protocol as the TCP demo does; then both leave the topic and b
 * disconnects. Prints the TCP demo's lines plus {@code joined} and {@code connection}.
 */
final class DhtDemo {
  static final int DHT_NODES = 3;

  private DhtDemo() {}

  static Outcome run(CliOptions options, PrintStream out) {
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(options.timeoutMillis());
    List<DhtNodeService> network = new ArrayList<>();
    CliNode a = null;
    CliNode b = null;
    try {
      String bootstrap = startNetwork(options.host(), network, deadline);
      EventLog log = new EventLog();
      EventOutput outputA = new EventOutput(out, "a");
      EventOutput outputB = new EventOutput(out, "b");
      log.watch(outputA, "a");
      log.watch(outputB, "b");
      CliOptions.Dht dht =
          new CliOptions.Dht(List.of(bootstrap), 0, null, null, JoinOptions.DEFAULTS);
      a = CliNode.start(
          settings(dht, options.host(), List.of(new Wakeup(DemoCommand.LOG_OF_A, 1)), List.of(),
              null),
          outputA);
      b = CliNode.start(
          settings(dht, options.host(), List.of(), List.of(new Wakeup(DemoCommand.LOG_OF_B, 7)),
              Lookup.of(DemoCommand.LOG_OF_A)),
          outputB);
      return steps(new DemoChecks(log, deadline), a, b, outputA, outputB);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Outcome.failed("interrupted");
    } catch (TimeoutException e) {
      return Outcome.failed("demo timed out waiting for " + e.getMessage());
    } catch (ExecutionException | CompletionException e) {
      return Outcome.failed("demo failed: " + ConnectCommand.rootMessage(e));
    } finally {
      if (b != null) {
        b.close();
      }
      if (a != null) {
        a.close();
      }
      for (int i = network.size() - 1; i >= 0; i--) {
        network.get(i).close();
      }
    }
  }

  /** The first node starts the network at {@code host}; the others join through it. */
  private static String startNetwork(String host, List<DhtNodeService> network, long deadline)
      throws InterruptedException, ExecutionException, TimeoutException {
    DhtNodeService first = DhtNodeService.builder().host(host).port(0).build();
    network.add(first);
    await(first, deadline);
    InetSocketAddress address = first.address();
    String bootstrap = address.getAddress().getHostAddress() + ":" + address.getPort();
    for (int i = 1; i < DHT_NODES; i++) {
      DhtNodeService node =
          DhtNodeService.builder().host(host).port(0).bootstrap(List.of(bootstrap)).build();
      network.add(node);
    }
    for (DhtNodeService node : network) {
      await(node, deadline);
    }
    return bootstrap;
  }

  private static void await(DhtNodeService node, long deadline)
      throws InterruptedException, ExecutionException, TimeoutException {
    try {
      node.bootstrapped().get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
    } catch (TimeoutException e) {
      throw new TimeoutException("the DHT node at " + node.address() + " to bootstrap");
    }
  }

  private static CliNode.Settings settings(
      CliOptions.Dht dht, String host, List<Wakeup> lookupAnswer, List<Wakeup> greeting,
      Lookup greetingLookup) {
    return new CliNode.Settings(
        null, List.of(DemoCommand.CAPABILITY), null, false, lookupAnswer, greeting,
        greetingLookup, StreamOptions.DEFAULTS, dht, host);
  }

  private static Outcome steps(
      DemoChecks checks, CliNode a, CliNode b, EventOutput outputA, EventOutput outputB)
      throws InterruptedException {
    Key32 topic = a.topics().iterator().next();
    join(a, topic, outputA);
    String missing = checks.firstMissing(seen("a", "joined"));
    if (missing != null) {
      return timedOut(missing);
    }
    join(b, topic, outputB);
    if ((missing = checks.firstMissing(
        seen("b", "joined"), seen("a", "connection"), seen("b", "connection"))) != null) {
      return timedOut(missing);
    }
    // Both leave before b disconnects, so that neither swarm dials the other again.
    return DemoCommand.protocol(checks, a, b, () ->
        CompletableFuture.allOf(a.node().leave(topic), b.node().leave(topic))
            .orTimeout(Math.max(1, checks.deadlineNanos() - System.nanoTime()), TimeUnit.NANOSECONDS)
            .join());
  }

  private static void join(CliNode node, Key32 topic, EventOutput output) {
    node.node()
        .join(topic, JoinOptions.DEFAULTS)
        .thenRun(() -> output.emit(Event.joined(topic, node.publicKey())));
  }
}
