package io.protomux.wakeup.domain.udx;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The windowed max/min tracker behind BBR's bandwidth estimate. */
class BbrWinFilterTest {
  @Test
  void aMaximumHoldsForTheWindowThenTheBestLaterSampleTakesOver() {
    WinFilter f = new WinFilter(0, 0);
    f.applyMax(10, 1, 8.0);
    for (long t = 2; t <= 11; t++) {
      assertThat(f.applyMax(10, t, t == 6 ? 5.0 : 3.0)).as("t=%d", t).isEqualTo(8.0);
    }
    assertThat(f.applyMax(10, 12, 3.0)).isEqualTo(5.0); // 8 aged out, 5 was kept as runner-up
    assertThat(f.applyMax(10, 30, 2.0)).isEqualTo(2.0); // nothing left in the window
  }

  @Test
  void aNewBestWinsAtOnceAndALaterRunnerUpSucceedsItWhenItAgesOut() {
    WinFilter f = new WinFilter(0, 1.0);
    f.applyMax(10, 1, 4.0);
    assertThat(f.applyMax(10, 2, 9.0)).isEqualTo(9.0);
    assertThat(f.applyMax(10, 8, 1.0)).isEqualTo(9.0);
    assertThat(f.applyMax(10, 13, 0.5)).isEqualTo(1.0); // 9 aged out; 4 was forgotten by the reset
  }

  @Test
  void aMinimumWorksTheSameWayDown() {
    WinFilter f = new WinFilter(0, 0xFFFFFFFFL);
    assertThat(f.applyMin(300_000, 10, 50)).isEqualTo(50);
    assertThat(f.applyMin(300_000, 20, 70)).isEqualTo(50);
    assertThat(f.applyMin(300_000, 30, 40)).isEqualTo(40);
    assertThat(f.applyMin(300_000, 400_000, 90)).isEqualTo(90);
  }
}
