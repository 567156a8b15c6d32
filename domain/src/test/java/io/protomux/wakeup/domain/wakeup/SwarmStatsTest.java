package io.protomux.wakeup.domain.wakeup;

import static org.assertj.core.api.Assertions.assertThat;

import io.protomux.wakeup.domain.Key32;
import io.protomux.wakeup.domain.stream.NoiseSecretStream;
import io.protomux.wakeup.domain.wakeup.messages.Lookup;
import io.protomux.wakeup.domain.wakeup.messages.Wakeup;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Issue 4, case 8: every counter of both swarms after a scripted exchange. */
class SwarmStatsTest {
  private static final Capability CAP = Peers.capability("stuffimcapableof");
  private static final Capability CAP2 = Peers.capability("secondcapability");
  private final Peers peers = new Peers(81);

  @Test
  void everyCounterHasTheExpectedValue() {
    WakeupSwarm w1 = peers.swarm().gcTickMillis(1000).build();
    WakeupSwarm w2 = peers.swarm().build();
    assertThat(w1.stats()).isEqualTo(WakeupStats.EMPTY);
    NoiseSecretStream[] s = peers.connect(w1, w2);

    // One topic on both sides, joined.
    WakeupSession a = w1.session(CAP, SessionHandlers.NONE);
    WakeupSession b = w2.session(CAP, SessionHandlers.NONE);
    peers.loop.runUntilIdle();

    // A looks up twice (with and without hash), B announces once, B broadcasts one lookup.
    a.lookup(a.getPeer(s[0]), null);
    a.lookupByStream(s[0], Lookup.of(Key32.of(Peers.filled("hash"))));
    b.announceByStream(s[1], List.of(new Wakeup(Key32.of(Peers.filled("key")), 3)));
    b.broadcastLookup(null);
    peers.loop.runUntilIdle();

    // A toggles twice (two infos), and repeats a no-op.
    a.inactive();
    a.active();
    a.active();
    peers.loop.runUntilIdle();

    // A second topic on A only: its channel is created (counted as an added peer, as the
    // reference does) and rejected by B, which has no session for it.
    WakeupSession lonely = w1.session(CAP2, SessionHandlers.NONE);
    peers.loop.runUntilIdle();
    // Destroyed twice: counted once. Then collected after 5 ticks (runUntilIdle runs the GC).
    lonely.destroy();
    lonely.destroy();
    peers.loop.runUntilIdle();
    assertThat(w1.topics()).hasSize(1);

    // A second session on B's topic, destroyed: no info (the topic stays active).
    w2.session(CAP, SessionHandlers.NONE).destroy();

    // Finally A goes away: its remaining topic (and session) is torn down.
    w1.destroy();
    peers.loop.runUntilIdle();

    assertThat(w1.stats())
        .isEqualTo(
            new WakeupStats(
                /* sessionsOpened */ 2,
                /* sessionsClosed */ 2, // lonely.destroy() + a at teardown
                /* topicsAdded */ 2,
                /* topicsGcd */ 2, // lonely's topic by GC + CAP's by destroy
                /* peersAdded */ 2, // the joined peer and the rejected channel
                /* peersRemoved */ 2, // the rejected channel and the peer closed by destroy
                /* wireAnnounceRx */ 1,
                /* wireAnnounceTx */ 0,
                /* wireLookupRx */ 1,
                /* wireLookupTx */ 2,
                /* wireInfoRx */ 0,
                /* wireInfoTx */ 2,
                /* streamsOpened */ 1,
                /* streamsClosed */ 0,
                /* handshakeFailures */ 0,
                /* proofMismatches */ 0,
                /* limitCloses: none */ Map.of()));
    assertThat(w2.stats())
        .isEqualTo(
            new WakeupStats(
                /* sessionsOpened */ 2,
                /* sessionsClosed */ 1,
                /* topicsAdded */ 1,
                /* topicsGcd */ 0,
                /* peersAdded */ 1,
                /* peersRemoved */ 1,
                /* wireAnnounceRx */ 0,
                /* wireAnnounceTx */ 1,
                /* wireLookupRx */ 2,
                /* wireLookupTx */ 1,
                /* wireInfoRx */ 2,
                /* wireInfoTx */ 0,
                /* streamsOpened */ 1,
                /* streamsClosed */ 0,
                /* handshakeFailures */ 0,
                /* proofMismatches */ 0,
                /* limitCloses: none */ Map.of()));
    assertThat(b.peers()).isEmpty();
  }

  @Test
  void destroyingASessionOfATornDownTopicCountsItClosedAgain() {
    WakeupSwarm w = peers.swarm().build();
    WakeupSession s = w.session(CAP, SessionHandlers.NONE);
    w.destroy();
    assertThat(w.stats().sessionsClosed()).isEqualTo(1);
    // The reference's teardown leaves the sessions in the topic, so removeSession counts again.
    s.destroy();
    assertThat(w.stats().sessionsClosed()).isEqualTo(2);
    assertThat(s.isDestroyed()).isTrue();
    assertThat(w.stats().topicsGcd()).isEqualTo(1);
  }
}
