package io.protomux.wakeup.adapters.inmemory.simulation;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** One seed, one run: the same datagrams at the same virtual times; another seed, another run. */
class DhtSimulationDeterminismTest {
  private static final int NODES = 60;

  /** The digest after growing the network and running a few queries. */
  private static DhtSimulation run(long seed) {
    DhtSimulation sim = DhtScenario.builder(seed, 0.01).build();
    assertThat(DhtScenario.grow(sim, NODES)).isTrue();
    Random random = new Random(seed);
    for (int i = 0; i < 5; i++) {
      DhtSimNode from = sim.nodes().get(random.nextInt(sim.nodes().size()));
      assertThat(DhtInvariants.findNode(sim, from, DhtScenario.target(random), 30_000).done()).isTrue();
    }
    sim.runFor(5_000);
    return sim;
  }

  @Test
  void theSameSeedDeliversTheSameDatagramsAndAnotherSeedDoesNot() {
    DhtSimulation first = run(3);
    DhtSimulation second = run(3);
    DhtSimulation other = run(4);

    assertThat(first.datagramsDelivered()).isGreaterThan(1_000);
    assertThat(first.network().stats().lost()).as("loss was part of the run").isPositive();
    assertThat(second.traceDigest()).isEqualTo(first.traceDigest());
    assertThat(second.datagramsDelivered()).isEqualTo(first.datagramsDelivered());
    assertThat(second.now()).isEqualTo(first.now());
    assertThat(second.loop().tasksRun()).isEqualTo(first.loop().tasksRun());
    assertThat(other.traceDigest()).isNotEqualTo(first.traceDigest());
  }
}
