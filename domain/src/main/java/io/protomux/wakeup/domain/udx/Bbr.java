package io.protomux.wakeup.domain.udx;

/**
 * libudx's congestion control ({@code udx_bbr.c}): BBR v1 as in Linux's {@code tcp_bbr.c}, but
 * counting packets and milliseconds. It models the path as a bottleneck bandwidth (windowed max of
 * delivery-rate samples over 10 rounds, packets/ms) and a propagation delay (windowed min RTT over
 * 10 s), and sets the two outputs the stream obeys: {@link #cwnd()} in packets and {@link
 * #pacingRateBytesPerMs()} for the {@link Pacer}. Function names mirror libudx's so the two can be
 * read side by side; the doc is UDX.md sections 6.2 and 13.
 *
 * <p>How the stream calls it (libudx {@code process_packet}, {@code _send_packet}, timers):
 *
 * <ul>
 *   <li>Incoming ACK: if the cumulative ack passes {@code high_seq} while in RECOVERY, call {@link
 *       #onExitRecovery()} (before acking the packets; not for LOSS) and set the state to OPEN.
 *       Ack the packets through the {@link DeliveryRateSampler}, run RACK (which may enter
 *       RECOVERY and send), then, only if data was in flight before the ACK, call {@link #onAck}
 *       with the sampler's sample, the in-flight queue length at that point and the current
 *       {@link CaState}.
 *   <li>After a transmission that found the in-flight queue empty (new data or retransmission):
 *       {@link #onTransmitStart}.
 *   <li>Retransmission timeout, after the stream has set LOSS and requeued lost packets: {@link
 *       #onRto()}.
 *   <li>Sending: packets in flight below {@code min(cwnd(), rwnd in packets)} (retransmissions
 *       only {@code cwnd()}), and the pacer's bucket non-empty at {@link #pacingRateBytesPerMs()}.
 * </ul>
 *
 * <p>Integer conversions happen where libudx converts to {@code uint32_t}; the gains are held as
 * {@code float}, as libudx's {@code pacing_gain}/{@code cwnd_gain} are, so products truncate alike.
 */
final class Bbr {
  static final int BW_FILTER_CYCLES = BbrGainCycle.CYCLE_LEN + 2;
  static final long MIN_RTT_INTERVAL_MS = 10_000;
  static final long MIN_PROBE_RTT_MODE_MS = 200;
  static final double PACING_MARGIN_PERCENT = 0.99;
  static final double HIGH_GAIN = 2.88539; // 2/ln(2)
  static final double DRAIN_GAIN = 1 / 2.88539;
  static final double CWND_GAIN = 2.0;
  static final int CWND_MIN_TARGET = 4;
  static final double FULL_BW_THRESH = 1.25;
  static final int FULL_BW_COUNT = 3;
  static final int INITIAL_CWND = 10;
  static final int INITIAL_SSTHRESH = 0xFFFF;
  /** {@code min_rtt_ms} before any RTT sample ({@code ~0U}); the BDP is then 10 packets. */
  static final long NO_MIN_RTT = 0xFFFFFFFFL;

  private final DeliveryRateSampler rate;
  private final BbrAckAggregation aggregation;
  private final BbrGainCycle cycle = new BbrGainCycle();
  private int cwnd = INITIAL_CWND;
  private int ssthresh = INITIAL_SSTHRESH;
  private final BbrPacingRate pacing;

  private long minRttMs = NO_MIN_RTT;
  private long minRttStamp;
  private long probeRttDoneTime;
  private final WinFilter bw;
  private int rttCount;
  private int nextRttDelivered;
  private BbrMode state;
  private CaState prevCaState = CaState.OPEN;
  private boolean usePacketConservation;
  private boolean roundStart;
  private boolean idleRestart;
  private boolean probeRttRoundDone;
  private float pacingGain;
  private float cwndGain;
  private boolean fullBwReached;
  private int fullBwCount;
  private int priorCwnd;
  private double fullBw;

