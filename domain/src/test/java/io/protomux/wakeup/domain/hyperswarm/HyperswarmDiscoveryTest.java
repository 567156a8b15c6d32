package io.protomux.wakeup.domain.hyperswarm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.protomux.wakeup.domain.Key32;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class HyperswarmDiscoveryTest extends SwarmHarness {
  private static final long MIN = 60_000;

  @Test
  void serverJoinListensOnceThenAnnouncesWithRelayAddressesClearingOnlyTheFirstTime() {
    Node a = node();
    a.swarm.join(topic, JoinOptions.serverOnly());
    run(1000);
    assertThat(net.calls("listen", a.key())).hasSize(1);
    List<FakeDhtNetwork.Call> announces = net.calls("announce", a.key());
    assertThat(announces).hasSize(1);
    assertThat(announces.get(0).clear()).isTrue();
    assertThat(announces.get(0).nodes()).isEmpty();
    // The announce waited for the listen to finish, and carries the server's relay addresses.
    assertThat(announces.get(0).at()).isEqualTo(net.queryLatency);
    assertThat(net.records.get(Key32.of(topic)).get(a.key()).relayAddresses()).containsExactly(a.dht.address);

    run(13 * MIN);
    announces = net.calls("announce", a.key());
    assertThat(announces).hasSize(2);
    assertThat(announces.get(1).clear()).isFalse();
    assertThat(announces.get(1).nodes()).isEqualTo(FakeDhtNetwork.NODES);
    assertThat(net.calls("listen", a.key())).hasSize(1);
  }

  @Test
  void refreshesComeEveryTenMinutesPlusUpToTwoOfJitterAndTheJitterVaries() {
    Node a = node();
    a.swarm.join(topic, JoinOptions.clientOnly());
    run(3 * 60 * MIN);
    List<FakeDhtNetwork.Call> lookups = net.calls("lookup", a.key());
    assertThat(lookups.size()).isBetween(15, 19);
    List<Long> gaps = new ArrayList<>();
    for (int i = 1; i < lookups.size(); i++) {
      // The next refresh is scheduled when the previous query finished.
      gaps.add(lookups.get(i).at() - lookups.get(i - 1).at() - net.queryLatency);
    }
    assertThat(gaps).allSatisfy(g -> assertThat(g).isBetween(10 * MIN, 12 * MIN));
    assertThat(gaps.stream().distinct().count()).isGreaterThan(1);
  }

  @Test
  void clientOnlyLooksUpAndAfterAnnouncingUnannouncesWithTheLookupOnce() {
    Node a = node();
    PeerDiscoverySession session = a.swarm.join(topic, JoinOptions.clientOnly());
    run(1000);
    assertThat(net.calls("lookup", a.key())).hasSize(1);
    assertThat(net.calls("announce", a.key())).isEmpty();

    session.refresh(JoinOptions.DEFAULTS);
    run(1000);
    assertThat(net.hasRecord(topic, a.publicKey())).isTrue();
    assertThat(a.swarm.status(topic).isAnnounced()).isTrue();

    session.refresh(JoinOptions.clientOnly());
    run(1000);
    List<FakeDhtNetwork.Call> unannouncing = net.calls("lookupAndUnannounce", a.key());
    assertThat(unannouncing).hasSize(1);
    assertThat(unannouncing.get(0).nodes()).isEqualTo(FakeDhtNetwork.NODES);
    assertThat(net.hasRecord(topic, a.publicKey())).isFalse();
    assertThat(a.swarm.status(topic).isAnnounced()).isFalse();

    run(13 * MIN);
    assertThat(net.calls("lookup", a.key())).hasSize(2);
    assertThat(net.calls("lookupAndUnannounce", a.key())).hasSize(1);
  }

  @Test
  void aModeChangeCancelsTheRunningQueryAndRefreshesAtOnce() {
    Node a = node();
    PeerDiscoverySession session = a.swarm.join(topic, JoinOptions.clientOnly());
    run(net.queryLatency / 2);
    long changedAt = net.loop.nowMillis();
    session.refresh(JoinOptions.DEFAULTS);
    assertThat(net.calls("listen", a.key())).hasSize(1);
    assertThat(net.calls("listen", a.key()).get(0).at()).isEqualTo(changedAt);
    run(1000);
    assertThat(net.calls("announce", a.key())).hasSize(1);
    // The cancelled lookup found nothing to remember: the announce starts from scratch.
    assertThat(net.calls("announce", a.key()).get(0).nodes()).isEmpty();
    // One refresh timer only: the cancelled lookup did not arm a second one.
    run(13 * MIN);
    assertThat(net.calls("announce", a.key())).hasSize(2);
    assertThat(net.calls("lookup", a.key())).hasSize(1);
  }

  @Test
  void sessionsShareTheTopicAndTheLastServerSessionLeavingTurnsItClientOnly() {
    Node a = node();
    PeerDiscoverySession client = a.swarm.join(topic, JoinOptions.clientOnly());
    PeerDiscoverySession server = a.swarm.join(topic, JoinOptions.serverOnly());
    run(1000);
    assertThat(a.swarm.topics()).hasSize(1);
    PeerDiscovery d = a.swarm.status(topic);
    assertThat(d.isServer()).isTrue();
    assertThat(d.isClient()).isTrue();
    server.destroy();
    run(1000);
    assertThat(d.isServer()).isFalse();
    assertThat(net.calls("lookupAndUnannounce", a.key())).hasSize(1);
    client.destroy();
    assertThat(a.swarm.status(topic)).isNull();
    assertThat(d.isDestroyed()).isTrue();
  }

  @Test
  void leaveUnannouncesFromTheRememberedNodesAndKeepsConnections() {
    Node a = node();
    Node b = node();
    a.swarm.join(topic, JoinOptions.serverOnly());
    run(1000);
    b.swarm.join(topic, JoinOptions.clientOnly());
    run(1000);
    assertThat(a.swarm.connections()).hasSize(1);

    a.swarm.leave(topic);
    List<FakeDhtNetwork.Call> unannounces = net.calls("unannounce", a.key());
    assertThat(unannounces).hasSize(1);
    assertThat(unannounces.get(0).nodes()).isEqualTo(FakeDhtNetwork.NODES);
    run(1000);
    assertThat(net.hasRecord(topic, a.publicKey())).isFalse();
    assertThat(a.swarm.status(topic)).isNull();
    assertThat(a.swarm.connections()).hasSize(1);
    assertThat(b.swarm.connections()).hasSize(1);
    int before = net.calls("announce", a.key()).size();
    run(30 * MIN);
    assertThat(net.calls("announce", a.key())).hasSize(before);
  }

  @Test
  void leaveWhileTheFirstAnnounceRunsHasNoNodesToUnannounceFrom() {
    Node a = node();
    a.swarm.join(topic, JoinOptions.serverOnly());
    run(net.queryLatency + 10);
    a.swarm.leave(topic);
    // The reference would unannounce from the cancelled query's partial closest nodes; ours has none.
    assertThat(net.calls("unannounce", a.key())).isEmpty();
    run(30 * MIN);
    assertThat(net.calls("announce", a.key())).hasSize(1);
  }

  @Test
  void flushedWaitsForListenAndTheRefresh() {
    Node a = node();
    PeerDiscoverySession session = a.swarm.join(topic);
    List<Long> flushedAt = new ArrayList<>();
    session.flushed(ok -> flushedAt.add(ok ? net.loop.nowMillis() : -1));
    run(1000);
    assertThat(flushedAt).containsExactly(2 * net.queryLatency);
  }

  @Test
  void aFailedListenFailsTheRefreshAndIsRetriedAtTheNext() {
    Node a = node();
    a.dht.failListen = true;
    PeerDiscoverySession session = a.swarm.join(topic, JoinOptions.serverOnly());
    List<Boolean> results = new ArrayList<>();
    session.flushed(results::add);
    run(1000);
    assertThat(results).containsExactly(false);
    assertThat(net.calls("announce", a.key())).isEmpty();
    a.dht.failListen = false;
    run(13 * MIN);
    assertThat(net.calls("listen", a.key())).hasSize(2);
    assertThat(net.calls("announce", a.key())).hasSize(1);
  }

  @Test
  void topicsMustBe32BytesAndADestroyedSwarmRefusesJoins() {
    Node a = node();
    assertThatThrownBy(() -> a.swarm.join(new byte[31])).isInstanceOf(IllegalArgumentException.class);
    a.swarm.destroy();
    assertThatThrownBy(() -> a.swarm.join(topic)).isInstanceOf(IllegalStateException.class);
  }
}
