package io.protomux.wakeup.adapters.inmemory.simulation;

import io.protomux.wakeup.adapters.inmemory.simulation.DhtSimNode.Placement;
import io.protomux.wakeup.domain.Key32;
import io.protomux.wakeup.domain.dht.Query;
import io.protomux.wakeup.domain.dht.QueryOptions;
import io.protomux.wakeup.domain.hyperdht.FoundPeer;
import io.protomux.wakeup.domain.hyperdht.PeerRecord;
import io.protomux.wakeup.domain.hyperswarm.JoinOptions;
import io.protomux.wakeup.domain.hyperswarm.PeerDiscovery;
import io.protomux.wakeup.domain.stream.NoiseSecretStream;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * Peers joining topics on a grown {@link DhtSimulation}: even peers on public hosts join as server
 * and client (they announce), odd peers behind consistent NATs join as clients only, since nobody
 * can reach them without holepunching. A pair is expected to connect when it shares a topic and at
 * least one of the two is public.
 */
final class TopicScenario {
  final DhtSimulation sim;
  final List<DhtSimNode> peers = new ArrayList<>();
  final List<byte[]> topics = new ArrayList<>();
  final List<BitSet> joined = new ArrayList<>();
  private final Map<Key32, Integer> peerByKey = new HashMap<>();
  private final Set<Long> expectedPairs = new HashSet<>();
  // Pair (lower index * count + higher) to the sides (1: lower, 2: higher) that got a connection.
  private final Map<Long, Integer> sides = new HashMap<>();
  private int pairsSeenBothSides;
  private final List<Long> joinedAt = new ArrayList<>();
  // Virtual time from the later join of a pair to its connection on both sides, per pair.
  private final List<Long> connectMillis = new ArrayList<>();

  private TopicScenario(DhtSimulation sim) {
    this.sim = sim;
  }

  /**
   * Between one peer's joins and the next's. Peers that join at the same moment miss each other
   * (each one's lookup runs before the other's announce is stored) until the next refresh, 10
   * minutes on, as in Hyperswarm; spaced out, a peer finds every server that joined before it at
   * once, and a client-only peer that joined before a server finds it at its refresh.
   */
  static final long TOPIC_JOIN_SPACING_MILLIS = 500;

  /**
   * How long after the last join every expected pair must be connected: a refresh interval, its
   * jitter and a minute for the queries and handshakes.
   */
  static final long MAX_CONNECT_MILLIS =
      PeerDiscovery.REFRESH_INTERVAL_MILLIS + PeerDiscovery.RANDOM_JITTER_MILLIS + 60_000;

  /**
   * Adds {@code peerCount} peers one every {@link DhtScenario#JOIN_SPACING_MILLIS}, waits for them
   * to bootstrap, and makes each join {@code topicsPerPeer} of {@code topicCount} topics, one peer
   * every {@link #TOPIC_JOIN_SPACING_MILLIS}.
   */
  static TopicScenario join(
      DhtSimulation sim, int peerCount, int topicCount, int topicsPerPeer, Random random) {
    TopicScenario scenario = new TopicScenario(sim);
    for (int i = 0; i < topicCount; i++) {
      scenario.topics.add(DhtScenario.target(random));
    }
    for (int i = 0; i < peerCount; i++) {
      DhtSimNode peer = sim.addPeer(i % 2 == 0 ? Placement.PUBLIC : Placement.CONSISTENT_NAT);
      scenario.peers.add(peer);
      scenario.peerByKey.put(Key32.of(peer.keyPair().publicKey()), i);
      int self = i;
      peer.swarm().onConnection((stream, info) -> scenario.connected(self, stream));
      BitSet chosen = new BitSet(topicCount);
      while (chosen.cardinality() < Math.min(topicsPerPeer, topicCount)) {
        chosen.set(random.nextInt(topicCount));
      }
      scenario.joined.add(chosen);
      sim.runFor(DhtScenario.JOIN_SPACING_MILLIS);
    }
    sim.runUntil(sim::allBootstrapped, DhtScenario.MAX_BOOTSTRAP_MILLIS);
    for (int i = 0; i < peerCount; i++) {
      DhtSimNode peer = scenario.peers.get(i);
      JoinOptions options = scenario.announces(i) ? JoinOptions.DEFAULTS : JoinOptions.clientOnly();
      scenario.joined.get(i).stream().forEach(t -> peer.swarm().join(scenario.topics.get(t), options));
      scenario.joinedAt.add(sim.now());
      for (int j = 0; j < i; j++) {
        if ((scenario.announces(i) || scenario.announces(j))
            && scenario.joined.get(i).intersects(scenario.joined.get(j))) {
          scenario.expectedPairs.add(scenario.pair(j, i));
        }
      }
      sim.runFor(TOPIC_JOIN_SPACING_MILLIS);
    }
    return scenario;
  }

