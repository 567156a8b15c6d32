package io.protomux.wakeup.domain.hyperswarm;

import static org.assertj.core.api.Assertions.assertThat;

import io.protomux.wakeup.domain.Key32;
import io.protomux.wakeup.domain.stream.NoiseSecretStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class HyperswarmConnectionTest extends SwarmHarness {
  private List<Node> servers(int count) {
    List<Node> out = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      Node s = node();
      s.swarm.join(topic, JoinOptions.serverOnly());
      out.add(s);
    }
    run(1000);
    return out;
  }

  @Test
  void aServerAndAClientFindEachOtherAndConnectOnce() {
    Node a = node();
    Node b = node();
    a.swarm.join(topic, JoinOptions.serverOnly());
    run(1000);
    b.swarm.join(topic, JoinOptions.clientOnly());
    run(1000);
    assertThat(a.connectionEvents).hasSize(1);
    assertThat(b.connectionEvents).hasSize(1);
    NoiseSecretStream out = b.connectionEvents.get(0);
    assertThat(out.isInitiator()).isTrue();
    assertThat(out.remotePublicKey()).isEqualTo(a.publicKey());
    assertThat(a.connectionEvents.get(0).remotePublicKey()).isEqualTo(b.publicKey());
    PeerInfo bSeesA = b.peerEvents.get(0);
    assertThat(bSeesA.client()).isTrue();
    assertThat(bSeesA.proven()).isTrue();
    assertThat(bSeesA.topics()).containsExactly(topic);
    assertThat(bSeesA.relayAddresses()).containsExactly(a.dht.address);
    assertThat(a.peerEvents.get(0).server()).isTrue();
    assertThat(a.peerEvents.get(0).topics()).isEmpty();
    assertThat(a.swarm.peers()).hasSize(1);
    // A later refresh finds the same peer connected and does not dial again.
    run(13 * 60_000);
    assertThat(net.calls("connect", b.key())).hasSize(1);
    assertThat(b.connectionEvents).hasSize(1);
  }

  @Test
  void theLimitCapsHowManyFoundPeersAreDialled() {
    servers(5);
    Node c = node();
    c.swarm.join(topic, JoinOptions.clientOnly().withLimit(2));
    run(2000);
    assertThat(net.calls("connect", c.key())).hasSize(2);
    assertThat(c.swarm.connections()).hasSize(2);
    // The connected two count against the limit at the next refresh.
    run(13 * 60_000);
    assertThat(net.calls("connect", c.key())).hasSize(2);
  }

  @Test
  void maxParallelBoundsAttemptsInFlightAndMaxPeersBoundsConnections() {
    servers(6);
    Node c = node(HyperswarmOptions.DEFAULTS.withMaxParallel(2));
    int[] most = {0};
    c.swarm.onUpdate(() -> most[0] = Math.max(most[0], c.swarm.connecting()));
    c.swarm.join(topic, JoinOptions.clientOnly());
    run(3000);
    assertThat(most[0]).isEqualTo(2);
    assertThat(c.swarm.connections()).hasSize(6);

    Node d = node(HyperswarmOptions.DEFAULTS.withMaxPeers(3));
    d.swarm.join(topic, JoinOptions.clientOnly());
    run(3000);
    assertThat(d.swarm.connections()).hasSize(3);
    assertThat(net.calls("connect", d.key())).hasSize(3);
  }

  @Test
  void maxClientConnectionsBoundsOutgoingConnections() {
    servers(4);
    Node c = node(HyperswarmOptions.DEFAULTS.withMaxClientConnections(1));
    c.swarm.join(topic, JoinOptions.clientOnly());
    run(3000);
    assertThat(c.swarm.connections()).hasSize(1);
  }

  @Test
  void theFirewallBansARejectedKeyBeforeDiallingAndOnIncomingHandshakes() {
    List<Node> s = servers(2);
    Node rejected = s.get(0);
    Node c = node(HyperswarmOptions.DEFAULTS.withFirewall(key -> Arrays.equals(key, rejected.publicKey())));
    c.swarm.join(topic, JoinOptions.clientOnly());
    run(2000);
    assertThat(net.calls("connect", c.key()).stream().map(FakeDhtNetwork.Call::target))
        .containsExactly(s.get(1).key());
    assertThat(c.swarm.peer(rejected.publicKey()).banned()).isTrue();
    assertThat(c.bans).extracting(PeerInfo::key).containsExactly(rejected.key());
    assertThat(c.swarm.stats().bannedPeers()).isEqualTo(1);

    // Incoming: a server whose firewall rejects the client refuses it and bans it.
    Node guarded = node(HyperswarmOptions.DEFAULTS.withFirewall(key -> Arrays.equals(key, c.publicKey())));
    guarded.swarm.join(topic(2), JoinOptions.serverOnly());
    run(1000);
    c.swarm.join(topic(2), JoinOptions.clientOnly());
    run(2000);
    assertThat(guarded.swarm.connections()).isEmpty();
    assertThat(guarded.swarm.peer(c.publicKey()).banned()).isTrue();
    assertThat(c.connectionTo(guarded)).isNull();
    // A banned key is refused again without asking the firewall.
    assertThat(guarded.swarm.stats().bannedPeers()).isEqualTo(1);
  }

  @Test
  void ourOwnKeyIsNeverDialledNorRemembered() {
    Node a = node();
    a.swarm.join(topic);
    run(2000);
    run(13 * 60_000);
    assertThat(net.hasRecord(topic, a.publicKey())).isTrue();
    assertThat(net.calls("connect", a.key())).isEmpty();
    assertThat(a.swarm.peers()).isEmpty();
    a.swarm.joinPeer(a.publicKey());
    run(2000);
    assertThat(net.calls("connect", a.key())).isEmpty();
    assertThat(a.swarm.peers()).isEmpty();
  }

  @Test
  void flushResolvesOnceEveryQueuedPeerWasAttempted() {
    List<Node> s = servers(3);
    byte[] ghost = net.crypto.keyPair().publicKey();
    net.announceRecord(topic, ghost); // found but not listening: its connect fails
    Node c = node(HyperswarmOptions.DEFAULTS.withMaxParallel(1));
    c.swarm.join(topic, JoinOptions.clientOnly());
    List<String> seen = new ArrayList<>();
    c.swarm.flush(
        ok -> seen.add(ok + " attempted=" + c.swarm.stats().clientAttempted() + " connecting=" + c.swarm.connecting()
            + " open=" + c.swarm.connections().size()));
    run(net.queryLatency + 20);
    assertThat(seen).isEmpty();
    assertThat(c.swarm.stats().clientAttempted()).isLessThan(4);
    run(5000);
    assertThat(seen).containsExactly("true attempted=4 connecting=0 open=3");
    assertThat(s).allSatisfy(n -> assertThat(n.swarm.connections()).hasSize(1));
  }

  @Test
  void flushWithNothingToDoResolvesAtOnce() {
    Node a = node();
    List<Boolean> seen = new ArrayList<>();
    a.swarm.flush(seen::add);
    assertThat(seen).containsExactly(true);
  }

  @Test
  void destroyLeavesTopicsClosesTheServerAndConnectionsAndFailsPendingFlushes() {
    Node a = node();
    Node b = node();
    a.swarm.join(topic, JoinOptions.serverOnly());
    run(1000);
    b.swarm.join(topic, JoinOptions.clientOnly());
    run(1000);
    NoiseSecretStream atB = b.connectionTo(a);
    assertThat(atB).isNotNull();
    net.announceRecord(topic(3), net.crypto.keyPair().publicKey());
    b.swarm.join(topic(3), JoinOptions.clientOnly());
    List<Boolean> flushed = new ArrayList<>();
    a.swarm.destroy();
    b.swarm.flush(flushed::add);
    b.swarm.destroy();
    run(1000);
    assertThat(flushed).containsExactly(false);
    assertThat(net.calls("unannounce", a.key())).hasSize(1);
    assertThat(net.calls("closeServer", a.key())).hasSize(1);
    assertThat(net.hasRecord(topic, a.publicKey())).isFalse();
    assertThat(atB.isClosed()).isTrue();
    assertThat(a.swarm.connections()).isEmpty();
    assertThat(b.swarm.connections()).isEmpty();
    // Nothing keeps running: no refresh timer and no retry is left on the loop.
    net.loop.runUntilIdle();
    assertThat(net.loop.pendingTasks()).isZero();
  }

  @Test
  void theQueueIsBoundedAndWhatDoesNotFitIsCountedAndForgotten() {
    servers(6);
    Node c = node(HyperswarmOptions.DEFAULTS.withMaxParallel(1).withMaxQueued(2));
    c.swarm.join(topic, JoinOptions.clientOnly());
    run(net.queryLatency + 1);
    // Six found: one dialled at once, two queued, three not queued and not kept.
    assertThat(c.swarm.stats().peersNotQueued()).isEqualTo(3);
    assertThat(c.swarm.peers()).hasSize(3);
    run(3000);
    assertThat(c.swarm.connections()).hasSize(3);
    // The next refresh finds the others again.
    run(13 * 60_000);
    assertThat(c.swarm.connections()).hasSize(6);
  }

  @Test
  void peerInfosAreBoundedAndWhatDoesNotFitIsCounted() {
    servers(6);
    Node c = node(HyperswarmOptions.DEFAULTS.withMaxParallel(1).withMaxPeerInfos(4));
    c.swarm.join(topic, JoinOptions.clientOnly());
    run(net.queryLatency + 1);
    assertThat(c.swarm.stats().peersNotRemembered()).isEqualTo(2);
    assertThat(c.swarm.peers()).hasSize(4);
    run(3000);
    assertThat(c.swarm.connections()).hasSize(4);
  }

  @Test
  void explicitPeersAreDialledAndRedialledAfterAClose() {
    Node a = node();
    Node b = node();
    a.swarm.listen();
    run(500);
    b.swarm.joinPeer(a.publicKey());
    run(500);
    NoiseSecretStream first = b.connectionTo(a);
    assertThat(first).isNotNull();
    assertThat(b.swarm.peer(a.publicKey()).explicit()).isTrue();
    first.destroy(null);
    run(5000);
    NoiseSecretStream second = b.connectionTo(a);
    assertThat(second).isNotNull().isNotSameAs(first);
    b.swarm.leavePeer(a.publicKey());
    second.destroy(null);
    run(60_000);
    assertThat(b.connectionTo(a)).isNull();
    assertThat(b.swarm.peer(a.publicKey())).isNull();
  }

  @Test
  void theKeyOfEveryPeerIsItsRemoteKey() {
    List<Node> s = servers(2);
    Node c = node();
    c.swarm.join(topic, JoinOptions.clientOnly());
    run(2000);
    assertThat(c.swarm.peers().stream().map(PeerInfo::key))
        .containsExactlyInAnyOrder(s.get(0).key(), s.get(1).key());
    assertThat(c.swarm.peers()).allSatisfy(p -> assertThat(Key32.of(p.publicKey())).isEqualTo(p.key()));
  }
}
