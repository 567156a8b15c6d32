package io.protomux.wakeup.domain.udx;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayDeque;
import org.junit.jupiter.api.Test;

/** The delivery-rate sampler: stamps on send, the sample of an ACK, the app-limited bubble. */
class DeliveryRateSamplerTest {
  private static final int MSS = 1152;
  private final DeliveryRateSampler rate = new DeliveryRateSampler();

  private PacketDeliveryState send(int seq, long nowMs, boolean nothingUnacked) {
    PacketDeliveryState p = new PacketDeliveryState(seq);
    rate.onPacketSent(p, nowMs, false, nothingUnacked);
    return p;
  }

  private RateSample ackOne(PacketDeliveryState p, long nowMs, long minRttMs) {
    rate.beginAck();
    rate.onPacketDelivered(p);
    return rate.generate(nowMs, 0, minRttMs, nowMs - p.sentTimeMs());
  }

  @Test
  void theFirstFlightRestartsBothClocksAndIsAppLimitedUntilTheFirstAck() {
    PacketDeliveryState p0 = send(0, 1_000, true);
    assertThat(p0.sentTimeMs()).isEqualTo(1_000);
    assertThat(p0.firstSentTimeMs()).isEqualTo(1_000);
    assertThat(p0.deliveredTimeMs()).isEqualTo(1_000);
    assertThat(p0.delivered()).isZero();
    assertThat(p0.appLimited()).isTrue(); // no network limit has been seen yet
    assertThat(p0.retransmitted()).isFalse();
    PacketDeliveryState p1 = send(1, 1_005, false);
    assertThat(p1.firstSentTimeMs()).isEqualTo(1_000);
    assertThat(p1.deliveredTimeMs()).isEqualTo(1_000);

    RateSample rs = ackOne(p0, 1_050, 50);
    assertThat(rs)
        .isEqualTo(new RateSample(1, 0, 1, 50, 0, 50, 0, 1_000, 50, true, false, 0));
    assertThat(rate.appLimited()).isZero();
    assertThat(rate.deliveredTimeMs()).isEqualTo(1_050);
    PacketDeliveryState p2 = send(2, 1_050, false);
    assertThat(p2.appLimited()).isFalse();
    assertThat(p2.delivered()).isEqualTo(1);
    assertThat(p2.deliveredTimeMs()).isEqualTo(1_050);
    assertThat(p2.firstSentTimeMs()).isEqualTo(1_000);

    RateSample second = ackOne(p1, 1_055, 50);
    assertThat(second.delivered()).isEqualTo(2);
    assertThat(second.sndIntervalMs()).isEqualTo(5);
    assertThat(second.intervalMs()).isEqualTo(55);
    assertThat(second.isAppLimited()).isTrue();
  }

  @Test
  void aSteadyFlowMeasuresItsRateAndAnAppLimitedDipDoesNotReplaceTheSavedRate() {
    ArrayDeque<PacketDeliveryState> inflight = new ArrayDeque<>();
    int seq = 0;
    int remoteAcked = 0;
    RateSample last = null;
    for (long t = 1_000; t < 1_650; t++) {
      while (!inflight.isEmpty() && inflight.peekFirst().sentTimeMs() + 50 == t) {
        PacketDeliveryState p = inflight.pollFirst();
        last = ackOne(p, t, 50);
        remoteAcked = p.seq() + 1;
        if (t >= 1_100) {
          assertThat(last.delivered()).as("t=%d", t).isEqualTo(50);
          assertThat(last.intervalMs()).as("t=%d", t).isEqualTo(50);
          assertThat(last.isAppLimited()).isFalse();
        }
      }
      if (t < 1_600) {
        rate.checkAppLimited(1_000_000, MSS, inflight.size(), 0, 100);
        inflight.addLast(send(seq, t, seq == remoteAcked));
        seq++;
      }
    }
    assertThat(last).isNotNull();
    assertThat(rate.rateDelivered()).isEqualTo(50);
    assertThat(rate.rateIntervalMs()).isEqualTo(50);
    assertThat(rate.rateSampleIsAppLimited()).isFalse();

    rate.checkAppLimited(0, MSS, 0, 0, 100); // idle: nothing queued, nothing in flight
    PacketDeliveryState lone = send(seq, 1_700, seq == remoteAcked);
    assertThat(lone.appLimited()).isTrue();
    assertThat(lone.firstSentTimeMs()).isEqualTo(1_700); // a new flight restarts the clocks
    RateSample dip = ackOne(lone, 1_750, 50);
    assertThat(dip.delivered()).isEqualTo(1);
    assertThat(dip.isAppLimited()).isTrue();
    assertThat(rate.rateDelivered()).isEqualTo(50); // 1 per 50 ms is lower: not saved
  }

  @Test
  void anIntervalShorterThanTheMinRttIsNoSample() {
    send(0, 1_000, true);
    PacketDeliveryState p = send(1, 1_000, false);
    RateSample rs = ackOne(p, 1_050, 100);
    assertThat(rs.delivered()).isEqualTo(1);
    assertThat(rs.intervalMs()).isEqualTo(-1);
    assertThat(rs.rcvIntervalMs()).isEqualTo(50);
    assertThat(rs.hasRate()).isFalse();

    PacketDeliveryState q = send(2, 1_050, false);
    assertThat(ackOne(q, 1_100, DeliveryRateSampler.NO_RTT).intervalMs()).isEqualTo(-1);
  }

