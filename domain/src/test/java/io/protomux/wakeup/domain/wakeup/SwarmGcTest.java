package io.protomux.wakeup.domain.wakeup;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * Issue 4, case 3: garbage collection of topics. In the reference a topic is collected only with
 * no sessions and no active remote peer, after 5 ticks of the swarm-wide GC interval.
 */
class SwarmGcTest {
  private static final long TICK = 1000;
  private static final Capability CAP = Peers.capability("stuffimcapableof");
  private final Peers peers = new Peers(31);

  private WakeupSwarm gcSwarm() {
    return peers.swarm().gcTickMillis(TICK).build();
  }

  @Test
  void anIdleTopicIsTornDownAfterExactlyFiveTicks() {
    WakeupSwarm w = gcSwarm();
    Recorder r = new Recorder("a");
    WakeupSession s = w.session(CAP, r);
    peers.loop.runFor(20 * TICK);
    assertThat(w.topics()).as("a topic with a session is never collected").hasSize(1);
    assertThat(peers.loop.pendingTasks()).as("no GC timer while nothing is idle").isZero();
    WakeupTopic topic = w.topics().get(0);

    s.destroy();
    assertThat(topic.gcing).isTrue();
    peers.loop.runFor(5 * TICK - 1);
    assertThat(w.topics()).containsExactly(topic);
    assertThat(topic.idleTicks).isEqualTo(4);
    assertThat(w.stats().topicsGcd()).isZero();

    peers.loop.runFor(1);
    assertThat(w.topics()).isEmpty();
    assertThat(w.getSessions(CAP, null)).isEmpty();
    assertThat(w.stats().topicsGcd()).isEqualTo(1);
    assertThat(w.stats().sessionsClosed()).as("only the destroy; GC has no session to close").isEqualTo(1);
    // Destroyed sessions are not told: only sessions still attached get onDestroy.
    assertThat(r.count("destroy")).isZero();
    assertThat(peers.loop.pendingTasks()).as("the GC timer stops with nothing left").isZero();
  }

  @Test
  void collectingATopicClosesItsChannelsAndItCanBeJoinedAgain() {
    WakeupSwarm w1 = gcSwarm();
    WakeupSwarm w2 = peers.swarm().build();
    peers.connect(w1, w2);
    WakeupSession a = w1.session(CAP, SessionHandlers.NONE);
    Recorder remote = new Recorder("b");
    WakeupSession b = w2.session(CAP, remote, SessionOptions.DEFAULTS.withActive(false));
    peers.loop.runUntilIdle();
    assertThat(remote.events()).containsExactly("add", "active");

    a.destroy(); // an inactive remote peer does not keep the topic
    peers.loop.runFor(5 * TICK - 1);
    assertThat(w1.topics()).hasSize(1);
    assertThat(b.peers()).hasSize(1);
    peers.loop.runFor(1);
    assertThat(w1.topics()).isEmpty();
    assertThat(b.peers()).isEmpty();
    assertThat(remote.events()).containsExactly("add", "active", "inactive", "remove");
    assertThat(w1.stats().peersRemoved()).isEqualTo(1);
    assertThat(w2.stats().peersRemoved()).isEqualTo(1);
    assertThat(w2.topics()).as("the remote keeps its topic: it has a session").hasSize(1);

    // A new session makes a new topic, which pairs with the remote again.
    w1.session(CAP, SessionHandlers.NONE);
    peers.loop.runUntilIdle();
    assertThat(w1.stats().topicsAdded()).isEqualTo(2);
    assertThat(b.peers()).hasSize(1);
    assertThat(remote.events())
        .containsExactly("add", "active", "inactive", "remove", "add", "active");
  }

  @Test
  void anActiveRemotePeerKeepsTheTopicAndItsInactivityStartsTheCountdown() {
    WakeupSwarm w1 = gcSwarm();
    WakeupSwarm w2 = peers.swarm().build();
    peers.connect(w1, w2);
    WakeupSession a = w1.session(CAP, SessionHandlers.NONE);
    WakeupSession b = w2.session(CAP, SessionHandlers.NONE);
    peers.loop.runUntilIdle();
    WakeupTopic topic = w1.topics().get(0);

    a.destroy();
    peers.loop.runFor(20 * TICK);
    assertThat(w1.topics()).containsExactly(topic);
    assertThat(topic.gcing).isFalse();
    assertThat(topic.idleTicks).isZero();

    b.inactive();
    peers.loop.runFor(0); // the info arrives (no latency)
    assertThat(topic.gcing).isTrue();
    peers.loop.runFor(5 * TICK - 1);
    assertThat(w1.topics()).containsExactly(topic);
    peers.loop.runFor(1);
    assertThat(w1.topics()).isEmpty();
    assertThat(w1.stats().topicsGcd()).isEqualTo(1);
    assertThat(b.peers()).isEmpty();
  }

