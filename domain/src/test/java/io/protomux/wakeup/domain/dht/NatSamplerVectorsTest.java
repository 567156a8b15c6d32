package io.protomux.wakeup.domain.dht;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

/**
 * Replays sample sequences recorded from the real nat-sampler 1.0.1
 * (interop/gen-nat-sampler-vectors.js): after every add, the returned hits, the host, the port and
 * the size must be the reference's.
 */
class NatSamplerVectorsTest {
  private static final JsonNode VECTORS = JsonResources.load("dht/nat-sampler-vectors.json");

  @Test
  void everySequenceReplaysExactly() {
    JsonNode sequences = VECTORS.get("sequences");
    assertThat(sequences.size()).isGreaterThanOrEqualTo(200);
    int steps = 0;
    int wrapped = 0;
    int randomized = 0;
    int known = 0;
    for (int s = 0; s < sequences.size(); s++) {
      NatSampler sampler = new NatSampler();
      JsonNode sequence = sequences.get(s);
      for (int i = 0; i < sequence.size(); i++) {
        JsonNode step = sequence.get(i);
        String host = step.get(0).asText();
        int port = step.get(1).asInt();
        int hits = sampler.add(host, port);
        String where = "sequence " + s + " step " + i + " add " + host + ":" + port;
        assertThat(hits).as(where + " hits").isEqualTo(step.get(2).asInt());
        String expectedHost = step.get(3).isNull() ? null : step.get(3).asText();
        assertThat(sampler.host()).as(where + " host").isEqualTo(expectedHost);
        assertThat(sampler.port()).as(where + " port").isEqualTo(step.get(4).asInt());
        assertThat(sampler.size()).as(where + " size").isEqualTo(step.get(5).asInt());
        assertThat(sampler.randomized())
            .as(where + " randomized")
            .isEqualTo(expectedHost != null && step.get(4).asInt() == 0);
        if (expectedHost != null && step.get(4).asInt() != 0) {
          assertThat(sampler.address()).isEqualTo(new PeerAddress(expectedHost, step.get(4).asInt()));
          known++;
        } else {
          assertThat(sampler.address()).isNull();
          if (expectedHost != null) {
            randomized++;
          }
        }
        if (i >= 16) {
          wrapped++;
        }
        steps++;
      }
    }
    // The vectors exercise the ring's wraparound, settled addresses and randomized ports.
    assertThat(steps).isGreaterThan(5000);
    assertThat(wrapped).isGreaterThan(1000);
    assertThat(randomized).isGreaterThan(100);
    assertThat(known).isGreaterThan(100);
  }

  @Test
  void thresholdStepsAtFourEightAndTwelveSamples() {
    // One address every time: n hits always reach the threshold.
    NatSampler same = new NatSampler();
    for (int i = 1; i <= 20; i++) {
      assertThat(same.add("1.2.3.4", 1000)).isEqualTo(Math.min(i, 16));
      assertThat(same.address()).isEqualTo(new PeerAddress("1.2.3.4", 1000));
    }
    // Three agreeing samples then a fourth differing one: 3 hits, threshold 4 - 1 = 3.
    NatSampler s = new NatSampler();
    s.add("1.2.3.4", 1);
    s.add("1.2.3.4", 1);
    s.add("1.2.3.4", 1);
    s.add("9.9.9.9", 1);
    assertThat(s.address()).isEqualTo(new PeerAddress("1.2.3.4", 1));
    // A fifth differing sample: best 3 hits < threshold 4.
    s.add("8.8.8.8", 1);
    assertThat(s.host()).isNull();
    assertThat(s.port()).isZero();
  }

  @Test
  void aFirstSampleIsTrustedAndOneDifferentPortMakesItRandom() {
    NatSampler s = new NatSampler();
    assertThat(s.host()).isNull();
    assertThat(s.add("5.6.7.8", 4000)).isEqualTo(1);
    assertThat(s.address()).isEqualTo(new PeerAddress("5.6.7.8", 4000));
    assertThat(s.add("5.6.7.8", 4001)).isEqualTo(1);
    assertThat(s.host()).isEqualTo("5.6.7.8");
    assertThat(s.port()).isZero();
    assertThat(s.randomized()).isTrue();
  }
}
