package io.protomux.wakeup.adapters.inmemory.simulation;

import java.util.stream.LongStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The swarm's invariants over many random programs (see {@link Scenario}). Seeds 1 to 200 by
 * default, so every build checks the same ones; {@code -Dsimulation.seeds=FIRST..LAST} explores
 * others, and {@code -Dsimulation.seed=N} replays the one a failure names.
 */
class SimulationInvariantsTest {
  private static final int DEFAULT_SEEDS = 200;

  static LongStream seeds() {
    String one = System.getProperty("simulation.seed");
    if (one != null) {
      return LongStream.of(Long.parseLong(one));
    }
    String range = System.getProperty("simulation.seeds", "1.." + DEFAULT_SEEDS);
    String[] bounds = range.split("\\.\\.");
    return LongStream.rangeClosed(Long.parseLong(bounds[0]), Long.parseLong(bounds[1]));
  }

  @ParameterizedTest(name = "seed={0}")
  @MethodSource("seeds")
  void everyInvariantHolds(long seed) {
    new Scenario(seed).runAndCheck();
  }
}
