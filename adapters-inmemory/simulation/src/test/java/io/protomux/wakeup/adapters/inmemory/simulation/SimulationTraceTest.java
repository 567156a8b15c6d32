package io.protomux.wakeup.adapters.inmemory.simulation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.protomux.wakeup.domain.wakeup.SessionHandlers;
import io.protomux.wakeup.domain.wakeup.WakeupPeer;
import io.protomux.wakeup.domain.wakeup.WakeupSession;
import io.protomux.wakeup.domain.wakeup.messages.Lookup;
import io.protomux.wakeup.domain.wakeup.messages.Wakeup;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What the trace holds, and what its digest is computed over. */
class SimulationTraceTest {

  @Test
  void everyHandlerCallIsTracedBeforeTheUsersHandlerRuns() throws Exception {
    Simulation sim = Fixtures.simulation(1).latency(Latency.fixed(5)).build();
    SimNode a = sim.addNode("a");
    SimNode b = sim.addNode("b");
    int[] seenBefore = new int[1];
    SessionHandlers checking =
        new SessionHandlers() {
          @Override
          public void onPeerAdd(WakeupPeer peer, WakeupSession session) {
            seenBefore[0] += last(sim).kind().equals("peer-add") ? 1 : 0;
          }
        };
    WakeupSession sa = a.session(Fixtures.capability(1), checking);
    WakeupSession sb = b.session(Fixtures.capability(1), checking);
    sim.connect(a, b);
    sim.runUntilIdle();
    sa.announce(sa.peers().get(0), List.of(new Wakeup(a.publicKey(), 42)));
    sb.lookup(sb.peers().get(0), Lookup.withoutHash());
    sim.runUntilIdle();
    sb.destroy();
    sim.runUntilIdle();

    assertThat(seenBefore[0]).isEqualTo(2);
    List<String> lines = sim.trace().stream().map(TraceEvent::toString).toList();
    String a8 = a.publicKey().toHex().substring(0, 8);
    String b8 = b.publicKey().toHex().substring(0, 8);
    String topic = sa.topic().toHex().substring(0, 8);
    assertThat(lines)
        .containsSubsequence(
            "0 a node key=" + a8,
            "0 a session topic=" + topic + " active=true",
            "0 a dial link=1 to=b",
            "5 b accept link=1 from=a")
        .contains(
            "25 b peer-add topic=" + topic + " peer=a(" + a8 + ") link=1",
            "30 a peer-active topic=" + topic + " peer=b(" + b8 + ") link=1")
        .anyMatch(
            line ->
                line.endsWith(
                    "b announce topic="
                        + topic
                        + " peer=a("
                        + a8
                        + ") link=1 wakeups=["
                        + a8
                        + ":42]"))
        .anyMatch(
            line -> line.endsWith("a lookup topic=" + topic + " peer=b(" + b8 + ") link=1 hash=-"))
        .anyMatch(
            line -> line.endsWith("a peer-inactive topic=" + topic + " peer=b(" + b8 + ") link=1"));
    // The dial's round trip (5 ms each way), then the handshake: the initiator is done when the
    // second message arrives, the responder when the third does.
    assertThat(sim.trace())
        .filteredOn(e -> e.kind().equals("open"))
        .extracting(TraceEvent::atMillis)
        .containsExactly(20L, 25L);

    MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
    for (String line : lines) {
      sha256.update((line + "\n").getBytes(StandardCharsets.UTF_8));
    }
    assertThat(sim.traceDigest()).isEqualTo(HexFormat.of().formatHex(sha256.digest()));
  }

  @Test
  void withoutKeepingEventsTheDigestIsTheSame() {
    String kept = twoNodes(Fixtures.simulation(5)).traceDigest();
    Simulation streaming = twoNodes(Fixtures.simulation(5).keepTrace(false));

    assertThat(streaming.traceDigest()).isEqualTo(kept);
    assertThat(streaming.traceSize()).isGreaterThan(5);
    assertThatThrownBy(streaming::trace).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void aThrowingHandlerIsTracedAndCollectedAndTheRunGoesOn() {
    Simulation sim = Fixtures.simulation(2).build();
    SimNode a = sim.addNode("a");
    SimNode b = sim.addNode("b");
    a.session(
        Fixtures.capability(1),
        new SessionHandlers() {
          @Override
          public void onPeerAdd(WakeupPeer peer, WakeupSession session) {
            throw new IllegalStateException("boom");
          }
        });
    Recorder recorder = new Recorder();
    b.session(Fixtures.capability(1), recorder);
    sim.connect(a, b);
    sim.runUntilIdle();

    assertThat(sim.handlerFailures())
        .singleElement()
        .extracting(Throwable::getMessage)
        .isEqualTo("boom");
    assertThat(sim.trace())
        .extracting(TraceEvent::toString)
        .anyMatch(line -> line.endsWith("a handler-error IllegalStateException: boom"));
    assertThat(recorder.live()).isEqualTo(1);
  }

  private static Simulation twoNodes(Simulation.Builder builder) {
    Simulation sim = builder.latency(Latency.uniform(1, 9)).build();
    SimNode a = sim.addNode("a");
    SimNode b = sim.addNode("b");
    a.session(Fixtures.capability(1), new Recorder());
    b.session(Fixtures.capability(1), new Recorder());
    sim.connect(a, b).disconnect();
    sim.connect(b, a);
    sim.runUntilIdle();
    return sim;
  }

  private static TraceEvent last(Simulation sim) {
    List<TraceEvent> trace = sim.trace();
    return trace.get(trace.size() - 1);
  }
}
