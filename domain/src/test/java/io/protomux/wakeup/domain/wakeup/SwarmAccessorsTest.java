package io.protomux.wakeup.domain.wakeup;

import static org.assertj.core.api.Assertions.assertThat;

import io.protomux.wakeup.domain.Key32;
import io.protomux.wakeup.domain.stream.NoiseSecretStream;
import org.junit.jupiter.api.Test;

/** Issue 4, case 13: the swarm's, session's, topic's and peer's accessors. */
class SwarmAccessorsTest {
  private static final Capability CAP = Peers.capability("stuffimcapableof");
  private static final Capability OTHER = Peers.capability("notthesamesecret");
  private final Peers peers = new Peers(131);

  @Test
  void accessorsReflectTheSwarmsState() {
    WakeupSwarm w1 = peers.swarm().build();
    WakeupSwarm w2 = peers.swarm().build();
    NoiseSecretStream[] s = peers.connect(w1, w2);
    Key32 topicId = peers.topicOf(CAP);
    assertThat(w1.hasStream(s[0])).as("added, not open yet").isFalse();
    peers.loop.runUntilIdle();
    assertThat(w1.hasStream(s[0])).isTrue();
    assertThat(w1.hasStream(s[1])).as("the other side's stream").isFalse();
    assertThat(w1.hasStream(s[0], CAP, null)).as("no topic yet").isFalse();
    assertThat(w1.getSessions(CAP, null)).isEmpty();
    assertThat(w1.topics()).isEmpty();

    Recorder r1 = new Recorder("a");
    WakeupSession a1 = w1.session(CAP, r1);
    WakeupSession a2 = w1.session(CAP, SessionHandlers.NONE);
    assertThat(a1.topic()).isEqualTo(topicId);
    assertThat(w1.hasStream(s[0], CAP, null)).as("pending counts").isTrue();
    WakeupPeer pending = a1.getPeer(s[0]);
    assertThat(pending.isPending()).isTrue();
    assertThat(pending.isActive()).isFalse();
    assertThat(a1.peers()).isEmpty();
    assertThat(w1.topics().get(0).pendingPeers()).containsExactly(pending);

    Recorder r2 = new Recorder("b");
    WakeupSession b = w2.session(CAP, r2, SessionOptions.DEFAULTS.withActive(false));
    peers.loop.runUntilIdle();

    assertThat(w1.getSessions(CAP, null)).containsExactly(a1, a2);
    assertThat(w1.getSessions(OTHER, topicId)).as("the discovery key wins").containsExactly(a1, a2);
    assertThat(w1.getSessions(OTHER, null)).isEmpty();
    assertThat(w1.hasStream(s[0], OTHER, topicId)).isTrue();
    assertThat(w1.hasStream(s[0], OTHER, null)).isFalse();
    assertThat(w1.hasStream(s[1], CAP, null)).isFalse();
    assertThat(a1.hasStream(s[0])).isTrue();
    assertThat(a2.hasStream(s[1])).isFalse();

    WakeupPeer peer = a1.getPeer(s[0]);
    assertThat(peer).isSameAs(pending).isSameAs(a2.getPeer(s[0])).isSameAs(r1.added.get(0));
    assertThat(a1.peers()).containsExactly(peer);
    assertThat(peer.isPending()).isFalse();
    assertThat(peer.isRemoved()).isFalse();
    assertThat(peer.isActive()).as("the remote's session is inactive").isFalse();
    assertThat(peer.stream()).isSameAs(s[0]);
    assertThat(peer.topic()).isEqualTo(topicId);
    assertThat(peer.remotePublicKey()).isEqualTo(Key32.of(s[1].publicKey()));
    assertThat(b.getPeer(s[1]).remotePublicKey()).isEqualTo(Key32.of(s[0].publicKey()));
    assertThat(b.getPeer(s[1]).isActive()).isTrue();

    assertThat(peer.userData()).isNull();
    assertThat(peer.clock()).isZero();
    peer.setUserData("mine");
    peer.setClock(42);
    assertThat(a2.getPeer(s[0]).userData()).isEqualTo("mine");
    assertThat(a2.getPeer(s[0]).clock()).isEqualTo(42);
    assertThat(b.getPeer(s[1]).userData()).as("slots are local").isNull();

    WakeupTopic topic = w1.topics().get(0);
    assertThat(w1.topics()).containsExactly(topic);
    assertThat(topic.id()).isEqualTo(topicId);
    assertThat(topic.isActive()).isTrue();
    assertThat(topic.sessions()).containsExactly(a1, a2);
    assertThat(topic.peers()).containsExactly(peer);
    assertThat(topic.pendingPeers()).isEmpty();
    assertThat(a1.isActive()).isTrue();
    assertThat(a1.isDestroyed()).isFalse();

    b.active();
    peers.loop.runUntilIdle();
    assertThat(peer.isActive()).isTrue();

    b.destroy();
    w2.destroy();
    peers.loop.runUntilIdle();
    assertThat(peer.isRemoved()).isTrue();
    assertThat(peer.isActive()).isFalse();
    assertThat(a1.getPeer(s[0])).isNull();
    assertThat(a1.peers()).isEmpty();
    assertThat(w1.hasStream(s[0], CAP, null)).isFalse();
    assertThat(w1.hasStream(s[0])).isTrue();
    assertThat(peer.userData()).as("the slot outlives the peer").isEqualTo("mine");

    a2.destroy();
    assertThat(a2.isDestroyed()).isTrue();
    assertThat(w1.getSessions(CAP, null)).containsExactly(a1);
  }

  @Test
  void sessionAddStreamOpensOnAStreamTheSwarmDoesNotHave() {
    WakeupSwarm w1 = peers.swarm().build();
    WakeupSwarm w2 = peers.swarm().build();
    NoiseSecretStream[] s = peers.connect();
    w2.addStream(s[1]);
    peers.loop.runUntilIdle();
    Recorder r1 = new Recorder("a");
    Recorder r2 = new Recorder("b");
    WakeupSession a = w1.session(CAP, r1);
    w2.session(CAP, r2);
    assertThat(a.hasStream(s[0])).isFalse();

    a.addStream(s[0]);
    a.addStream(s[0]); // at most one channel per stream and topic
    peers.loop.runUntilIdle();
    assertThat(r1.events()).containsExactly("add", "active");
    assertThat(r2.events()).containsExactly("add", "active");
    assertThat(a.hasStream(s[0])).isTrue();
    assertThat(w1.hasStream(s[0])).as("only the topic has it, as in the reference").isFalse();
    assertThat(w1.stats().peersAdded()).isEqualTo(1);
  }
}