  /**
   * {@code bbr_init} for a new stream (cwnd 10, ssthresh 0xFFFF, no RTT yet): the pacing rate
   * starts as if 10 packets were delivered per millisecond, times the STARTUP gain.
   *
   * @param rate the stream's sampler, whose counters BBR reads and whose app-limited mark it sets
   * @param maxPayload the stream's current maximum payload (libudx: 1132 before the remote is set)
   */
  Bbr(DeliveryRateSampler rate, long nowMs, int maxPayload) {
    this.rate = rate;
    this.nextRttDelivered = rate.delivered();
    this.minRttStamp = nowMs;
    this.bw = new WinFilter(Integer.toUnsignedLong(rttCount), 0);
    this.aggregation = new BbrAckAggregation(nowMs);
    this.pacing = new BbrPacingRate(cwnd, 0, maxPayload);
    resetStartupMode();
  }

  /**
   * {@code bbr_main}: runs the model on one ACK's sample and sets pacing rate and cwnd.
   *
   * @param rs this ACK's sample from {@link DeliveryRateSampler#generate}
   * @param inflight packets in the in-flight queue now (sent, not acked, not declared lost),
   *     including any RACK loss detection just sent
   * @param caState the stream's recovery state after this ACK's loss detection
   * @param srttMs the stream's smoothed RTT (0 before a sample)
   * @param maxPayload the current maximum payload
   */
  void onAck(
      RateSample rs, long nowMs, int inflight, CaState caState, long srttMs, int maxPayload) {
    bbrUpdateModel(rs, nowMs, inflight);
    double bwNow = bbrBw();
    pacing.set(bwNow, pacingGain, cwnd, fullBwReached, srttMs, maxPayload);
    bbrSetCwnd(rs, rs.ackedSacked(), bwNow, cwndGain, inflight, caState);
  }

  /**
   * {@code bbr_on_transmit_start}: the stream sent into an empty pipe; if that was because the
   * application had nothing to send, restart from idle (RFC draft 4.2.2) rather than probe.
   */
  void onTransmitStart(long nowMs, long srttMs, int maxPayload) {
    if (rate.appLimited() != 0) {
      idleRestart = true;
      aggregation.restartEpoch(nowMs);
      if (state == BbrMode.PROBE_BW) {
        pacing.set(bbrBw(), 1.0, cwnd, fullBwReached, srttMs, maxPayload);
      } else if (state == BbrMode.PROBE_RTT) {
        bbrCheckProbeRttDone(nowMs);
      }
    }
  }

  /**
   * {@code bbr_on_rto}: a dummy loss sample; the next ACK counts as a round start and the
   * full-bandwidth reference restarts (which only matters while still in STARTUP).
   */
  void onRto() {
    prevCaState = CaState.LOSS;
    fullBw = 0.0;
    roundStart = true;
  }

  /**
   * What libudx's {@code process_packet} does when fast recovery ends: cwnd becomes {@code
   * ssthresh}, and the next {@link #onAck} in OPEN raises it to at least the saved cwnd.
   */
  void onExitRecovery() {
    cwnd = ssthresh;
  }

  private void bbrUpdateModel(RateSample rs, long nowMs, int inflight) {
    bbrUpdateBw(rs);
    aggregation.bbrUpdateAckAggregation(rs, roundStart, rate.deliveredTimeMs(), bbrBw(), cwnd);
    if (state == BbrMode.PROBE_BW) {
      double maxBw = bbrMaxBw();
      cycle.update(
          rs,
          inflight,
          rate.deliveredTimeMs(),
          minRttMs,
          pacingGain,
          bbrBdp(maxBw, pacingGain),
          bbrBdp(maxBw, 1.0));
    }
    bbrCheckFullBwReached(rs);
    bbrCheckDrain(inflight);
    bbrUpdateMinRtt(rs, nowMs, inflight);
    bbrUpdateGains();
  }

  private void bbrUpdateBw(RateSample rs) {
    roundStart = false;
    if (!rs.hasRate()) {
      return;
    }
    if (Seq.ge(rs.priorDelivered(), nextRttDelivered)) {
      nextRttDelivered = rate.delivered();
      rttCount++;
      roundStart = true;
      usePacketConservation = false;
    }
    double sample = (double) rs.delivered() / rs.intervalMs();
    // An app-limited sample only shows what the application offered: it may raise, never lower.
    if (!rs.isAppLimited() || sample >= bbrMaxBw()) {
      bw.applyMax(BW_FILTER_CYCLES, Integer.toUnsignedLong(rttCount), sample);
    }
  }