  @Test
  void withoutAStampedPacketThereIsNoSampleAndTimeZeroMeansUnstamped() {
    rate.beginAck();
    RateSample empty = rate.generate(1_000, 2, 10, -1);
    assertThat(empty.delivered()).isEqualTo(-1);
    assertThat(empty.intervalMs()).isEqualTo(-1);
    assertThat(empty.ackedSacked()).isZero();
    assertThat(empty.losses()).isEqualTo(2);

    PacketDeliveryState atZero = send(0, 0, true); // a clock that starts at 0 loses this sample
    RateSample rs = ackOne(atZero, 50, 10);
    assertThat(rs.ackedSacked()).isEqualTo(1);
    assertThat(rs.delivered()).isEqualTo(-1);
    assertThat(rate.delivered()).isEqualTo(1);
  }

  @Test
  void theIntervalIsTheLongerOfSendAndAckIntervalsSoCompressedAcksDoNotInflateTheRate() {
    ackOne(send(0, 1_000, true), 1_050, 10);
    PacketDeliveryState[] flight = new PacketDeliveryState[10];
    for (int i = 0; i < 10; i++) {
      flight[i] = send(i + 1, 1_050 + 10L * i, false); // spread over 90 ms
    }
    rate.beginAck();
    for (PacketDeliveryState p : flight) {
      rate.onPacketDelivered(p); // all acked together
    }
    RateSample rs = rate.generate(1_150, 0, 10, 10);
    assertThat(rs.ackedSacked()).isEqualTo(10);
    assertThat(rs.delivered()).isEqualTo(10);
    assertThat(rs.sndIntervalMs()).isEqualTo(140);
    assertThat(rs.rcvIntervalMs()).isEqualTo(100);
    assertThat(rs.intervalMs()).isEqualTo(140);
    assertThat(rs.seq()).isEqualTo(10);
  }

  @Test
  void theMostRecentlySentDeliveredPacketGivesTheSampleTiesGoingToTheHigherSeq() {
    ackOne(send(0, 1_000, true), 1_050, 10);
    PacketDeliveryState p1 = send(1, 1_050, false);
    PacketDeliveryState p2 = send(2, 1_051, false);
    rate.onPacketSent(p1, 1_060, true, false); // p1 retransmitted: now the later one
    assertThat(p1.retransmitted()).isTrue();
    assertThat(p1.sentTimeMs()).isEqualTo(1_060);
    rate.beginAck();
    rate.onPacketDelivered(p2);
    rate.onPacketDelivered(p1);
    RateSample rs = rate.generate(1_070, 0, 10, -1);
    assertThat(rs.seq()).isEqualTo(1);
    assertThat(rs.isRetrans()).isTrue();
    assertThat(rs.sndIntervalMs()).isEqualTo(60);
    assertThat(rs.rttMs()).isEqualTo(-1);

    PacketDeliveryState p3 = send(3, 1_100, false);
    PacketDeliveryState p4 = send(4, 1_100, false);
    rate.beginAck();
    rate.onPacketDelivered(p4);
    rate.onPacketDelivered(p3);
    assertThat(rate.generate(1_150, 0, 10, 50).seq()).isEqualTo(4);
  }

  @Test
  void theAppLimitedBubbleLastsUntilEverythingInFlightAtMarkingIsDelivered() {
    ackOne(send(0, 1_000, true), 1_050, 10);
    assertThat(rate.appLimited()).isZero();
    rate.checkAppLimited(MSS, MSS, 2, 0, 10); // a full packet is still unacknowledged
    rate.checkAppLimited(500, MSS, 10, 0, 10); // the window is full
    rate.checkAppLimited(500, MSS, 2, 1, 10); // a retransmission is waiting
    assertThat(rate.appLimited()).isZero();
    rate.checkAppLimited(500, MSS, 2, 0, 10);
    assertThat(rate.appLimited()).isEqualTo(1 + 2);

    PacketDeliveryState p1 = send(1, 1_050, false);
    PacketDeliveryState p2 = send(2, 1_051, false);
    assertThat(p1.appLimited()).isTrue();
    assertThat(ackOne(p1, 1_100, 10).isAppLimited()).isTrue();
    ackOne(p2, 1_101, 10);
    assertThat(rate.appLimited()).isEqualTo(3); // delivered is 3: not yet past the mark
    PacketDeliveryState p3 = send(3, 1_101, false);
    assertThat(p3.appLimited()).isTrue();
    ackOne(p3, 1_151, 10);
    assertThat(rate.appLimited()).isZero();
    assertThat(send(4, 1_151, true).appLimited()).isFalse();

    DeliveryRateSampler fresh = new DeliveryRateSampler();
    fresh.markAppLimited(0);
    assertThat(fresh.appLimited()).isEqualTo(1); // 0 would mean "not limited"
  }
}
