package io.protomux.wakeup.domain.udx;

/**
 * BBR's ACK-aggregation estimate ({@code bbr_update_ack_aggregation} in libudx's {@code
 * udx_bbr.c}), kept apart from {@link Bbr} only for size. When ACKs arrive in bursts (receiver
 * batching, wifi, a sleeping event loop) a window of exactly BDP × gain would stall between bursts;
 * this measures how many packets were acked beyond what the bandwidth estimate predicts since the
 * ack rate last fell to the estimate, keeps the maximum over two 5-round windows, and lets {@link
 * Bbr} add it (capped at 100 ms of bandwidth) to the cwnd target once full bandwidth is reached.
 *
 * <p>Widths are libudx's: the per-window maxima are {@code uint16_t}, the epoch count {@code
 * uint32_t}, the round counter {@code uint8_t}.
 */
final class BbrAckAggregation {
  static final double EXTRA_ACKED_GAIN = 1.0;
  static final int EXTRA_ACKED_WIN_RTTS = 5;
  static final long ACK_EPOCH_ACKED_RESET_THRESH = 0xFFFFFFFFL;
  static final int EXTRA_ACKED_MAX_MS = 100;

  private long ackEpochStart;
  private long ackEpochAcked;
  private final int[] extraAcked = new int[2];
  private int extraAckedWinRtts;
  private int extraAckedWinIndex;

  /** Starts the first epoch at stream creation, as {@code bbr_init}. */
  BbrAckAggregation(long nowMs) {
    this.ackEpochStart = nowMs;
  }

  /** Sending resumed from idle: a burst of ACKs after the gap is no aggregation. */
  void restartEpoch(long nowMs) {
    ackEpochStart = nowMs;
    ackEpochAcked = 0;
  }

  /**
   * Feeds one ACK's sample.
   *
   * @param roundStart whether this ACK started a new packet-timed round
   * @param deliveredTimeMs the sampler's {@code delivered_ts}, already moved to this ACK
   * @param bw BBR's bandwidth estimate after this ACK's update, packets/ms
   * @param cwnd the window before this ACK changes it: no more than that counts as extra
   */
  void bbrUpdateAckAggregation(
      RateSample rs, boolean roundStart, long deliveredTimeMs, double bw, int cwnd) {
    if (EXTRA_ACKED_GAIN == 0 || rs.ackedSacked() <= 0 || !rs.hasRate()) {
      return;
    }
    if (roundStart) {
      extraAckedWinRtts = Math.min(0xff, extraAckedWinRtts + 1);
      if (extraAckedWinRtts >= EXTRA_ACKED_WIN_RTTS) {
        // Age out the older window so that the max covers 5 to 10 rounds.
        extraAckedWinRtts = 0;
        extraAckedWinIndex = extraAckedWinIndex != 0 ? 0 : 1;
        extraAcked[extraAckedWinIndex] = 0;
      }
    }
    long epochMs = (deliveredTimeMs - ackEpochStart) & 0xFFFFFFFFL;
    long expectedAcked = Bbr.u32(bw * epochMs);
    // A new epoch when the ack rate fell to the estimate (or the count would overflow).
    if (ackEpochAcked <= expectedAcked
        || ackEpochAcked + rs.ackedSacked() >= ACK_EPOCH_ACKED_RESET_THRESH) {
      ackEpochAcked = 0;
      ackEpochStart = deliveredTimeMs;
      expectedAcked = 0;
    }
    ackEpochAcked += rs.ackedSacked();
    long extra = Math.min(ackEpochAcked - expectedAcked, Integer.toUnsignedLong(cwnd));
    if (extra > extraAcked[extraAckedWinIndex]) {
      extraAcked[extraAckedWinIndex] = (int) (extra & 0xFFFF);
    }
  }

  /** The windowed maximum of extra-acked packets ({@code bbr_extra_acked}). */
  int extraAcked() {
    return Math.max(extraAcked[0], extraAcked[1]);
  }

  /**
   * {@code bbr_ack_aggregation_cwnd}: packets to add to the cwnd target, once full bandwidth is
   * reached, at most 100 ms worth of the estimate.
   */
  long bbrAckAggregationCwnd(double bw, boolean fullBwReached) {
    if (EXTRA_ACKED_GAIN == 0 || !fullBwReached) {
      return 0;
    }
    long maxAggrCwnd = Bbr.u32(bw * EXTRA_ACKED_MAX_MS);
    return Math.min(Bbr.u32(EXTRA_ACKED_GAIN * extraAcked()), maxAggrCwnd);
  }
}
