package io.protomux.wakeup.adapters.inmemory.simulation;

import io.protomux.wakeup.domain.dht.DhtPeer;
import io.protomux.wakeup.domain.dht.PeerAddress;
import io.protomux.wakeup.domain.dht.Query;
import io.protomux.wakeup.domain.dht.QueryOptions;
import io.protomux.wakeup.domain.dht.Reply;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * What a healthy DHT network looks like, checked against a {@link DhtSimulation}'s ground truth:
 * each check returns what violates it (empty when it holds), named so that a failure says which
 * node and why.
 */
public final class DhtInvariants {
  private DhtInvariants() {}

  /** Nodes that have not bootstrapped. */
  public static List<String> notBootstrapped(DhtSimulation sim) {
    List<String> violations = new ArrayList<>();
    for (DhtSimNode node : sim.nodes()) {
      if (!node.bootstrapped()) {
        violations.add(node.toString());
      }
    }
    return violations;
  }

  /**
   * Nodes whose state does not fit where they sit: public and bootstrap nodes that are not
   * persistent and unfirewalled (bootstrap nodes only when there are two or more), public peers
   * that are persistent or firewalled, nodes behind NATs that are persistent or unfirewalled.
   */
  public static List<String> misplacedStates(DhtSimulation sim) {
    boolean bootstrapsPersist = sim.bootstrapAddresses().size() > 1;
    List<String> violations = new ArrayList<>();
    for (DhtSimNode node : sim.nodes()) {
      boolean persistent = !node.dht().ephemeral();
      boolean open = !node.dht().firewalled();
      boolean expected =
          switch (node.placement()) {
            case BOOTSTRAP -> !bootstrapsPersist || (persistent && open);
            case PUBLIC -> node.swarm() == null ? persistent && open : !persistent && open;
            case CONSISTENT_NAT, RANDOM_NAT -> !persistent && !open;
          };
      if (!expected) {
        violations.add(node.toString());
      }
    }
    return violations;
  }

  /**
   * Routing-table entries that are not a persistent node at its public server address under its
   * id (a private address, a NAT's address, an ephemeral node, a wrong id), as {@code "holder:
   * entry"}.
   */
  public static List<String> strangersInTables(DhtSimulation sim) {
    Map<PeerAddress, DhtSimNode> persistent = new HashMap<>();
    for (DhtSimNode node : sim.persistentNodes()) {
      persistent.put(node.publicServerAddress(), node);
    }
    List<String> violations = new ArrayList<>();
    for (DhtSimNode node : sim.nodes()) {
      for (DhtPeer peer : node.dht().table().toList()) {
        DhtSimNode owner = persistent.get(peer.address());
        if (owner == null || !Arrays.equals(owner.dht().id(), peer.id())) {
          violations.add(node.name() + ": " + peer);
        }
      }
    }
    return violations;
  }

  /**
   * The ids of the {@code k} persistent nodes closest to {@code target} by XOR distance, closest
   * first: the ground truth a query should reach.
   */
  public static List<byte[]> closestPersistentIds(DhtSimulation sim, byte[] target, int k) {
    List<byte[]> ids = new ArrayList<>();
    for (DhtSimNode node : sim.persistentNodes()) {
      ids.add(node.dht().id());
    }
    ids.sort((a, b) -> compareDistance(a, b, target));
    return List.copyOf(ids.subList(0, Math.min(k, ids.size())));
  }

  private static int compareDistance(byte[] a, byte[] b, byte[] target) {
    for (int i = 0; i < target.length; i++) {
      int da = (a[i] ^ target[i]) & 0xff;
      int db = (b[i] ^ target[i]) & 0xff;
      if (da != db) {
        return Integer.compare(da, db);
      }
    }
    return 0;
  }

  /**
   * What one FIND_NODE query from a node reached.
   *
   * @param done whether it finished within the time given
   * @param found how many of the true k closest persistent nodes are among its closest replies
   * @param expected k, or fewer when there are fewer persistent nodes
   * @param closestFound whether the single closest persistent node is among them
   * @param requests the requests it made (replies and failures)
   * @param millis how long it ran, in virtual milliseconds
   */
  public record FindNode(
      boolean done, int found, int expected, boolean closestFound, int requests, long millis) {}

  /**
   * Runs a FIND_NODE for {@code target} from {@code from} (driving the loop, for at most {@code
   * maxMillis}) and compares its closest replies with the ground truth.
   */
  public static FindNode findNode(DhtSimulation sim, DhtSimNode from, byte[] target, long maxMillis) {
    List<byte[]> truth = closestPersistentIds(sim, target, from.dht().table().k());
    long start = sim.now();
    Query query = from.dht().findNode(target, QueryOptions.DEFAULTS, null);
    boolean done = sim.runUntil(query::isDone, maxMillis);
    List<String> reached = new ArrayList<>();
    for (Reply reply : query.closestReplies()) {
      if (reply.fromId() != null) {
        reached.add(HexFormat.of().formatHex(reply.fromId()));
      }
    }
    int found = 0;
    for (byte[] id : truth) {
      found += reached.contains(HexFormat.of().formatHex(id)) ? 1 : 0;
    }
    boolean closest = !truth.isEmpty() && reached.contains(HexFormat.of().formatHex(truth.get(0)));
    if (!done) {
      query.destroy(null);
    }
    return new FindNode(done, found, truth.size(), closest, query.successes() + query.errors(),
        sim.now() - start);
  }
}