  private void bbrCheckFullBwReached(RateSample rs) {
    if (fullBwReached || !roundStart || rs.isAppLimited()) {
      return;
    }
    if (bbrMaxBw() >= fullBw * FULL_BW_THRESH) {
      fullBw = bbrMaxBw();
      fullBwCount = 0;
      return;
    }
    fullBwCount++;
    fullBwReached = fullBwCount >= FULL_BW_COUNT;
  }

  private void bbrCheckDrain(int inflight) {
    if (state == BbrMode.STARTUP && fullBwReached) {
      state = BbrMode.DRAIN;
      ssthresh = (int) bbrBdp(bbrMaxBw(), 1.0);
    }
    if (state == BbrMode.DRAIN && inflight <= bbrBdp(bbrMaxBw(), 1.0)) {
      bbrResetProbeBwMode();
    }
  }

  private void bbrUpdateMinRtt(RateSample rs, long nowMs, int inflight) {
    boolean filterExpired = nowMs - (minRttStamp + MIN_RTT_INTERVAL_MS) > 0;
    // libudx never sets is_ack_delayed, so an expired filter takes any sample.
    if (rs.rttMs() >= 0 && (rs.rttMs() < minRttMs || filterExpired)) {
      minRttMs = rs.rttMs() != 0 ? rs.rttMs() & 0xFFFFFFFFL : 1; // the clock has 1 ms resolution
      minRttStamp = nowMs;
    }
    if (filterExpired && !idleRestart && state != BbrMode.PROBE_RTT) {
      state = BbrMode.PROBE_RTT;
      bbrSaveCwnd();
      probeRttDoneTime = 0;
    }
    if (state == BbrMode.PROBE_RTT) {
      // The small window is ours, not the path's: keep it out of the bandwidth filter.
      rate.markAppLimited(inflight);
      if (probeRttDoneTime == 0 && inflight <= CWND_MIN_TARGET) {
        probeRttDoneTime = nowMs + MIN_PROBE_RTT_MODE_MS;
        probeRttRoundDone = false;
        nextRttDelivered = rate.delivered();
      } else if (probeRttDoneTime != 0) {
        if (roundStart) {
          probeRttRoundDone = true;
        }
        if (probeRttRoundDone) {
          bbrCheckProbeRttDone(nowMs);
        }
      }
    }
    if (rs.delivered() > 0) {
      idleRestart = false;
    }
  }

  private void bbrCheckProbeRttDone(long nowMs) {
    if (!(probeRttDoneTime != 0 && nowMs - probeRttDoneTime > 0)) {
      return;
    }
    minRttStamp = nowMs;
    cwnd = Math.max(cwnd, priorCwnd);
    bbrResetMode();
  }

  private void bbrSaveCwnd() {
    // Entering PROBE_RTT sets the mode first, so (as in Linux) this keeps the larger of the two.
    if (prevCaState.compareTo(CaState.RECOVERY) < 0 && state != BbrMode.PROBE_RTT) {
      priorCwnd = cwnd;
    } else {
      priorCwnd = Math.max(priorCwnd, cwnd);
    }
  }

  private void bbrUpdateGains() {
    switch (state) {
      case STARTUP -> {
        pacingGain = (float) HIGH_GAIN;
        cwndGain = (float) HIGH_GAIN;
      }
      case DRAIN -> {
        pacingGain = (float) DRAIN_GAIN;
        cwndGain = (float) HIGH_GAIN;
      }
      case PROBE_BW -> {
        pacingGain = (float) cycle.gain();
        cwndGain = (float) CWND_GAIN;
      }
      case PROBE_RTT -> {
        pacingGain = 1.0f;
        cwndGain = 1.0f;
      }
    }
  }

  private void resetStartupMode() {
    state = BbrMode.STARTUP;
  }

  private void bbrResetProbeBwMode() {
    state = BbrMode.PROBE_BW;
    cycle.reset(rate.deliveredTimeMs());
  }

  private void bbrResetMode() {
    if (!fullBwReached) {
      resetStartupMode();
    } else {
      bbrResetProbeBwMode();
    }
  }

