package io.protomux.wakeup.domain.udx;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * BBR's rules one ACK at a time, fed hand-made rate samples so that each rule is seen in
 * isolation. With a sampler that never delivers, every sample with a rate starts a new round
 * (its prior delivered count, 0, has reached the round's end, 0), which makes rounds explicit.
 */
class BbrModelTest {
  private static final int MSS = 1152;
  private static final long RTT = 10;

  private final DeliveryRateSampler rate = new DeliveryRateSampler();
  private final Bbr bbr = new Bbr(rate, 1_000, MSS);
  private long now = 1_000;

  /** A sample of {@code bw} packets/ms over one RTT that starts a round. */
  private static RateSample round(double bw, boolean appLimited) {
    int delivered = (int) Math.round(bw * RTT);
    return new RateSample(1, 0, delivered, RTT, RTT, RTT, 0, 1, RTT, appLimited, false, 0);
  }

  /** A sample that acks and loses packets but carries no rate (so no round starts). */
  private static RateSample noRate(int acked, int losses) {
    return new RateSample(acked, losses, -1, -1, 0, 0, 0, 0, -1, false, false, 0);
  }

  private void ack(RateSample rs, int inflight, CaState state) {
    now += 1;
    bbr.onAck(rs, now, inflight, state, RTT, MSS);
  }

  @Test
  void fullBandwidthNeedsThreeRoundsUnderAQuarterOfGrowthThenDrainSetsSsthresh() {
    for (double bw : new double[] {1, 2, 4, 4.5, 4.6}) {
      ack(round(bw, false), 1_000, CaState.OPEN);
    }
    assertThat(bbr.mode()).isEqualTo(BbrMode.STARTUP);
    assertThat(bbr.fullBwReached()).isFalse();
    ack(round(4.7, false), 1_000, CaState.OPEN); // 4.5, 4.6, 4.7 all < 1.25 × 4
    assertThat(bbr.fullBwReached()).isTrue();
    assertThat(bbr.mode()).isEqualTo(BbrMode.DRAIN);
    assertThat(bbr.ssthresh()).isEqualTo(47); // BDP = 4.7 packets/ms × 10 ms
    assertThat(bbr.pacingGain()).isEqualTo((float) (1 / 2.88539));
    assertThat(bbr.cwndGain()).isEqualTo((float) 2.88539);

    ack(round(4.7, false), 48, CaState.OPEN);
    assertThat(bbr.mode()).isEqualTo(BbrMode.DRAIN);
    ack(round(4.7, false), 47, CaState.OPEN);
    assertThat(bbr.mode()).isEqualTo(BbrMode.PROBE_BW);
    assertThat(bbr.cycleIndex()).isEqualTo(4);
    assertThat(bbr.pacingGain()).isEqualTo(1.0f);
    assertThat(bbr.cwndGain()).isEqualTo(2.0f);
  }

  @Test
  void aQuarterOfGrowthRestartsTheCount() {
    for (double bw : new double[] {4, 4.1, 4.2, 5.0, 5.1, 5.2}) {
      ack(round(bw, false), 1_000, CaState.OPEN);
    }
    assertThat(bbr.mode()).isEqualTo(BbrMode.STARTUP);
    ack(round(5.3, false), 1_000, CaState.OPEN);
    assertThat(bbr.mode()).isEqualTo(BbrMode.DRAIN);
  }

  @Test
  void appLimitedSamplesOnlyRaiseTheEstimateAndDoNotEndStartup() {
    ack(round(4, false), 1_000, CaState.OPEN);
    for (int i = 0; i < 30; i++) {
      ack(round(1, true), 1_000, CaState.OPEN); // 30 rounds: the window of 10 has long passed
    }
    assertThat(bbr.bw()).isEqualTo(4.0);
    assertThat(bbr.mode()).isEqualTo(BbrMode.STARTUP);

    ack(round(6, true), 1_000, CaState.OPEN);
    assertThat(bbr.bw()).isEqualTo(6.0);

    DeliveryRateSampler otherRate = new DeliveryRateSampler();
    Bbr other = new Bbr(otherRate, 1_000, MSS);
    other.onAck(round(4, false), 1_001, 1_000, CaState.OPEN, RTT, MSS);
    for (int i = 0; i < 30; i++) {
      other.onAck(round(1, false), 1_002 + i, 1_000, CaState.OPEN, RTT, MSS);
    }
    assertThat(other.bw()).isEqualTo(1.0); // a network-limited sample ages the maximum out
  }

  @Test
  void enteringRecoveryConservesPacketsUntilTheRoundEnds() {
    ack(noRate(20, 0), 10, CaState.OPEN); // STARTUP with few deliveries: cwnd grows by acked
    assertThat(bbr.cwnd()).isEqualTo(30);

    ack(noRate(2, 3), 12, CaState.RECOVERY);
    assertThat(bbr.packetConservation()).isTrue();
    assertThat(bbr.cwnd()).isEqualTo(12 + 2); // in flight plus acked
    ack(noRate(1, 0), 13, CaState.RECOVERY);
    assertThat(bbr.cwnd()).isEqualTo(14); // no growth beyond what the ACK released
    ack(noRate(1, 5), 6, CaState.RECOVERY);
    assertThat(bbr.cwnd()).isEqualTo(14 - 5); // losses come off
    ack(noRate(1, 0), 3, CaState.RECOVERY);
    assertThat(bbr.cwnd()).isEqualTo(9); // losses shrink it, a small flight does not
    ack(noRate(2, 8), 10, CaState.RECOVERY);
    assertThat(bbr.cwnd()).isEqualTo(10 + 2); // never below in flight + acked (9 - 8 would be 1)

    ack(round(1, false), 10, CaState.RECOVERY); // a new round ends conservation
    assertThat(bbr.packetConservation()).isFalse();
    assertThat(bbr.cwnd()).isEqualTo(12 + 1);
  }

  @Test
  void leavingRecoverySetsSsthreshWhichIs0xFfffUntilDrainAQuirkOfLibudx() {
    ack(noRate(20, 0), 10, CaState.OPEN);
    ack(noRate(1, 1), 10, CaState.RECOVERY);
    assertThat(bbr.cwnd()).isEqualTo(11);
    bbr.onExitRecovery();
    ack(noRate(1, 0), 10, CaState.OPEN);
    assertThat(bbr.packetConservation()).isFalse();
    assertThat(bbr.cwnd()).isGreaterThanOrEqualTo(0xFFFF); // only pacing brakes STARTUP now
  }

  @Test
  void leavingRecoveryAfterDrainRestoresTheBdp() {
    for (double bw : new double[] {4, 4, 4, 4}) {
      ack(round(bw, false), 30, CaState.OPEN);
    }
    assertThat(bbr.mode()).isEqualTo(BbrMode.PROBE_BW);
    assertThat(bbr.ssthresh()).isEqualTo(40);
    ack(noRate(1, 2), 20, CaState.RECOVERY);
    assertThat(bbr.cwnd()).isEqualTo(21);
    bbr.onExitRecovery();
    ack(noRate(1, 0), 20, CaState.OPEN);
    assertThat(bbr.cwnd()).isEqualTo(40 + 1); // ssthresh, then one acked packet of growth
  }

  @Test
  void theWindowFloorIsFourPacketsHoweverManyAreLost() {
    ack(noRate(1, 100), 0, CaState.OPEN);
    assertThat(bbr.cwnd()).isEqualTo(4);

    Random random = new Random(42);
    for (int i = 0; i < 5_000; i++) {
      RateSample rs =
          random.nextBoolean()
              ? noRate(random.nextInt(5), random.nextInt(60))
              : round(0.1 + random.nextDouble() * 8, random.nextBoolean());
      ack(rs, random.nextInt(200), CaState.OPEN);
      assertThat(bbr.cwnd()).as("ack %d", i).isGreaterThanOrEqualTo(4);
    }
  }

  @Test
  void packetConservationMayGoBelowFourAsInLibudxAndLinux() {
    ack(noRate(1, 0), 1, CaState.RECOVERY);
    assertThat(bbr.cwnd()).isEqualTo(2); // one in flight plus one acked
  }

  @Test
  void anRtoRestartsTheFullBandwidthReferenceInStartup() {
    for (double bw : new double[] {4, 4, 4}) {
      ack(round(bw, false), 1_000, CaState.OPEN); // two rounds without growth
    }
    bbr.onRto();
    ack(round(4, false), 1_000, CaState.LOSS); // counts as growth over 0: the count restarts
    ack(round(4, false), 1_000, CaState.LOSS);
    assertThat(bbr.mode()).isEqualTo(BbrMode.STARTUP);
    ack(round(4, false), 1_000, CaState.LOSS);
    ack(round(4, false), 1_000, CaState.LOSS);
    assertThat(bbr.mode()).isEqualTo(BbrMode.DRAIN);
  }

  @Test
  void initialPacingRateIsTenPacketsPerMsAtTheStartupGain() {
    assertThat(bbr.pacingRateBytesPerMs()).isEqualTo((long) (10.0 * MSS * 2.88539 * 0.99));
    assertThat(bbr.pacingRateBytesPerMs()).isEqualTo(32_907);
    assertThat(new Bbr(new DeliveryRateSampler(), 0, 1132).pacingRateBytesPerMs())
        .isEqualTo(32_335);
    assertThat(bbr.cwnd()).isEqualTo(10);
    assertThat(bbr.bdp()).isEqualTo(10); // no RTT yet
    assertThat(bbr.ssthresh()).isEqualTo(0xFFFF);
    assertThat(bbr.mode()).isEqualTo(BbrMode.STARTUP);
  }

  @Test
  void theFirstRttResetsPacingToCwndOverSrttThenItFollowsTheEstimate() {
    bbr.onAck(noRate(1, 0), 1_001, 9, CaState.OPEN, 20, MSS);
    long fromRtt = (long) ((double) 10 / 20 * MSS * 2.88539 * 0.99);
    assertThat(bbr.pacingRateBytesPerMs()).isEqualTo(fromRtt);

    bbr.onAck(round(2, false), 1_002, 9, CaState.OPEN, 20, MSS);
    long gain = (long) (2.0 * MSS * (double) (float) 2.88539 * 0.99);
    assertThat(bbr.pacingRateBytesPerMs()).isEqualTo(gain);
  }

  @Test
  void aTransmitStartFromIdleInProbeBwPacesAtTheEstimateWhateverThePhase() {
    SimulatedPath path = new SimulatedPath(1_000, 50, 4);
    path.runUntil(
        () -> path.bbr.mode() == BbrMode.PROBE_BW && path.bbr.pacingGain() == 1.25f, 5_000);
    Bbr probing = path.bbr;
    long probingRate = probing.pacingRateBytesPerMs();
    assertThat(probingRate).isEqualTo((long) (probing.bw() * MSS * 1.25 * 0.99));

    probing.onTransmitStart(path.nowMs, 51, MSS); // not idle: nothing changes
    assertThat(probing.pacingRateBytesPerMs()).isEqualTo(probingRate);
    path.rate.markAppLimited(0);
    probing.onTransmitStart(path.nowMs, 51, MSS);
    assertThat(probing.pacingRateBytesPerMs()).isEqualTo((long) (probing.bw() * MSS * 0.99));
  }

  @Test
  void probeRttCapsTheWindowAtFourAndMarksTheSenderAppLimited() {
    ack(round(4, false), 100, CaState.OPEN);
    now += 10_001;
    ack(round(4, false), 100, CaState.OPEN);
    assertThat(bbr.mode()).isEqualTo(BbrMode.PROBE_RTT);
    assertThat(bbr.cwnd()).isEqualTo(4);
    assertThat(rate.appLimited()).isEqualTo(100);
    assertThat(bbr.pacingGain()).isEqualTo(1.0f);
  }

  @Test
  void probeRttLastsAtLeast200MsAndOneRoundAfterTheFlightShrankToFour() {
    ack(round(4, false), 100, CaState.OPEN);
    now += 10_001;
    ack(round(4, false), 100, CaState.OPEN);
    assertThat(bbr.mode()).isEqualTo(BbrMode.PROBE_RTT);
    ack(noRate(1, 0), 4, CaState.OPEN); // the flight is down to 4: the 200 ms start now
    long shrunk = now;

    ack(round(4, false), 4, CaState.OPEN); // a round, but too early
    assertThat(bbr.mode()).isEqualTo(BbrMode.PROBE_RTT);
    now = shrunk + 199;
    ack(noRate(1, 0), 4, CaState.OPEN); // at +200 ms: not yet more than 200 ms
    assertThat(bbr.mode()).isEqualTo(BbrMode.PROBE_RTT);
    ack(noRate(1, 0), 4, CaState.OPEN);
    assertThat(bbr.mode()).isEqualTo(BbrMode.STARTUP); // full bandwidth was never reached
    assertThat(bbr.minRttStampMs()).isEqualTo(now);
  }

  @Test
  void probeRttWantsARoundEvenAfter200Ms() {
    ack(round(4, false), 100, CaState.OPEN);
    now += 10_001;
    ack(round(4, false), 100, CaState.OPEN);
    ack(noRate(1, 0), 4, CaState.OPEN);
    now += 300;
    ack(noRate(1, 0), 4, CaState.OPEN); // no round has ended
    assertThat(bbr.mode()).isEqualTo(BbrMode.PROBE_RTT);
    assertThat(bbr.cwnd()).isEqualTo(4);
    ack(round(4, false), 4, CaState.OPEN);
    assertThat(bbr.mode()).isEqualTo(BbrMode.STARTUP);
  }

  @Test
  void theWindowSavedOnEnteringProbeRttIsRestoredOnLeavingItAndAfterRecovery() {
    ack(noRate(50, 0), 10, CaState.OPEN);
    ack(round(4, false), 100, CaState.OPEN);
    now += 10_001;
    int saved = bbr.cwnd();
    ack(round(4, false), 100, CaState.OPEN);
    assertThat(bbr.cwnd()).isEqualTo(4);
    ack(noRate(1, 0), 4, CaState.OPEN);
    now += 201;
    ack(round(4, false), 4, CaState.OPEN);
    assertThat(bbr.cwnd()).isEqualTo(saved + 1); // restored, then one acked packet of growth

    ack(round(4, false), 30, CaState.OPEN); // the third flat round: full bandwidth
    assertThat(bbr.ssthresh()).isEqualTo(40).isLessThan(saved);
    ack(noRate(1, 0), 2, CaState.RECOVERY);
    assertThat(bbr.cwnd()).isEqualTo(3);
    bbr.onExitRecovery();
    assertThat(bbr.cwnd()).isEqualTo(40);
    ack(noRate(1, 0), 2, CaState.OPEN);
    assertThat(bbr.cwnd()).isEqualTo(saved + 1); // the saved window beats ssthresh
  }
}
