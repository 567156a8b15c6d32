package io.protomux.wakeup.domain.wakeup;

import static org.assertj.core.api.Assertions.assertThat;

import io.protomux.wakeup.domain.Key32;
import io.protomux.wakeup.domain.protomux.Protomux;
import io.protomux.wakeup.domain.stream.NoiseSecretStream;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Issue 4, cases 5, 6 and 11: late sessions, swarm destroy, and streams closing. */
class SwarmLifecycleTest {
  private static final Capability CAP = Peers.capability("stuffimcapableof");
  private static final Capability CAP2 = Peers.capability("secondcapability");
  private static final Capability CAP3 = Peers.capability("thirdcapabilityy");
  private final Peers peers = new Peers(41);

  @Test
  void aSessionCreatedAfterTheStreamWasAddedOpensItsChannelAndPairs() {
    List<Key32> wakeups = new ArrayList<>();
    WakeupSwarm w1 = peers.swarm().build();
    WakeupSwarm w2 = peers.swarm().onWakeup((id, stream) -> wakeups.add(id)).build();
    NoiseSecretStream[] s = peers.connect(w1, w2);
    peers.loop.runUntilIdle();
    assertThat(w1.hasStream(s[0])).isTrue();
    assertThat(w1.topics()).isEmpty();

    Recorder r1 = new Recorder("a");
    WakeupSession a = w1.session(CAP, r1);
    assertThat(a.getPeer(s[0]).isPending()).as("opened at once on the known stream").isTrue();
    peers.loop.runUntilIdle();
    // The remote had no session: onwakeup, and our channel is rejected.
    assertThat(wakeups).containsExactly(a.topic());
    assertThat(a.hasStream(s[0])).isFalse();
    assertThat(r1.log).isEmpty();
    assertThat(w1.stats().peersAdded()).isEqualTo(1);
    assertThat(w1.stats().peersRemoved()).isEqualTo(1);

    // A session created later on the remote opens its channel, and ours follows (onpair).
    Recorder r2 = new Recorder("b");
    WakeupSession b = w2.session(CAP, r2);
    peers.loop.runUntilIdle();
    assertThat(r1.events()).containsExactly("add", "active");
    assertThat(r2.events()).containsExactly("add", "active");
    assertThat(a.peers()).hasSize(1);
    assertThat(b.peers()).hasSize(1);
    assertThat(w1.stats().peersAdded()).isEqualTo(2);
    assertThat(wakeups).hasSize(1);

    a.lookupByStream(s[0], null);
    b.lookupByStream(s[1], null);
    peers.loop.runUntilIdle();
    assertThat(r1.count("lookup")).isEqualTo(1);
    assertThat(r2.count("lookup")).isEqualTo(1);
  }

  @Test
  void bothSessionsCreatedAfterTheStreamsOpenedPairWithoutOnWakeup() {
    List<Key32> wakeups = new ArrayList<>();
    WakeupSwarm w1 = peers.swarm().onWakeup((id, stream) -> wakeups.add(id)).build();
    WakeupSwarm w2 = peers.swarm().onWakeup((id, stream) -> wakeups.add(id)).build();
    peers.connect(w1, w2);
    peers.loop.runUntilIdle();
    Recorder r1 = new Recorder("a");
    Recorder r2 = new Recorder("b");
    w1.session(CAP, r1);
    w2.session(CAP, r2);
    peers.loop.runUntilIdle();
    assertThat(r1.events()).containsExactly("add", "active");
    assertThat(r2.events()).containsExactly("add", "active");
    assertThat(wakeups).isEmpty();
    assertThat(w1.stats().peersAdded()).isEqualTo(1);
    assertThat(w1.stats().peersRemoved()).isZero();
  }

  @Test
  void aSessionCreatedInOnWakeupAcceptsTheRemoteChannel() {
    WakeupSwarm[] holder = new WakeupSwarm[1];
    Recorder r2 = new Recorder("b");
    WakeupSwarm w1 = peers.swarm().build();
    WakeupSwarm w2 =
        peers
            .swarm()
            .onWakeup(
                (id, stream) ->
                    holder[0].session(CAP, r2, SessionOptions.DEFAULTS.withDiscoveryKey(id)))
            .build();
    holder[0] = w2;
    peers.connect(w1, w2);
    Recorder r1 = new Recorder("a");
    w1.session(CAP, r1);
    peers.loop.runUntilIdle();
    assertThat(r1.events()).containsExactly("add", "active");
    assertThat(r2.events()).containsExactly("add", "active");
    assertThat(w1.stats().peersRemoved()).isZero();
    assertThat(w2.stats().peersAdded()).isEqualTo(1);
  }

