package io.protomux.wakeup.adapters.inmemory.simulation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.protomux.wakeup.adapters.inmemory.simulation.DhtSimNode.Placement;
import io.protomux.wakeup.domain.dht.DhtPeer;
import io.protomux.wakeup.domain.dht.NatSampler;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * A 200-node DHT network (3 bootstrap nodes, then 40% public, 40% behind consistent NATs, 20%
 * behind random NATs, 1% loss each way), built once: the invariants a healthy network holds.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DhtSimulationTest {
  private static final int NODES = 200;
  private static final int QUERIES = 40;
  private static final int K = 20;

  private DhtSimulation sim;
  private boolean allBootstrapped;

  @BeforeAll
  void growTheNetwork() {
    sim = DhtScenario.builder(1, 0.01).build();
    allBootstrapped = DhtScenario.grow(sim, NODES);
  }

  @Test
  void everyNodeBootstrapsWithinBoundedVirtualTime() {
    assertThat(allBootstrapped).isTrue();
    assertThat(DhtInvariants.notBootstrapped(sim)).isEmpty();
    assertThat(sim.nodes()).hasSize(DhtScenario.BOOTSTRAP_NODES + NODES)
        .allSatisfy(node -> assertThat(node.bootstrapMillis()).isBetween(0L, 30_000L));
  }

  @Test
  void publicNodesBecomePersistentAndNodesBehindNatsStayEphemeralAndFirewalled() {
    assertThat(DhtInvariants.misplacedStates(sim)).isEmpty();
    long persistent = sim.nodes().stream()
        .filter(node -> node.placement() == Placement.PUBLIC || node.placement() == Placement.BOOTSTRAP)
        .count();
    assertThat(sim.persistentNodes()).hasSize((int) persistent);
  }

  @Test
  void nodesBehindNatsLearnTheirNatsPublicAddressAndWhetherItsPortsAreRandom() {
    List<String> wrong = new ArrayList<>();
    for (DhtSimNode node : sim.nodes()) {
      NatSampler nat = node.dht().nat();
      int clientPort = node.dht().io().clientSocket().localAddress().getPort();
      boolean right =
          switch (node.placement()) {
            case BOOTSTRAP, PUBLIC -> node.publicServerAddress().equals(nat.address());
            // MASQUERADE keeps the client socket's port: the sampled port is it.
            case CONSISTENT_NAT -> node.publicHost().equals(nat.host()) && nat.port() == clientPort;
            case RANDOM_NAT -> node.publicHost().equals(nat.host()) && node.dht().randomized();
          };
      if (!right) {
        wrong.add(node + " sampled " + nat);
      }
    }
    assertThat(wrong).isEmpty();
    long filtered = sim.nodes().stream()
        .filter(node -> node.nat() != null)
        .mapToLong(node -> node.nat().stats().filteredDrops() + node.nat().stats().unmappedDrops())
        .sum();
    assertThat(filtered).as("the NATs did turn datagrams away").isPositive();
    assertThat(sim.network().stats().natDrops()).isEqualTo(filtered);
  }

  @Test
  void routingTablesHoldOnlyPersistentNodesAtTheirPublicAddresses() {
    assertThat(DhtInvariants.strangersInTables(sim)).isEmpty();
    List<String> privateOrNat = new ArrayList<>();
    for (DhtSimNode node : sim.nodes()) {
      for (DhtPeer peer : node.dht().table().toList()) {
        String host = peer.address().host();
        if (host.startsWith("192.168.") || host.startsWith("12.")) {
          privateOrNat.add(node.name() + ": " + peer);
        }
      }
    }
    assertThat(privateOrNat).isEmpty();
  }

  @Test
  void theRoutingTablesOfPersistentNodesFillAndKnowTheirOwnNeighbourhood() {
    List<String> thin = new ArrayList<>();
    for (DhtSimNode node : sim.persistentNodes()) {
      List<byte[]> neighbours = DhtInvariants.closestPersistentIds(sim, node.dht().id(), K + 1);
      int known = 0;
      for (byte[] id : neighbours) {
        known += node.dht().table().get(id) != null ? 1 : 0;
      }
      // Its own id is among the K + 1 and never in its table: K at most.
      if (node.dht().table().size() < K || known < K - 3) {
        thin.add(node + " knows " + known + " of its " + K + " closest");
      }
    }
    assertThat(thin).isEmpty();
  }

  @Test
  void findNodeFromAnyNodeReachesTheTrueClosestPersistentNodesInBoundedRequestsAndTime() {
    Random random = new Random(2);
    List<DhtInvariants.FindNode> outcomes = new ArrayList<>();
    for (int i = 0; i < QUERIES; i++) {
      DhtSimNode from = sim.nodes().get(random.nextInt(sim.nodes().size()));
      outcomes.add(DhtInvariants.findNode(sim, from, DhtScenario.target(random), 60_000));
    }
    assertThat(outcomes).allSatisfy(outcome -> {
      assertThat(outcome.done()).isTrue();
      assertThat(outcome.expected()).isEqualTo(K);
      // dht-rpc stops reading a reply's closer nodes at the first one that is not closer, and
      // ends a query while lost requests are still being retried: a few of the k may be missed.
      assertThat(outcome.found()).isGreaterThanOrEqualTo(15);
      assertThat(outcome.requests()).isBetween(K, 200);
      assertThat(outcome.millis()).isLessThan(10_000);
    });
    double meanFound = outcomes.stream().mapToInt(DhtInvariants.FindNode::found).average().orElse(0);
    long closest = outcomes.stream().filter(DhtInvariants.FindNode::closestFound).count();
    assertThat(meanFound).isGreaterThanOrEqualTo(0.95 * K);
    assertThat(closest).isGreaterThanOrEqualTo(QUERIES * 9L / 10);
  }

  @Test
  void theNetworkLostAndDroppedWhatItShouldAndNoMore() {
    var stats = sim.network().stats();
    assertThat(stats.lost()).isBetween(stats.sent() / 200, stats.sent() / 50);
    assertThat(stats.unreachable()).as("nobody sends to a private address").isZero();
    assertThat(sim.datagramsDelivered()).isEqualTo(stats.delivered());
  }

  @Test
  void bootstrapNodesComeFirstAndAreNotAddedAsOthers() {
    DhtSimulation empty = DhtScenario.builder(1, 0).build();
    assertThatThrownBy(() -> empty.addNode(Placement.BOOTSTRAP))
        .isInstanceOf(IllegalArgumentException.class);
    empty.addNode(Placement.PUBLIC);
    assertThatThrownBy(() -> empty.addBootstrapNodes(2)).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> DhtSimulation.builder(1).build())
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("crypto");
  }
}
