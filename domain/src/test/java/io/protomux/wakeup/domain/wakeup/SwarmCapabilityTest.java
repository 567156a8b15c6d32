package io.protomux.wakeup.domain.wakeup;

import static org.assertj.core.api.Assertions.assertThat;

import io.protomux.wakeup.domain.Key32;
import io.protomux.wakeup.domain.protomux.Protomux;
import io.protomux.wakeup.domain.stream.NoiseSecretStream;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Issue 4, case 1: a peer with the topic id but not the capability never becomes a peer. */
class SwarmCapabilityTest {
  private static final Capability CAP = Peers.capability("stuffimcapableof");
  private static final Capability WRONG = Peers.capability("notthesamesecret");
  private final Peers peers = new Peers(11);

  @Test
  void wrongCapabilityWithTheSameDiscoveryKeyYieldsNoPeerOnEitherSide() {
    List<Key32> wakeups = new ArrayList<>();
    WakeupSwarm w1 = peers.swarm().onWakeup((id, stream) -> wakeups.add(id)).build();
    WakeupSwarm w2 = peers.swarm().onWakeup((id, stream) -> wakeups.add(id)).build();
    NoiseSecretStream[] s = peers.connect(w1, w2);
    peers.loop.runUntilIdle();

    Key32 topic = peers.topicOf(CAP);
    Recorder r1 = new Recorder("a");
    Recorder r2 = new Recorder("b");
    WakeupSession a = w1.session(CAP, r1);
    WakeupSession b = w2.session(WRONG, r2, SessionOptions.DEFAULTS.withDiscoveryKey(topic));
    assertThat(b.topic()).isEqualTo(a.topic()).isEqualTo(topic);
    assertThat(peers.topicOf(WRONG)).isNotEqualTo(topic);

    WakeupPeer pendingA = a.getPeer(s[0]);
    WakeupPeer pendingB = b.getPeer(s[1]);
    assertThat(pendingA.isPending()).isTrue();
    assertThat(pendingB.isPending()).isTrue();

    peers.loop.runUntilIdle();

    for (Recorder r : List.of(r1, r2)) {
      assertThat(r.log).as(r.name).isEmpty();
    }
    assertThat(a.peers()).isEmpty();
    assertThat(b.peers()).isEmpty();
    assertThat(w1.topics().get(0).pendingPeers()).isEmpty();
    assertThat(w2.topics().get(0).pendingPeers()).isEmpty();
    assertThat(a.getPeer(s[0])).isNull();
    assertThat(b.getPeer(s[1])).isNull();
    assertThat(w1.hasStream(s[0], CAP, null)).isFalse();
    assertThat(w2.hasStream(s[1], WRONG, topic)).isFalse();
    assertThat(pendingA.isRemoved()).isTrue();
    assertThat(pendingA.isPending()).as("never joined").isTrue();
    assertThat(pendingB.isRemoved()).isTrue();
    assertThat(pendingA.channel.isClosed()).isTrue();
    assertThat(pendingB.channel.isClosed()).isTrue();
    assertThat(Protomux.from(s[0]).channels()).isEmpty();
    assertThat(Protomux.from(s[1]).channels()).isEmpty();
    assertThat(wakeups).as("both sides had a session: no onwakeup").isEmpty();

    for (WakeupSwarm w : List.of(w1, w2)) {
      WakeupStats st = w.stats();
      // The reference counts a created channel as an added peer, even one that never joins.
      assertThat(st.peersAdded()).isEqualTo(1);
      assertThat(st.peersRemoved()).isEqualTo(1);
      assertThat(st.wireInfoRx()).isZero();
    }

    // Nothing goes out to a peer that is gone, and the stream itself stays up.
    a.broadcastLookup(null);
    assertThat(w1.stats().wireLookupTx()).isZero();
    assertThat(s[0].isOpen()).isTrue();
    assertThat(w1.hasStream(s[0])).isTrue();

    // The connection is still usable by a topic whose capability matches.
    Capability good = Peers.capability("sharedonbothside");
    Recorder g1 = new Recorder("g1");
    Recorder g2 = new Recorder("g2");
    w1.session(good, g1);
    WakeupSession g2s = w2.session(good, g2);
    peers.loop.runUntilIdle();
    assertThat(g1.events()).containsExactly("add", "active");
    g2s.lookup(g2s.peers().get(0), null);
    peers.loop.runUntilIdle();
    assertThat(g1.count("lookup")).isEqualTo(1);
    assertThat(r1.log).isEmpty();
  }

  @Test
  void wrongCapabilityAcceptedFromOnWakeupIsStillRejectedOnBothSides() {
    Key32 topic = peers.topicOf(CAP);
    Recorder r1 = new Recorder("a");
    Recorder r2 = new Recorder("b");
    WakeupSwarm[] holder = new WakeupSwarm[1];
    List<WakeupSession> created = new ArrayList<>();
    WakeupSwarm w1 = peers.swarm().build();
    WakeupSwarm w2 =
        peers
            .swarm()
            .onWakeup(
                (id, stream) ->
                    created.add(
                        holder[0].session(WRONG, r2, SessionOptions.DEFAULTS.withDiscoveryKey(id))))
            .build();
    holder[0] = w2;
    NoiseSecretStream[] s = peers.connect(w1, w2);
    WakeupSession a = w1.session(CAP, r1);
    peers.loop.runUntilIdle();

    assertThat(created).hasSize(1);
    assertThat(created.get(0).topic()).isEqualTo(topic);
    assertThat(r1.log).isEmpty();
    assertThat(r2.log).isEmpty();
    assertThat(a.getPeer(s[0])).isNull();
    assertThat(created.get(0).getPeer(s[1])).isNull();
    assertThat(w1.stats().peersAdded()).isEqualTo(1);
    assertThat(w1.stats().peersRemoved()).isEqualTo(1);
    assertThat(w2.stats().peersAdded()).isEqualTo(1);
    assertThat(w2.stats().peersRemoved()).isEqualTo(1);
    assertThat(Protomux.from(s[0]).channels()).isEmpty();
    assertThat(Protomux.from(s[1]).channels()).isEmpty();
  }
}
