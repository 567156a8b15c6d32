package io.protomux.wakeup.adapters.inmemory.simulation;

import io.protomux.wakeup.adapters.bouncycastle.BouncyCastleCrypto;
import io.protomux.wakeup.adapters.bouncycastle.RandomSources;
import io.protomux.wakeup.adapters.inmemory.PathProfile;
import io.protomux.wakeup.adapters.inmemory.simulation.DhtSimNode.Placement;
import java.util.Random;

/**
 * The DHT network the tests and the benchmark build: bootstrap nodes, then nodes joining one every
 * {@link #JOIN_SPACING_MILLIS}, 40% public, 40% behind consistent NATs, 20% behind random NATs,
 * over paths of 10 to 30 ms with the given loss.
 */
final class DhtScenario {
  static final int BOOTSTRAP_NODES = 3;
  static final long JOIN_SPACING_MILLIS = 10;
  static final long MAX_BOOTSTRAP_MILLIS = 120_000;

  private DhtScenario() {}

  static DhtSimulation.Builder builder(long seed, double loss) {
    return DhtSimulation.builder(seed)
        .crypto(nodeSeed -> new BouncyCastleCrypto(RandomSources.seeded(nodeSeed)))
        .path(PathProfile.PERFECT.withLatency(10, 20).withLoss(loss));
  }

  /** Where the {@code i}th joining node sits. */
  static Placement placement(int i) {
    int slot = i % 5;
    return slot < 2 ? Placement.PUBLIC : slot < 4 ? Placement.CONSISTENT_NAT : Placement.RANDOM_NAT;
  }

  /**
   * Adds the bootstrap nodes and {@code nodes} more, and runs until every one has bootstrapped (or
   * the time limit passes); returns whether they all did.
   */
  static boolean grow(DhtSimulation sim, int nodes) {
    sim.addBootstrapNodes(BOOTSTRAP_NODES);
    sim.runUntil(() -> sim.allBootstrapped(), MAX_BOOTSTRAP_MILLIS);
    for (int i = 0; i < nodes; i++) {
      sim.addNode(placement(i));
      sim.runFor(JOIN_SPACING_MILLIS);
    }
    return sim.runUntil(sim::allBootstrapped, MAX_BOOTSTRAP_MILLIS);
  }

  /** A random 32-byte target. */
  static byte[] target(Random random) {
    byte[] target = new byte[32];
    random.nextBytes(target);
    return target;
  }
}
