package io.protomux.wakeup.adapters.inmemory.simulation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.protomux.wakeup.domain.stream.StreamOptions;
import io.protomux.wakeup.domain.wakeup.Capability;
import io.protomux.wakeup.domain.wakeup.WakeupSession;
import io.protomux.wakeup.domain.wakeup.messages.Wakeup;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Each fault on its own, on a few nodes sharing one topic. */
class SimulationFaultsTest {
  private static final Capability TOPIC = Fixtures.capability(1);

  @Test
  void disconnectDropsBothEndsAndRemovesEachPeerOnce() {
    Simulation sim = Fixtures.simulation(1).latency(Latency.fixed(3)).build();
    Node a = new Node(sim, "a");
    Node b = new Node(sim, "b");
    SimLink link = sim.connect(a.node, b.node);
    sim.runUntilIdle();
    assertThat(link.isOpen()).isTrue();
    assertThat(a.node.streams()).containsExactly(link.streamOf(a.node));

    link.disconnect();
    sim.runUntilIdle();

    assertThat(link.isClosed()).isTrue();
    assertThat(a.node.streams()).isEmpty();
    for (Node node : List.of(a, b)) {
      assertThat(node.recorder.adds).hasSize(1);
      assertThat(node.recorder.removes).containsOnly(java.util.Map.entry(peerOf(node), 1));
      assertThat(node.recorder.problems).isEmpty();
      assertThat(node.node.swarm().stats().peersRemoved())
          .isEqualTo(node.node.swarm().stats().peersAdded());
    }
    assertThat(kinds(sim, "fault-disconnect")).containsExactly("link=1 a<->b");
    assertThat(kinds(sim, "close"))
        .hasSize(2)
        .allMatch(detail -> detail.contains("IOException: link dropped"));
  }

  @Test
  void partitionCutsCrossingLinksBlocksDialsUntilItHealsAndReconnectsNothing() {
    Simulation sim = Fixtures.simulation(2).latency(Latency.fixed(2)).build();
    Node a = new Node(sim, "a");
    Node b = new Node(sim, "b");
    Node c = new Node(sim, "c");
    SimLink ab = sim.connect(a.node, b.node);
    SimLink ac = sim.connect(a.node, c.node);
    SimLink bc = sim.connect(b.node, c.node);
    sim.runUntilIdle();
    assertThat(a.recorder.live()).isEqualTo(2);

    sim.partition(Set.of(a.node), 1000);
    sim.runFor(100);
    assertThat(ab.isClosed()).isTrue();
    assertThat(ac.isClosed()).isTrue();
    assertThat(bc.isOpen()).isTrue();
    assertThat(a.recorder.live()).isZero();
    assertThat(b.recorder.live()).isEqualTo(1);

    SimLink during = sim.connect(b.node, a.node);
    sim.runFor(100);
    assertThat(during.isClosed()).isTrue();
    assertThat(during.streamOf(a.node)).isNull();
    assertThat(kinds(sim, "connect-failed")).singleElement().asString().contains("link dropped");

    sim.runFor(1000);
    assertThat(kinds(sim, "partition-heal")).containsExactly("side=[a]");
    assertThat(a.recorder.live()).as("healing reconnects nothing").isZero();

    SimLink after = sim.connect(b.node, a.node);
    sim.runUntilIdle();
    assertThat(after.isOpen()).isTrue();
    assertThat(a.recorder.live()).isEqualTo(1);
    assertThat(kinds(sim, "fault-partition")).containsExactly("side=[a] for=1000 cut=[1,2]");
  }

  @Test
  void aCorruptedByteFailsTheStreamThatReadsItAndBothSidesLeave() {
    Simulation sim = Fixtures.simulation(3).build();
    Node a = new Node(sim, "a");
    Node b = new Node(sim, "b");
    SimLink link = sim.connect(a.node, b.node);
    sim.runUntilIdle();

    link.corruptNextByte(SimLink.Direction.TO_RESPONDER);
    a.announce(1);
    sim.runUntilIdle();
    // The byte hit was the first of a frame, its length: b now waits for a longer frame.
    assertThat(link.isOpen()).isTrue();
    for (int length = 2; length <= 20; length++) {
      a.announce(length);
    }
    sim.runUntilIdle();

    assertThat(b.recorder.announceCalls).isZero();
    assertThat(link.isClosed()).isTrue();
    assertThat(kinds(sim, "fault-corrupt")).containsExactly("link=1 a->b");
    assertThat(kinds(sim, "close"))
        .anyMatch(detail -> detail.startsWith("link=1 with=a cause=SecretStreamException"));
    assertThat(a.recorder.live()).isZero();
    assertThat(b.recorder.live()).isZero();
  }

