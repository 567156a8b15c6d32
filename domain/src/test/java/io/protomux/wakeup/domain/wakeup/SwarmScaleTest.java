package io.protomux.wakeup.domain.wakeup;

import static org.assertj.core.api.Assertions.assertThat;

import io.protomux.wakeup.domain.Key32;
import io.protomux.wakeup.domain.protomux.Protomux;
import io.protomux.wakeup.domain.stream.NoiseSecretStream;
import io.protomux.wakeup.domain.wakeup.messages.Lookup;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Issue 4, case 12: a hundred topics on one connection. */
class SwarmScaleTest {
  private static final int TOPICS = 100;
  private final Peers peers = new Peers(121);

  @Test
  void aHundredTopicsPairOnBothSidesAndCarryLookups() {
    WakeupSwarm w1 = peers.swarm().build();
    WakeupSwarm w2 = peers.swarm().build();
    NoiseSecretStream[] s = peers.connect(w1, w2);
    List<Recorder> left = new ArrayList<>();
    List<Recorder> right = new ArrayList<>();
    List<WakeupSession> sessions = new ArrayList<>();
    for (int i = 0; i < TOPICS; i++) {
      Capability cap = Peers.numbered(i);
      Recorder l = new Recorder("a" + i);
      Recorder r = new Recorder("b" + i);
      left.add(l);
      right.add(r);
      sessions.add(w1.session(cap, l));
      w2.session(cap, r);
    }
    peers.loop.runUntilIdle();

    assertThat(w1.topics()).hasSize(TOPICS);
    assertThat(new HashSet<>(w1.topics().stream().map(WakeupTopic::id).toList())).hasSize(TOPICS);
    for (int i = 0; i < TOPICS; i++) {
      assertThat(left.get(i).events()).as("a" + i).containsExactly("add", "active");
      assertThat(right.get(i).events()).as("b" + i).containsExactly("add", "active");
    }
    assertThat(Protomux.from(s[0]).channels()).hasSize(TOPICS);
    assertThat(Protomux.from(s[1]).channels()).hasSize(TOPICS);
    assertThat(w1.stats().peersAdded()).isEqualTo(TOPICS);
    assertThat(w1.stats().peersRemoved()).isZero();

    for (int i = 0; i < TOPICS; i++) {
      sessions.get(i).lookupByStream(s[0], Lookup.of(Key32.of(Peers.numbered(i).bytes())));
    }
    peers.loop.runUntilIdle();
    for (int i = 0; i < TOPICS; i++) {
      Recorder r = right.get(i);
      assertThat(r.lookups)
          .as("b" + i + " gets its own topic's lookup only")
          .containsExactly(Lookup.of(Key32.of(Peers.numbered(i).bytes())));
      assertThat(r.added.get(0).topic()).isEqualTo(peers.topicOf(Peers.numbered(i)));
    }
    assertThat(w2.stats().wireLookupRx()).isEqualTo(TOPICS);
  }
}
