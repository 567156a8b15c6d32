package io.protomux.wakeup.cli;

import static io.protomux.wakeup.cli.DemoChecks.seen;
import static io.protomux.wakeup.cli.DemoChecks.seenAgain;
import static io.protomux.wakeup.cli.DemoChecks.timedOut;

import io.protomux.wakeup.domain.Key32;
import io.protomux.wakeup.domain.wakeup.Capability;
import io.protomux.wakeup.domain.wakeup.messages.Lookup;
import io.protomux.wakeup.domain.wakeup.messages.Wakeup;
import io.protomux.wakeup.node.NodeSession;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * {@code demo --tcp}: two nodes in one process, "a" listening and "b" connecting over loopback TCP,
 * go through the whole protocol (without {@code --tcp}, {@link DhtDemo} runs the same over a
 * HyperDHT) and print every event (each line names its node). Exits 0 when every
 * step was seen, 1 if one is not seen within {@code --timeout-ms}.
 *
 * <p>The steps: b dials a and both join the topic (peer-add, peer-active); b greets a with an
 * announce and a lookup, which a answers with its own announce; b goes inactive, then active
 * again; b disconnects and both see the other leave (peer-remove).
 */
final class DemoCommand {
  // Fixed values, so that every run prints the same topic and logs. The capability is the ASCII
  // text "protomux-wakeup demo capability!".
  static final Capability CAPABILITY =
      Capability.fromHex("70726f746f6d75782d77616b6575702064656d6f206361706162696c69747921");
  static final Key32 LOG_OF_A =
      Key32.fromHex("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa");
  static final Key32 LOG_OF_B =
      Key32.fromHex("bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb");

  private DemoCommand() {}

  static Outcome run(CliOptions options, PrintStream out) {
    if (options.overDht()) {
      return DhtDemo.run(options, out);
    }
    EventLog log = new EventLog();
    EventOutput outputA = new EventOutput(out, "a");
    EventOutput outputB = new EventOutput(out, "b");
    log.watch(outputA, "a");
    log.watch(outputB, "b");
    CliNode a =
        CliNode.start(
            new CliNode.Settings(
                null, List.of(CAPABILITY), null, false, List.of(new Wakeup(LOG_OF_A, 1)),
                List.of(), null),
            outputA);
    CliNode b = null;
    try {
      b =
          CliNode.start(
              new CliNode.Settings(
                  null, List.of(CAPABILITY), null, false, List.of(),
                  List.of(new Wakeup(LOG_OF_B, 7)), Lookup.of(LOG_OF_A)),
              outputB);
      long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(options.timeoutMillis());
      return new Steps(new DemoChecks(log, deadline)).run(a, b, options.host());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Outcome.failed("interrupted");
    } finally {
      if (b != null) {
        b.close();
      }
      a.close();
    }
  }

  /** The TCP demo's script: each step waits for the events that show it worked. */
  private record Steps(DemoChecks checks) {
    Outcome run(CliNode a, CliNode b, String host) throws InterruptedException {
      InetSocketAddress listening = a.listen(host, 0, null);
      try {
        b.dial(host, listening.getPort())
            .get(Math.max(0, checks.deadlineNanos() - System.nanoTime()), TimeUnit.NANOSECONDS);
      } catch (ExecutionException e) {
        return Outcome.failed("b could not connect to a: " + e.getCause().getMessage());
      } catch (TimeoutException e) {
        return Outcome.failed("b could not connect to a in time");
      }
      return protocol(checks, a, b, () -> {});
    }
  }

  /**
   * The steps both demos share once b and a are connected: greetings, b inactive then active
   * again, {@code beforeDisconnect} runs, b disconnects and both see the other leave.
   */
  static Outcome protocol(DemoChecks checks, CliNode a, CliNode b, Runnable beforeDisconnect)
      throws InterruptedException {
    String missing =
        checks.firstMissing(
            seen("a", "peer-add"),
            seen("b", "peer-add"),
            seen("a", "peer-active"),
            seen("b", "peer-active"),
            seen("a", "announce"),
            seen("a", "lookup"),
            seen("b", "announce"));
    if (missing != null) {
      return timedOut(missing);
    }
    NodeSession sessionOfB = b.sessions().get(0);
    sessionOfB.inactive();
    if ((missing = checks.firstMissing(seen("a", "peer-inactive"))) != null) {
      return timedOut(missing);
    }
    sessionOfB.active();
    if ((missing = checks.firstMissing(seenAgain("a", "peer-active"))) != null) {
      return timedOut(missing);
    }
    beforeDisconnect.run();
    b.disconnect();
    if ((missing = checks.firstMissing(seen("a", "peer-remove"), seen("b", "peer-remove")))
        != null) {
      return timedOut(missing);
    }
    return Outcome.ok();
  }
}
