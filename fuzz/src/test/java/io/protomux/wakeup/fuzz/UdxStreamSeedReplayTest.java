package io.protomux.wakeup.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import io.protomux.wakeup.domain.udx.UdxException;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The UDX stream target's seeds take the fuzzed stream where the captures went, so that fuzzing
 * starts from established, ending, reset and timed-out streams rather than from packets it
 * refuses (an ack of data never written, a seq it does not expect).
 */
class UdxStreamSeedReplayTest {
  private static final Map<String, byte[]> SEEDS = SeedCorpus.seeds();

  private static byte[] seed(String name) {
    byte[] input =
        SEEDS.get(SeedCorpus.inputsDir(UdxStreamFuzzTest.class, "receiveDatagrams") + "/seed-" + name);
    assertThat(input).as(name).isNotNull();
    return input;
  }

  private static UdxStreamFuzzTest.Outcome replay(String name) {
    return UdxStreamFuzzTest.play(seed(name));
  }

  @Test
  void aLockstepExchangeDeliversTheDataAndEndsCleanly() {
    for (String seed : new String[] {"connect-write-end-as-B", "connect-write-end-as-A"}) {
      UdxStreamFuzzTest.Outcome outcome = replay(seed);
      assertThat(outcome.received()).as(seed).isEqualTo("hello from A".length());
      assertThat(outcome.ended()).as(seed).isTrue();
      assertThat(outcome.closed()).as(seed).isTrue();
      assertThat(outcome.cause()).as(seed).isNull();
      assertThat(outcome.stats().ackBeyondSent()).as(seed).isZero();
    }
  }

  @Test
  void sequenceNumbersThatWrapAreFollowedEitherWay() {
    for (String seed : new String[] {"seq-wrap-as-A", "seq-wrap-as-B"}) {
      UdxStreamFuzzTest.Outcome outcome = replay(seed);
      assertThat(outcome.received()).as(seed).isPositive();
      assertThat(outcome.stats().ackBeyondSent()).as(seed).isZero();
      assertThat(outcome.stats().beyondWindow()).as(seed).isZero();
    }
  }

  @Test
  void theFirewallSeedConnectsOnTheFirstPacket() {
    UdxStreamFuzzTest.Outcome outcome = replay("preconnect-firewall-as-B");
    assertThat(outcome.received()).isPositive();
    assertThat(outcome.stats().firewallDrops()).isZero();
  }

  @Test
  void aDestroyResetsAndSilenceTimesOut() {
    UdxStreamFuzzTest.Outcome destroyed = replay("destroy-as-B");
    assertThat(destroyed.cause()).isInstanceOf(UdxException.class);
    assertThat(((UdxException) destroyed.cause()).code()).isEqualTo(UdxException.ECONNRESET);
    // Without B's DESTROY at the end: on the replayed clock the Java stream's srtt is 0 ms, so
    // its tail-loss probe waits 1 s and its 7th timeout comes a second after libudx's, when that
    // DESTROY has already reset it.
    byte[] timeout = seed("timeout-as-A");
    byte[] silent = Arrays.copyOf(timeout, timeout.length - 3 - 20);
    UdxStreamFuzzTest.Outcome timedOut = UdxStreamFuzzTest.play(silent);
    assertThat(timedOut.cause()).isInstanceOf(UdxException.class);
    assertThat(((UdxException) timedOut.cause()).code()).isEqualTo(UdxException.ETIMEDOUT);
  }

  @Test
  void theSmallBoundsAreReached() {
    assertThat(replay("drop-one-data-as-B-tiny-bounds").stats().beyondWindow()).isPositive();
    assertThat(replay("inject-far-seq-as-B-small-bounds").stats().beyondWindow()).isPositive();
    assertThat(replay("bulk-100k-as-B-paused").stats().beyondWindow()).isPositive();
  }
}