  @Test
  void addStreamOpensOnlyActiveTopicsAndATopicTurningActiveOpensTheRest() {
    WakeupSwarm w1 = peers.swarm().build();
    WakeupSwarm w2 = peers.swarm().build();
    WakeupSession idle =
        w1.session(CAP, SessionHandlers.NONE, SessionOptions.DEFAULTS.withActive(false));
    WakeupSession busy = w1.session(CAP2, SessionHandlers.NONE);
    NoiseSecretStream[] s = peers.connect(w1, w2);
    peers.loop.runUntilIdle();
    assertThat(idle.hasStream(s[0])).isFalse();
    assertThat(w1.stats().peersAdded()).as("only the active topic opened").isEqualTo(1);
    assertThat(busy.hasStream(s[0])).as("rejected: the remote has no session").isFalse();

    idle.active();
    assertThat(idle.getPeer(s[0])).as("turning active opened it").isNotNull();
    assertThat(idle.getPeer(s[0]).isPending()).isTrue();
    assertThat(w1.stats().peersAdded()).isEqualTo(2);
    Recorder remote = new Recorder("b");
    w2.session(CAP, remote);
    peers.loop.runUntilIdle();
    assertThat(idle.peers()).hasSize(1);
    assertThat(remote.events()).containsExactly("add", "active");
    assertThat(w1.stats().wireInfoTx()).as("no peer yet when it turned active").isZero();
  }

  @Test
  void destroyClosesEveryChannelAndTellsEverySessionStillAttached() {
    WakeupSwarm w1 = peers.swarm().build();
    WakeupSwarm w2 = peers.swarm().build();
    NoiseSecretStream[] s = peers.connect(w1, w2);
    List<String> log = new ArrayList<>();
    Recorder a1 = new Recorder("a1", log);
    Recorder a2 = new Recorder("a2", log);
    Recorder a3 = new Recorder("a3", log);
    Recorder a4 = new Recorder("a4", log);
    w1.session(CAP, a1);
    w1.session(CAP, a2);
    w1.session(CAP2, a3);
    WakeupSession gone = w1.session(CAP3, a4);
    Recorder b1 = new Recorder("b1");
    Recorder b2 = new Recorder("b2");
    Recorder b3 = new Recorder("b3");
    w2.session(CAP, b1);
    w2.session(CAP2, b2);
    w2.session(CAP3, b3);
    peers.loop.runUntilIdle();
    assertThat(Protomux.from(s[0]).channels()).hasSize(3);

    gone.destroy(); // its topic stays: the remote peer on it is active
    peers.loop.runUntilIdle();
    assertThat(w1.topics()).hasSize(3);
    log.clear();

    w1.destroy();
    peers.loop.runUntilIdle();

    // Each topic closes its channels (the local sessions see the peer go), then tells its
    // remaining sessions, last index first, as the reference's teardown does.
    assertThat(log)
        .containsExactly(
            "a2 inactive",
            "a2 remove",
            "a1 inactive",
            "a1 remove",
            "a2 destroy",
            "a1 destroy",
            "a3 inactive",
            "a3 remove",
            "a3 destroy");
    assertThat(a4.count("destroy")).as("destroyed sessions are not told").isZero();
    assertThat(a1.sessions.get(a1.sessions.size() - 1).topic()).isEqualTo(peers.topicOf(CAP));
    for (Recorder b : List.of(b1, b2, b3)) {
      assertThat(b.events()).as(b.name).containsExactly("add", "active", "inactive", "remove");
    }
    assertThat(w1.topics()).isEmpty();
    assertThat(Protomux.from(s[0]).channels()).isEmpty();
    assertThat(Protomux.from(s[1]).channels()).isEmpty();
    WakeupStats st = w1.stats();
    assertThat(st.topicsGcd()).isEqualTo(3);
    assertThat(st.sessionsClosed()).as("1 destroy + 3 still attached").isEqualTo(4);
    assertThat(st.peersRemoved()).isEqualTo(3);
    assertThat(w2.stats().peersRemoved()).isEqualTo(3);
    assertThat(w2.topics()).hasSize(3);
    // The reference leaves the streams themselves alone.
    assertThat(s[0].isOpen()).isTrue();
    assertThat(w1.hasStream(s[0])).isTrue();

    w1.destroy(); // again: nothing left to do
    peers.loop.runUntilIdle();
    assertThat(w1.stats()).isEqualTo(st);
  }