  @Test
  void anActiveSessionStopsTheCountdownAndResetsIt() {
    WakeupSwarm w = gcSwarm();
    w.session(CAP, SessionHandlers.NONE).destroy();
    WakeupTopic topic = w.topics().get(0);
    peers.loop.runFor(3 * TICK);
    assertThat(topic.idleTicks).isEqualTo(3);

    WakeupSession again = w.session(CAP, SessionHandlers.NONE);
    assertThat(w.topics()).containsExactly(topic);
    assertThat(topic.idleTicks).as("the topic turned active: reset").isZero();
    peers.loop.runFor(20 * TICK);
    assertThat(w.topics()).containsExactly(topic);
    assertThat(peers.loop.pendingTasks()).isZero();

    again.destroy();
    peers.loop.runFor(5 * TICK - 1);
    assertThat(w.topics()).containsExactly(topic);
    peers.loop.runFor(1);
    assertThat(w.topics()).isEmpty();
  }

  @Test
  void anInactiveSessionStopsTheCountdownWithoutResettingIt() {
    WakeupSwarm w = gcSwarm();
    w.session(CAP, SessionHandlers.NONE).destroy();
    WakeupTopic topic = w.topics().get(0);
    peers.loop.runFor(3 * TICK);

    WakeupSession idle =
        w.session(CAP, SessionHandlers.NONE, SessionOptions.DEFAULTS.withActive(false));
    peers.loop.runFor(20 * TICK);
    assertThat(w.topics()).containsExactly(topic);
    // The reference resets idleTicks only when the topic turns active.
    assertThat(topic.idleTicks).isEqualTo(3);

    idle.destroy();
    peers.loop.runFor(2 * TICK - 1);
    assertThat(w.topics()).containsExactly(topic);
    peers.loop.runFor(1);
    assertThat(w.topics()).as("two more ticks were enough").isEmpty();
  }

  @Test
  void aRemotePeerTurningActiveStopsTheCountdownWithoutResettingIt() {
    WakeupSwarm w1 = gcSwarm();
    WakeupSwarm w2 = peers.swarm().build();
    peers.connect(w1, w2);
    WakeupSession a = w1.session(CAP, SessionHandlers.NONE);
    WakeupSession b = w2.session(CAP, SessionHandlers.NONE, SessionOptions.DEFAULTS.withActive(false));
    peers.loop.runUntilIdle();
    WakeupTopic topic = w1.topics().get(0);

    a.destroy();
    peers.loop.runFor(2 * TICK);
    assertThat(topic.idleTicks).isEqualTo(2);

    b.active();
    peers.loop.runFor(10 * TICK);
    assertThat(w1.topics()).containsExactly(topic);
    assertThat(topic.gcing).isFalse();
    // The reference resets idleTicks only when the topic itself turns active.
    assertThat(topic.idleTicks).isEqualTo(2);

    b.inactive();
    peers.loop.runFor(0);
    peers.loop.runFor(3 * TICK - 1);
    assertThat(w1.topics()).containsExactly(topic);
    peers.loop.runFor(1);
    assertThat(w1.topics()).isEmpty();
  }

  @Test
  void aTopicWithoutSessionsDoesNotAcceptRemoteOpens() {
    java.util.List<io.protomux.wakeup.domain.Key32> wakeups = new java.util.ArrayList<>();
    WakeupSwarm w1 = peers.swarm().gcTickMillis(TICK).onWakeup((id, s) -> wakeups.add(id)).build();
    WakeupSwarm w2 = peers.swarm().build();
    w1.session(CAP, SessionHandlers.NONE).destroy();
    WakeupTopic topic = w1.topics().get(0);
    peers.loop.runFor(TICK);

    // The idle topic is inactive, so a new stream gets no channel from it; the remote's open
    // goes to onwakeup although the topic still exists, as in the reference's _onpair.
    peers.connect(w1, w2);
    Recorder remote = new Recorder("b");
    WakeupSession b = w2.session(CAP, remote);
    peers.loop.runFor(0);
    assertThat(wakeups).containsExactly(topic.id());
    assertThat(topic.peers()).isEmpty();
    assertThat(topic.pendingPeers()).isEmpty();
    assertThat(remote.log).isEmpty();
    assertThat(b.peers()).isEmpty();
    assertThat(w2.stats().peersRemoved()).as("rejected").isEqualTo(1);

    peers.loop.runFor(4 * TICK - 1);
    assertThat(w1.topics()).containsExactly(topic);
    peers.loop.runFor(1);
    assertThat(w1.topics()).isEmpty();
  }

  @Test
  void ticksBelongToTheSwarmNotToTheTopic() {
    WakeupSwarm w = gcSwarm();
    w.session(CAP, SessionHandlers.NONE).destroy();
    peers.loop.runFor(TICK / 2);
    w.session(Peers.capability("anothercapabilit"), SessionHandlers.NONE).destroy();
    assertThat(w.topics()).hasSize(2);

    peers.loop.runFor(5 * TICK - TICK / 2 - 1);
    assertThat(w.topics()).hasSize(2);
    peers.loop.runFor(1);
    // The reference's single setInterval: the later topic goes after 4.5 ticks of wall time,
    // but 5 ticks of the interval.
    assertThat(w.topics()).isEmpty();
    assertThat(w.stats().topicsGcd()).isEqualTo(2);
  }

  @Test
  void theDefaultTickIsTwoSeconds() {
    WakeupSwarm w = peers.swarm().build();
    w.session(CAP, SessionHandlers.NONE).destroy();
    peers.loop.runFor(5 * WakeupSwarm.DEFAULT_GC_TICK_MILLIS - 1);
    assertThat(w.topics()).hasSize(1);
    peers.loop.runFor(1);
    assertThat(w.topics()).isEmpty();
  }
}
