package io.protomux.wakeup.domain.wakeup;

import static org.assertj.core.api.Assertions.assertThat;

import io.protomux.wakeup.domain.stream.NoiseSecretStream;
import org.junit.jupiter.api.Test;

class SwarmSessionAddStreamTest {
  private static final Capability CAP = Peers.capability("stuffimcapableof");

  @Test
  void sessionAddStreamOnAStreamStillShakingHandsWaitsForTheHandshake() {
    Peers peers = new Peers(3);
    WakeupSwarm w1 = peers.swarm().build();
    WakeupSwarm w2 = peers.swarm().build();
    Recorder first = new Recorder("s1");
    Recorder second = new Recorder("s2");
    WakeupSession s1 = w1.session(CAP, first);
    w2.session(CAP, second);
    NoiseSecretStream[] streams = peers.connect();
    assertThat(streams[0].isOpen()).isFalse();

    s1.addStream(streams[0]); // only the topic learns the stream, not the swarm
    w2.addStream(streams[1]);
    peers.loop.runUntilIdle();

    assertThat(first.count("add")).isEqualTo(1);
    assertThat(second.count("add")).isEqualTo(1);
    assertThat(w1.hasStream(streams[0])).as("the swarm itself was not given the stream").isFalse();
    assertThat(s1.hasStream(streams[0])).isTrue();
  }
}
