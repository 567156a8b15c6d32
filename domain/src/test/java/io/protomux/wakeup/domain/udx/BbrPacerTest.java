package io.protomux.wakeup.domain.udx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The pacing token bucket with libudx's refill rule and 1 ms resume timer. */
class BbrPacerTest {
  private static final int PACKET = 1172; // 20-byte header + 1152 payload
  private static final long RATE = 5_000;

  @Test
  void startsWith25000BytesAndEmptiesOnThePacketThatCrossesZero() {
    Pacer pacer = new Pacer(1_000);
    assertThat(pacer.available()).isEqualTo(25_000);
    for (int i = 0; i < 21; i++) {
      assertThat(pacer.maySend(1_000, RATE)).isTrue();
      assertThat(pacer.onSent(PACKET, 1_000)).isFalse();
    }
    assertThat(pacer.available()).isEqualTo(25_000 - 21 * PACKET);
    assertThat(pacer.maySend(1_000, RATE)).isTrue(); // 388 bytes left still let a full packet go
    assertThat(pacer.onSent(PACKET, 1_000)).isTrue(); // ... which empties the bucket
    assertThat(pacer.available()).isZero();
    assertThat(pacer.maySend(1_000, RATE)).isFalse(); // no refill within the same millisecond
    assertThat(pacer.nextSendTimeMs(1_000)).isEqualTo(1_001);
  }

  @Test
  void refillSetsTheBucketToElapsedTimesRateRatherThanAddingToIt() {
    Pacer pacer = new Pacer(1_000);
    pacer.onSent(100, 1_000);
    assertThat(pacer.maySend(1_001, RATE)).isTrue();
    assertThat(pacer.available()).isEqualTo(RATE); // not 24900 + 5000
    pacer.onSent(PACKET, 1_001);
    assertThat(pacer.maySend(1_004, RATE)).isTrue();
    assertThat(pacer.available()).isEqualTo(3 * RATE); // three idle milliseconds' worth
    pacer.refill(1_004, 99_999); // same millisecond: nothing happens
    assertThat(pacer.available()).isEqualTo(3 * RATE);
  }

  @Test
  void theResumeTimeIsOneMillisecondAfterTheEmptyingSendAndNowWhileTokensAreLeft() {
    Pacer pacer = new Pacer(1_000);
    assertThat(pacer.nextSendTimeMs(1_000)).isEqualTo(1_000);
    assertThat(pacer.onSent(30_000, 1_000)).isTrue();
    assertThat(pacer.nextSendTimeMs(1_000)).isEqualTo(1_001);
    assertThat(pacer.maySend(1_001, 1)).isTrue(); // the timer's refill
    assertThat(pacer.onSent(PACKET, 1_001)).isTrue(); // 1 byte/ms: every packet empties it
    assertThat(pacer.nextSendTimeMs(1_001)).isEqualTo(1_002);
    assertThat(pacer.nextSendTimeMs(1_005)).isEqualTo(1_005); // late: send right away
  }

  @Test
  void aLongIdleWrapsTheBucketAt32BitsAsLibudxDoes() {
    Pacer pacer = new Pacer(0);
    pacer.onSent(25_000, 0);
    long idle = 4_294_968; // × 1000 bytes/ms just passes 2^32
    assertThat(pacer.maySend(idle, 1_000)).isTrue();
    assertThat(pacer.available()).isEqualTo(idle * 1_000 - (1L << 32));
  }

  @Test
  void aRateOfZeroIsRefused() {
    Pacer pacer = new Pacer(0);
    assertThatThrownBy(() -> pacer.maySend(1, 0)).isInstanceOf(IllegalArgumentException.class);
  }
}