  @Test
  void aSessionOfADestroyedSwarmCanReopenItsTornDownTopic() {
    WakeupSwarm w1 = peers.swarm().build();
    WakeupSwarm w2 = peers.swarm().build();
    NoiseSecretStream[] s = peers.connect(w1, w2);
    Recorder a = new Recorder("a");
    Recorder b = new Recorder("b");
    WakeupSession s1 = w1.session(CAP, a);
    w2.session(CAP, b);
    peers.loop.runUntilIdle();
    w1.destroy();
    peers.loop.runUntilIdle();
    assertThat(w1.topics()).isEmpty();

    // The reference's teardown leaves sessions attached and active() still calls _onActive, so
    // the torn-down topic opens its channel again and pairs, outside swarm.topics.
    s1.inactive();
    s1.active();
    peers.loop.runUntilIdle();
    assertThat(w1.topics()).isEmpty();
    assertThat(s1.peers()).hasSize(1);
    assertThat(a.events()).containsExactly(
        "add", "active", "inactive", "remove", "destroy", "add", "active");
    assertThat(b.events()).containsExactly(
        "add", "active", "inactive", "remove", "add", "active");
    assertThat(w1.hasStream(s[0], CAP, null)).as("the swarm no longer knows the topic").isFalse();
  }

  @Test
  void destroyAlsoClosesPendingChannels() {
    WakeupSwarm w1 = peers.swarm().build();
    WakeupSwarm w2 = peers.swarm().build();
    Peers.Wire wire = peers.wire(w1, w2, 50);
    peers.loop.runUntilIdle();
    Recorder a = new Recorder("a");
    Recorder b = new Recorder("b");
    WakeupSession s1 = w1.session(CAP, a);
    w2.session(CAP, b);
    peers.loop.runFor(10);
    WakeupPeer pending = s1.getPeer(wire.a());
    assertThat(pending.isPending()).isTrue();

    w1.destroy();
    assertThat(pending.isRemoved()).isTrue();
    assertThat(w1.stats().peersRemoved()).isEqualTo(1);
    assertThat(a.events()).containsExactly("destroy");
    peers.loop.runUntilIdle();
    // Our open still arrives first, so the remote sees the peer come and go.
    assertThat(b.events()).containsExactly("add", "active", "inactive", "remove");
    assertThat(a.events()).containsExactly("destroy");
    assertThat(Protomux.from(wire.a()).channels()).isEmpty();
    assertThat(Protomux.from(wire.b()).channels()).isEmpty();
    assertThat(w2.stats().peersRemoved()).isEqualTo(1);
    assertThat(wire.a().isOpen()).isTrue();
  }