  private void bbrSetCwnd(
      RateSample rs, int acked, double bwNow, double gain, int inflight, CaState caState) {
    long next = cwnd;
    if (acked != 0) {
      next = bbrSetCwndToRecoverOrRestore(rs, acked, inflight, caState);
      if (!usePacketConservation) {
        long aggregationCwnd = aggregation.bbrAckAggregationCwnd(bbrBw(), fullBwReached);
        long target = (bbrBdp(bwNow, gain) + aggregationCwnd) & 0xFFFFFFFFL;
        if (fullBwReached) {
          next = Math.min(next + acked, target);
        } else if (next < target || Integer.compareUnsigned(rate.delivered(), 10) < 0) {
          next = next + acked;
        }
        next = Math.max(next, CWND_MIN_TARGET);
      }
    }
    cwnd = (int) next;
    if (state == BbrMode.PROBE_RTT) {
      cwnd = Math.min(cwnd, CWND_MIN_TARGET);
    }
  }

  /** Returns the cwnd to use; {@link #usePacketConservation} says whether it is final. */
  private long bbrSetCwndToRecoverOrRestore(
      RateSample rs, int acked, int inflight, CaState caState) {
    long next = cwnd;
    // An ack for p packets releases at most 2p: losses come off first (signed, as libudx).
    if (rs.losses() > 0) {
      next = Math.max(cwnd - rs.losses(), 1);
    }
    if (caState == CaState.RECOVERY && prevCaState != CaState.RECOVERY) {
      usePacketConservation = true;
      nextRttDelivered = rate.delivered(); // conserve for one round from here
      next = (long) inflight + acked;
    } else if (prevCaState.compareTo(CaState.RECOVERY) >= 0 && caState == CaState.OPEN) {
      next = Math.max(next, priorCwnd);
      usePacketConservation = false;
    }
    prevCaState = caState;
    if (usePacketConservation) {
      return Math.max(next, (long) inflight + acked);
    }
    return next;
  }

  /** {@code bbr_bdp}: packets, or 10 (the initial cwnd) before any RTT sample. */
  private long bbrBdp(double bwNow, double gain) {
    if (minRttMs == NO_MIN_RTT) {
      return 10;
    }
    return u32(bwNow * minRttMs * gain);
  }

  private double bbrMaxBw() {
    return bw.get();
  }

  private double bbrBw() {
    return bbrMaxBw();
  }

  /** A double converted as x86-64 converts it to {@code uint32_t} (truncate, keep 32 bits). */
  static long u32(double value) {
    return ((long) value) & 0xFFFFFFFFL;
  }

  /** Congestion window in packets. */
  int cwnd() {
    return cwnd;
  }

  /** Slow-start threshold in packets: 0xFFFF until DRAIN first sets it to the BDP. */
  int ssthresh() {
    return ssthresh;
  }

  /** Pacing rate for the {@link Pacer}, whole bytes per millisecond, at least 1. */
  long pacingRateBytesPerMs() {
    return pacing.bytesPerMs();
  }

  /** The estimated bandwidth-delay product in packets ({@code bbr_bdp(max_bw, 1)}). */
  long bdp() {
    return bbrBdp(bbrMaxBw(), 1.0);
  }

  /** The bottleneck bandwidth estimate in packets per millisecond. */
  double bw() {
    return bbrBw();
  }

  /** {@code udx_stream_get_bw}: the estimate in payload bytes per second. */
  long bwBytesPerSecond(int maxPayload) {
    return (long) (bbrBw() * 1000 * maxPayload);
  }

  /** The windowed min RTT, {@link #NO_MIN_RTT} before a sample. */
  long minRttMs() {
    return minRttMs;
  }

  /** When the min RTT was last refreshed. */
  long minRttStampMs() {
    return minRttStamp;
  }

  BbrMode mode() {
    return state;
  }

  /** The current pacing gain (0 until the first {@link #onAck}, as libudx). */
  float pacingGain() {
    return pacingGain;
  }

  float cwndGain() {
    return cwndGain;
  }

  /** PROBE_BW phase, 0..7, into the gain cycle 1.25, 0.75, 1 × 6. */
  int cycleIndex() {
    return cycle.index();
  }

  /** Packet-timed round trips counted so far. */
  int roundCount() {
    return rttCount;
  }

  boolean fullBwReached() {
    return fullBwReached;
  }

  /** Whether fast recovery is holding cwnd to in-flight plus acked (packet conservation). */
  boolean packetConservation() {
    return usePacketConservation;
  }
}
