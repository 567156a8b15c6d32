package io.protomux.wakeup.domain.wakeup;

import static org.assertj.core.api.Assertions.assertThat;

import io.protomux.wakeup.adapters.inmemory.Delivery;
import io.protomux.wakeup.domain.Key32;
import io.protomux.wakeup.domain.wakeup.messages.Lookup;
import io.protomux.wakeup.domain.wakeup.messages.Wakeup;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Issue 4, case 14: the same scripted scenario gives the same events. */
class SwarmDeterminismTest {
  private static final Capability CAP = Peers.capability("stuffimcapableof");
  private static final Capability CAP2 = Peers.capability("secondcapability");

  /** What one run produced. */
  record Run(
      List<String> log,
      List<String> left,
      List<String> right,
      WakeupStats leftStats,
      WakeupStats rightStats,
      long endedAt,
      List<Delivery> trace) {}

  private static Run scenario(long seed) {
    Peers peers = new Peers(seed);
    List<Delivery> trace = new ArrayList<>();
    peers.network.addTap(trace::add);
    List<String> log = new ArrayList<>();
    WakeupSwarm w1 = peers.swarm().gcTickMillis(500).build();
    WakeupSwarm w2 = peers.swarm().build();
    Peers.Wire wire = peers.wire(w1, w2, 3);

    Recorder a1 = new Recorder("a1", log);
    Recorder a2 = new Recorder("a2", log);
    Recorder b1 = new Recorder("b1", log);
    Recorder b2 =
        new Recorder("b2", log) {
          @Override
          public void onLookup(Lookup request, WakeupPeer peer, WakeupSession session) {
            super.onLookup(request, peer, session);
            session.announce(peer, List.of(new Wakeup(Key32.of(Peers.filled("writer")), 9)));
          }
        };
    WakeupSession s1 = w1.session(CAP, a1);
    WakeupSession s2 = w1.session(CAP2, a2);
    w2.session(CAP, b1);
    w2.session(CAP2, b2);
    peers.loop.runUntilIdle();

    s2.broadcastLookup(Lookup.of(Key32.of(Peers.filled("wanted"))));
    s1.inactive();
    peers.loop.runFor(50);
    s1.active();
    s2.destroy();
    peers.loop.runUntilIdle();
    wire.link().drop();
    peers.loop.runUntilIdle();
    w1.destroy();
    peers.loop.runUntilIdle();
    // Each side's events, in that side's order.
    List<String> left = log.stream().filter(line -> line.startsWith("a")).toList();
    List<String> right = log.stream().filter(line -> line.startsWith("b")).toList();
    return new Run(
        log, left, right, w1.stats(), w2.stats(), peers.loop.nowMillis(), List.copyOf(trace));
  }

  @Test
  void theSameSeedGivesTheSameRun() {
    Run first = scenario(5);
    Run second = scenario(5);
    assertThat(second.log()).isEqualTo(first.log());
    assertThat(second.leftStats()).isEqualTo(first.leftStats());
    assertThat(second.rightStats()).isEqualTo(first.rightStats());
    assertThat(second.endedAt()).isEqualTo(first.endedAt());
    assertThat(second.trace()).as("byte for byte").isEqualTo(first.trace());

    // And the run is the one scripted.
    assertThat(first.left())
        .containsExactly(
            "a1 add", "a1 active", "a2 add", "a2 active", "a2 announce", "a1 inactive",
            "a1 remove", "a1 destroy");
    assertThat(first.right())
        .containsExactly(
            "b1 add", "b1 active", "b2 add", "b2 active", "b2 lookup", "b1 inactive",
            "b1 active", "b2 inactive", "b1 inactive", "b1 remove", "b2 remove");
    assertThat(first.leftStats().topicsGcd()).isEqualTo(2);
  }

  @Test
  void anotherSeedGivesTheSameLogicalEvents() {
    Run first = scenario(5);
    Run other = scenario(6);
    assertThat(other.left()).isEqualTo(first.left());
    assertThat(other.right()).isEqualTo(first.right());
    assertThat(other.leftStats()).isEqualTo(first.leftStats());
    assertThat(other.rightStats()).isEqualTo(first.rightStats());
  }
}
