package io.protomux.wakeup.domain.wakeup;

import static org.assertj.core.api.Assertions.assertThat;

import io.protomux.wakeup.domain.Key32;
import io.protomux.wakeup.domain.stream.NoiseSecretStream;
import io.protomux.wakeup.domain.wakeup.messages.Lookup;
import io.protomux.wakeup.domain.wakeup.messages.Wakeup;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Issue 4, cases 2 and 4: active/inactive transitions, and several sessions on one topic. */
class SwarmActivityTest {
  private static final Capability CAP = Peers.capability("stuffimcapableof");
  private final Peers peers = new Peers(21);

  @Test
  void togglingReachesTheRemoteExactlyOncePerTransition() {
    WakeupSwarm w1 = peers.swarm().build();
    WakeupSwarm w2 = peers.swarm().build();
    peers.connect(w1, w2);
    WakeupSession a = w1.session(CAP, SessionHandlers.NONE);
    Recorder remote = new Recorder("b");
    WakeupSession b = w2.session(CAP, remote);
    peers.loop.runUntilIdle();
    assertThat(remote.events()).containsExactly("add", "active");
    assertThat(w1.stats().wireInfoTx()).isZero();

    a.inactive();
    a.inactive();
    peers.loop.runUntilIdle();
    assertThat(w1.stats().wireInfoTx()).isEqualTo(1);
    assertThat(w2.stats().wireInfoRx()).isEqualTo(1);
    assertThat(remote.events()).containsExactly("add", "active", "inactive");
    assertThat(b.peers().get(0).isActive()).isFalse();
    assertThat(a.isActive()).isFalse();

    a.inactive();
    peers.loop.runUntilIdle();
    assertThat(w1.stats().wireInfoTx()).as("already inactive: nothing sent").isEqualTo(1);

    a.active();
    a.active();
    peers.loop.runUntilIdle();
    assertThat(w1.stats().wireInfoTx()).isEqualTo(2);
    assertThat(w2.stats().wireInfoRx()).isEqualTo(2);
    assertThat(remote.events()).containsExactly("add", "active", "inactive", "active");
    assertThat(b.peers().get(0).isActive()).isTrue();

    a.active();
    peers.loop.runUntilIdle();
    assertThat(w1.stats().wireInfoTx()).as("already active: nothing sent").isEqualTo(2);
    assertThat(remote.count("active")).isEqualTo(2);
    assertThat(remote.count("inactive")).isEqualTo(1);
    assertThat(w2.stats().wireInfoTx()).as("the remote never changed").isZero();
  }

  @Test
  void theTopicStaysActiveWhileAnyOfItsSessionsIs() {
    WakeupSwarm w1 = peers.swarm().build();
    WakeupSwarm w2 = peers.swarm().build();
    peers.connect(w1, w2);
    WakeupSession a1 = w1.session(CAP, SessionHandlers.NONE);
    WakeupSession a2 = w1.session(CAP, SessionHandlers.NONE);
    Recorder remote = new Recorder("b");
    w2.session(CAP, remote);
    peers.loop.runUntilIdle();
    WakeupTopic topic = w1.topics().get(0);

    a1.inactive();
    peers.loop.runUntilIdle();
    assertThat(topic.isActive()).isTrue();
    assertThat(w1.stats().wireInfoTx()).isZero();

    a2.inactive();
    peers.loop.runUntilIdle();
    assertThat(topic.isActive()).isFalse();
    assertThat(w1.stats().wireInfoTx()).isEqualTo(1);

    a1.active();
    peers.loop.runUntilIdle();
    assertThat(topic.isActive()).isTrue();
    assertThat(w1.stats().wireInfoTx()).isEqualTo(2);

    // Destroying the only active session turns the topic inactive too.
    a1.destroy();
    peers.loop.runUntilIdle();
    assertThat(topic.isActive()).isFalse();
    assertThat(w1.stats().wireInfoTx()).isEqualTo(3);
    assertThat(remote.events()).containsExactly("add", "active", "inactive", "active", "inactive");
  }

  @Test
  void aSessionStartingInactiveOpensTheTopicInactive() {
    WakeupSwarm w1 = peers.swarm().build();
    WakeupSwarm w2 = peers.swarm().build();
    peers.connect(w1, w2);
    WakeupSession a = w1.session(CAP, SessionHandlers.NONE, SessionOptions.DEFAULTS.withActive(false));
    Recorder remote = new Recorder("b");
    w2.session(CAP, remote);
    peers.loop.runUntilIdle();
    assertThat(remote.events()).containsExactly("add");
    assertThat(w1.stats().wireInfoTx()).isZero();

    a.active();
    peers.loop.runUntilIdle();
    assertThat(remote.events()).containsExactly("add", "active");
    assertThat(w1.stats().wireInfoTx()).isEqualTo(1);
    assertThat(w1.stats().peersAdded()).as("the existing peer is reused").isEqualTo(1);
  }