  @Test
  void droppingTheLinkRemovesEveryPeerOnItExactlyOnce() {
    WakeupSwarm w1 = peers.swarm().build();
    WakeupSwarm w2 = peers.swarm().build();
    WakeupSwarm w3 = peers.swarm().build();
    Peers.Wire ab = peers.wire(w1, w2);
    Peers.Wire ac = peers.wire(w1, w3);
    Recorder a1 = new Recorder("a1");
    Recorder a2 = new Recorder("a2");
    Recorder a3 = new Recorder("a3");
    WakeupSession s1 = w1.session(CAP, a1);
    w1.session(CAP2, a2);
    w1.session(CAP3, a3);
    Recorder b = new Recorder("b");
    WakeupSession b1 = w2.session(CAP, b);
    w2.session(CAP2, SessionHandlers.NONE);
    w2.session(CAP3, SessionHandlers.NONE);
    Recorder c = new Recorder("c");
    w3.session(CAP, c);
    peers.loop.runUntilIdle();
    assertThat(s1.peers()).hasSize(2);
    WakeupPeer onB = s1.getPeer(ab.a());
    // CAP2 and CAP3 also opened towards C, which has no session for them: rejected.
    assertThat(w1.stats().peersRemoved()).isEqualTo(2);

    ab.link().drop();
    peers.loop.runUntilIdle();

    assertThat(a1.events()).containsExactly("add", "active", "add", "active", "inactive", "remove");
    assertThat(a1.removed).containsExactly(onB);
    assertThat(onB.isRemoved()).isTrue();
    assertThat(a2.events()).containsExactly("add", "active", "inactive", "remove");
    assertThat(a3.events()).containsExactly("add", "active", "inactive", "remove");
    assertThat(b.events()).containsExactly("add", "active", "inactive", "remove");
    assertThat(c.events()).containsExactly("add", "active");
    assertThat(w1.stats().peersRemoved()).isEqualTo(2 + 3);
    assertThat(w2.stats().peersRemoved()).isEqualTo(3);
    assertThat(w3.stats().peersRemoved()).isZero();
    assertThat(w1.hasStream(ab.a())).isFalse();
    assertThat(w2.hasStream(ab.b())).isFalse();
    assertThat(w1.hasStream(ac.a())).isTrue();
    assertThat(w1.hasStream(ab.a(), CAP, null)).isFalse();
    assertThat(b1.peers()).isEmpty();
    assertThat(s1.peers()).hasSize(1);
    assertThat(s1.peers().get(0).stream()).isSameAs(ac.a());

    assertThat(onB.remotePublicKey()).as("still readable once gone").isEqualTo(Key32.of(ab.b().publicKey()));
    // Sending to a removed peer is harmless; the reference counts it all the same.
    s1.lookup(onB, null);
    s1.announce(onB, List.of());
    assertThat(w1.stats().wireLookupTx()).isEqualTo(1);
    assertThat(w1.stats().wireAnnounceTx()).isEqualTo(1);

    // Nothing more happens later, and the other connection still works.
    peers.loop.runFor(60_000);
    assertThat(w1.stats().peersRemoved()).isEqualTo(2 + 3);
    assertThat(a1.count("remove")).isEqualTo(1);
    s1.broadcastLookup(null);
    peers.loop.runUntilIdle();
    assertThat(c.count("lookup")).isEqualTo(1);
    assertThat(w1.stats().wireLookupTx()).isEqualTo(2);
  }

  @Test
  void destroyingTheStreamLocallyRemovesThePeersOnBothSides() {
    WakeupSwarm w1 = peers.swarm().build();
    WakeupSwarm w2 = peers.swarm().build();
    NoiseSecretStream[] s = peers.connect(w1, w2);
    Recorder a = new Recorder("a");
    Recorder b = new Recorder("b");
    w1.session(CAP, a);
    w1.session(CAP2, SessionHandlers.NONE);
    w2.session(CAP, b);
    w2.session(CAP2, SessionHandlers.NONE);
    peers.loop.runUntilIdle();

    s[0].destroy(null);
    assertThat(w1.hasStream(s[0])).as("forgotten as it closes").isFalse();
    assertThat(a.events()).containsExactly("add", "active", "inactive", "remove");
    peers.loop.runUntilIdle();
    assertThat(s[1].isClosed()).isTrue();
    assertThat(w2.hasStream(s[1])).isFalse();
    assertThat(b.events()).containsExactly("add", "active", "inactive", "remove");
    assertThat(w1.stats().peersRemoved()).isEqualTo(2);
    assertThat(w2.stats().peersRemoved()).isEqualTo(2);

    // A closed stream added again is ignored.
    w1.addStream(s[0]);
    peers.loop.runUntilIdle();
    assertThat(w1.hasStream(s[0])).isFalse();
  }

  @Test
  void endingTheStreamRemovesThePeersOnBothSides() {
    WakeupSwarm w1 = peers.swarm().build();
    WakeupSwarm w2 = peers.swarm().build();
    NoiseSecretStream[] s = peers.connect(w1, w2);
    Recorder a = new Recorder("a");
    Recorder b = new Recorder("b");
    w1.session(CAP, a);
    w2.session(CAP, b);
    peers.loop.runUntilIdle();

    s[0].end();
    peers.loop.runUntilIdle();
    assertThat(s[0].isClosed()).isTrue();
    assertThat(s[1].isClosed()).isTrue();
    assertThat(a.events()).containsExactly("add", "active", "inactive", "remove");
    assertThat(b.events()).containsExactly("add", "active", "inactive", "remove");
    assertThat(w1.hasStream(s[0])).isFalse();
    assertThat(w2.hasStream(s[1])).isFalse();
    assertThat(w1.stats().peersRemoved()).isEqualTo(1);
    assertThat(w2.stats().peersRemoved()).isEqualTo(1);
  }
}