  @Test
  void aCorruptedHandshakeNeverOpensAndAHandshakeTimeoutEndsIt() {
    for (boolean timeout : new boolean[] {false, true}) {
      Simulation sim =
          Fixtures.simulation(4)
              .streamOptions(StreamOptions.DEFAULTS.withHandshakeTimeoutMillis(timeout ? 5000 : 0))
              .build();
      Node a = new Node(sim, "a");
      Node b = new Node(sim, "b");
      SimLink link = sim.connect(a.node, b.node);
      // The first byte is the length prefix of the first handshake message: the responder waits
      // for a frame that never completes.
      link.corruptNextByte(SimLink.Direction.TO_RESPONDER);
      sim.runUntilIdle();

      assertThat(link.isOpen()).isFalse();
      assertThat(a.recorder.adds).isEmpty();
      assertThat(link.isClosed()).as("closed with a timeout=" + timeout).isEqualTo(timeout);
      if (timeout) {
        assertThat(kinds(sim, "close")).anyMatch(detail -> detail.contains("handshake timed out"));
        assertThat(sim.now()).isGreaterThanOrEqualTo(5000);
      }
    }
  }

  @Test
  void aStallHoldsOneDirectionThenDeliversInOrder() {
    Simulation sim = Fixtures.simulation(5).latency(Latency.fixed(10)).build();
    Node a = new Node(sim, "a");
    Node b = new Node(sim, "b");
    SimLink link = sim.connect(a.node, b.node);
    sim.runUntilIdle();
    long stalledAt = sim.now();

    link.stall(SimLink.Direction.TO_RESPONDER, 500);
    a.announce(1);
    a.announce(2);
    b.announce(3);
    sim.runFor(499);
    assertThat(b.recorder.announced.values()).isEmpty();
    assertThat(a.recorder.announced.values()).containsExactly(List.of(3L));

    sim.runFor(1);
    assertThat(b.recorder.announced.values()).containsExactly(List.of(1L, 2L));
    assertThat(sim.trace())
        .filteredOn(e -> e.kind().equals("stall-end"))
        .extracting(TraceEvent::atMillis)
        .containsExactly(stalledAt + 500);
    assertThat(link.isOpen()).isTrue();
  }

  @Test
  void latencyIsFixedOrDrawnFromTheSeedWithinItsBounds() {
    Simulation fixed = Fixtures.simulation(6).latency(Latency.fixed(10)).build();
    SimLink link = fixed.connect(fixed.addNode("a"), fixed.addNode("b"));
    assertThat(link.latencyMillis(SimLink.Direction.TO_RESPONDER)).isEqualTo(10);
    fixed.runUntilIdle();
    assertThat(fixed.trace())
        .filteredOn(e -> e.kind().equals("accept"))
        .extracting(TraceEvent::atMillis)
        .containsExactly(10L);

    Simulation drawn = Fixtures.simulation(6).latency(Latency.uniform(5, 50)).build();
    List<SimNode> nodes = List.of(drawn.addNode("a"), drawn.addNode("b"), drawn.addNode("c"));
    java.util.Set<Long> seen = new java.util.TreeSet<>();
    for (int i = 0; i < 20; i++) {
      SimLink l = drawn.connect(nodes.get(i % 3), nodes.get((i + 1) % 3));
      for (SimLink.Direction direction : SimLink.Direction.values()) {
        seen.add(l.latencyMillis(direction));
      }
    }
    assertThat(seen).allMatch(ms -> ms >= 5 && ms <= 50).hasSizeGreaterThan(10);
    assertThatThrownBy(() -> Latency.uniform(5, 4)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void aWakeupHandlerCanAcceptATopicTheNodeHadNoSessionFor() {
    Simulation sim = Fixtures.simulation(7).build();
    Node a = new Node(sim, "a");
    SimNode b = sim.addNode("b");
    Recorder accepted = new Recorder();
    b.onWakeup((topic, stream) -> b.session(TOPIC, accepted));
    sim.connect(a.node, b);
    sim.runUntilIdle();

    assertThat(accepted.live()).isEqualTo(1);
    assertThat(a.recorder.live()).isEqualTo(1);
    assertThat(kinds(sim, "wakeup")).singleElement().asString().startsWith("topic=");
  }

  @Test
  void misuseIsRefused() {
    assertThatThrownBy(() -> Simulation.builder(1).build())
        .isInstanceOf(IllegalStateException.class);
    Simulation sim = Fixtures.simulation(1).build();
    SimNode a = sim.addNode("a");
    assertThatThrownBy(() -> sim.addNode("a")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> sim.addNode("has space")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> sim.connect(a, a)).isInstanceOf(IllegalArgumentException.class);
    SimNode stranger = Fixtures.simulation(1).build().addNode("b");
    assertThatThrownBy(() -> sim.connect(a, stranger)).isInstanceOf(IllegalArgumentException.class);
  }

  /** A node with one active session on {@link #TOPIC}. */
  private static final class Node {
    final SimNode node;
    final Recorder recorder = new Recorder();
    final WakeupSession session;

    Node(Simulation sim, String name) {
      node = sim.addNode(name);
      session = node.session(TOPIC, recorder);
    }

    void announce(long length) {
      for (var peer : session.peers()) {
        session.announce(peer, List.of(new Wakeup(node.publicKey(), length)));
      }
    }
  }

  private static io.protomux.wakeup.domain.wakeup.WakeupPeer peerOf(Node node) {
    return node.recorder.adds.keySet().iterator().next();
  }

  private static List<String> kinds(Simulation sim, String kind) {
    return sim.trace().stream().filter(e -> e.kind().equals(kind)).map(TraceEvent::detail).toList();
  }
}