  boolean announces(int peer) {
    return peers.get(peer).placement() == Placement.PUBLIC;
  }

  int expectedPairs() {
    return expectedPairs.size();
  }

  /**
   * For each pair connected on both sides, the virtual time from the later of the two joins to
   * then, sorted.
   */
  List<Long> connectMillis() {
    return connectMillis.stream().sorted().toList();
  }

  /** Runs until every expected pair has had a connection on both sides, or the time passes. */
  boolean runUntilConnected(long maxMillis) {
    return sim.runUntil(() -> pairsSeenBothSides >= expectedPairs.size(), maxMillis);
  }

  /** Expected pairs without an open connection on both sides now, as "p1-p4". */
  List<String> pairsNotConnected() {
    List<Set<Integer>> open = new ArrayList<>();
    for (DhtSimNode peer : peers) {
      Set<Integer> remotes = new HashSet<>();
      for (NoiseSecretStream stream : peer.swarm().connections()) {
        Integer remote = stream.isOpen() ? peerByKey.get(Key32.of(stream.remotePublicKey())) : null;
        if (remote != null) {
          remotes.add(remote);
        }
      }
      open.add(remotes);
    }
    List<String> missing = new ArrayList<>();
    for (long pair : expectedPairs.stream().sorted().toList()) {
      int low = (int) (pair / peers.size());
      int high = (int) (pair % peers.size());
      if (!open.get(low).contains(high) || !open.get(high).contains(low)) {
        missing.add(peers.get(low).name() + "-" + peers.get(high).name());
      }
    }
    return missing;
  }

  /**
   * Looks every topic up from a plain DHT node and lists the announcing peers it did not find, as
   * "topic 3: p8".
   */
  List<String> announcedNotFound(Random random, long maxMillis) {
    List<DhtSimNode> askers = new ArrayList<>();
    for (DhtSimNode node : sim.nodes()) {
      if (node.swarm() == null) {
        askers.add(node);
      }
    }
    List<String> missing = new ArrayList<>();
    for (int t = 0; t < topics.size(); t++) {
      Set<Key32> found = new HashSet<>();
      DhtSimNode asker = askers.get(random.nextInt(askers.size()));
      Query query = asker.hyperDht().lookup(topics.get(t), QueryOptions.DEFAULTS, (FoundPeer reply) -> {
        for (PeerRecord record : reply.peers()) {
          found.add(Key32.of(record.publicKey()));
        }
      });
      if (!sim.runUntil(query::isDone, maxMillis)) {
        missing.add("topic " + t + ": lookup from " + asker.name() + " never finished");
      }
      for (int i = 0; i < peers.size(); i++) {
        if (announces(i) && joined.get(i).get(t)
            && !found.contains(Key32.of(peers.get(i).keyPair().publicKey()))) {
          missing.add("topic " + t + ": " + peers.get(i).name());
        }
      }
    }
    return missing;
  }

  private long pair(int a, int b) {
    return (long) Math.min(a, b) * peers.size() + Math.max(a, b);
  }

  private void connected(int self, NoiseSecretStream stream) {
    Integer remote = peerByKey.get(Key32.of(stream.remotePublicKey()));
    if (remote == null || remote == self) {
      return;
    }
    long pair = pair(self, remote);
    if (!expectedPairs.contains(pair)) {
      return;
    }
    int side = self < remote ? 1 : 2;
    int before = sides.getOrDefault(pair, 0);
    if ((before | side) == 3 && before != 3) {
      pairsSeenBothSides++;
      connectMillis.add(sim.now() - joinedAt.get(Math.max(self, remote)));
    }
    sides.put(pair, before | side);
  }
}
