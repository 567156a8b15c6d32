package io.protomux.wakeup.adapters.inmemory.simulation;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Peers meeting on topics through a simulated DHT, the benchmark's scenario at test size: 100
 * nodes (some behind consistent NATs, some behind random ones, 1% loss), 20 peers on 5 topics.
 */
class DhtTopicsTest {
  private static final int NODES = 100;
  private static final int PEERS = 20;
  private static final int TOPICS = 5;

  private record Outcome(TopicScenario topics, boolean connected, String digest) {}

  private static Outcome run(long seed) {
    DhtSimulation sim = DhtScenario.builder(seed, 0.01).build();
    assertThat(DhtScenario.grow(sim, NODES)).isTrue();
    TopicScenario topics = TopicScenario.join(sim, PEERS, TOPICS, 2, new Random(seed));
    boolean connected = topics.runUntilConnected(TopicScenario.MAX_CONNECT_MILLIS);
    return new Outcome(topics, connected, sim.traceDigest());
  }

  @Test
  void everyPairSharingATopicWithAPublicSideConnectsAndEveryAnnouncedPeerIsFound() {
    Outcome outcome = run(5);
    TopicScenario topics = outcome.topics();

    assertThat(topics.expectedPairs()).isGreaterThan(20);
    assertThat(outcome.connected()).isTrue();
    assertThat(topics.pairsNotConnected()).isEmpty();
    assertThat(topics.announcedNotFound(new Random(6), 60_000)).isEmpty();
    // Joins are spaced out, so most pairs meet at once; the rest at the first refresh.
    assertThat(topics.connectMillis().get(0)).isLessThan(10_000);
    assertThat(topics.connectMillis().get(topics.connectMillis().size() - 1))
        .isLessThan(TopicScenario.MAX_CONNECT_MILLIS);
  }

  @Test
  void theSameSeedGivesTheSameRun() {
    assertThat(run(7).digest()).isEqualTo(run(7).digest());
  }
}