  @Test
  void anInfoSentBeforeTheRemotePairedArrivesAfterItsAdd() {
    WakeupSwarm[] holder = new WakeupSwarm[1];
    Recorder remote = new Recorder("b");
    WakeupSwarm w1 = peers.swarm().build();
    WakeupSwarm w2 =
        peers
            .swarm()
            .onWakeup(
                (id, stream) ->
                    holder[0].session(CAP, remote, SessionOptions.DEFAULTS.withDiscoveryKey(id)))
            .build();
    holder[0] = w2;
    NoiseSecretStream[] s = peers.connect(w1, w2);
    peers.loop.runUntilIdle();
    Recorder local = new Recorder("a");
    WakeupSession a = w1.session(CAP, local);
    a.inactive(); // sent on the still-pending channel, right behind the open (active)
    assertThat(w1.stats().wireInfoTx()).isEqualTo(1);
    peers.loop.runUntilIdle();
    // The remote holds the info until its channel (made in onwakeup) has reported open.
    assertThat(remote.events()).containsExactly("add", "active", "inactive");
    assertThat(local.events()).containsExactly("add", "active");
    assertThat(a.getPeer(s[0]).isActive()).isTrue();
  }

  @Test
  void everySessionOfATopicIsCalledInReverseIndexOrder() {
    List<String> log = new ArrayList<>();
    WakeupSwarm w1 = peers.swarm().build();
    WakeupSwarm w2 = peers.swarm().build();
    NoiseSecretStream[] s = peers.connect(w1, w2);
    Recorder r0 = new Recorder("s0", log);
    Recorder r1 = new Recorder("s1", log);
    Recorder r2 = new Recorder("s2", log);
    WakeupSession s0 = w1.session(CAP, r0);
    WakeupSession s1 = w1.session(CAP, r1);
    WakeupSession s2 = w1.session(CAP, r2);
    WakeupSession b = w2.session(CAP, SessionHandlers.NONE);
    peers.loop.runUntilIdle();
    // The reference iterates sessions from the last index down, each getting add then active.
    assertThat(log)
        .containsExactly(
            "s2 add", "s2 active", "s1 add", "s1 active", "s0 add", "s0 active");
    assertThat(r0.sessions).containsOnly(s0);
    assertThat(r1.sessions).containsOnly(s1);
    assertThat(r2.sessions).containsOnly(s2);
    assertThat(r0.added.get(0)).isSameAs(r1.added.get(0)).isSameAs(r2.added.get(0));

    log.clear();
    Key32 hash = Key32.of(Peers.filled("somehash"));
    b.lookupByStream(s[1], Lookup.of(hash));
    peers.loop.runUntilIdle();
    assertThat(log).containsExactly("s2 lookup", "s1 lookup", "s0 lookup");
    assertThat(r0.lookups).containsExactly(Lookup.of(hash));

    log.clear();
    List<Wakeup> wakeups = List.of(new Wakeup(hash, 5));
    b.announceByStream(s[1], wakeups);
    peers.loop.runUntilIdle();
    assertThat(log).containsExactly("s2 announce", "s1 announce", "s0 announce");
    assertThat(r1.announces).containsExactly(wakeups);

    log.clear();
    b.inactive();
    peers.loop.runUntilIdle();
    b.active();
    peers.loop.runUntilIdle();
    assertThat(log)
        .containsExactly(
            "s2 inactive", "s1 inactive", "s0 inactive", "s2 active", "s1 active", "s0 active");

    // Destroying s0 moves the last session (s2) into its slot: the order is now s1, s2, as the
    // reference's swap-remove does.
    s0.destroy();
    log.clear();
    b.broadcastLookup(null);
    peers.loop.runUntilIdle();
    assertThat(log).containsExactly("s1 lookup", "s2 lookup");
    assertThat(w1.getSessions(CAP, null)).containsExactly(s2, s1);

    log.clear();
    w2.destroy();
    peers.loop.runUntilIdle();
    assertThat(log).containsExactly("s1 inactive", "s1 remove", "s2 inactive", "s2 remove");
    assertThat(r0.count("remove")).isZero();
  }
}
