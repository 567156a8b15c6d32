package io.protomux.wakeup.domain.udx;

/**
 * PROBE_BW's pacing-gain cycle ({@code bbr_update_cycle_phase}, {@code bbr_is_next_cycle_phase},
 * {@code bbr_advance_cycle_phase} in libudx's {@code udx_bbr.c}), kept apart from {@link Bbr}
 * only for size. Eight phases of about one min-RTT each: 1.25 probes for more bandwidth, 0.75
 * drains the queue the probe built, six at 1 cruise. libudx always enters at the fifth phase where
 * Linux picks a random one (its comment: "should be randomly chosen"), so competing libudx flows
 * probe in step.
 */
final class BbrGainCycle {
  static final int CYCLE_LEN = 8;
  private static final double[] PACING_GAIN = {1.25, 0.75, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0};

  private int cycleIndex;
  private long cycleTimestamp;

  /** Entering PROBE_BW ({@code bbr_reset_probe_bw_mode}): the phase after index 3. */
  void reset(long deliveredTimeMs) {
    cycleIndex = 3;
    advance(deliveredTimeMs);
  }

  /**
   * One ACK in PROBE_BW: moves to the next phase when this one is done.
   *
   * @param deliveredTimeMs the sampler's {@code delivered_ts}: phases are timed on deliveries
   * @param pacingGain the gain in force (libudx's {@code float})
   * @param inflightAtGain {@code bbr_inflight(max_bw, pacing_gain)}
   * @param bdp {@code bbr_inflight(max_bw, 1)}
   */
  void update(
      RateSample rs,
      int inflight,
      long deliveredTimeMs,
      long minRttMs,
      float pacingGain,
      long inflightAtGain,
      long bdp) {
    boolean next =
        isNextCyclePhase(rs, inflight, deliveredTimeMs, minRttMs, pacingGain, inflightAtGain, bdp);
    if (next) {
      advance(deliveredTimeMs);
    }
  }

  private boolean isNextCyclePhase(
      RateSample rs,
      int inflight,
      long deliveredTimeMs,
      long minRttMs,
      float pacingGain,
      long inflightAtGain,
      long bdp) {
    // libudx's time_delta_ms: the difference cut to uint32
    boolean isFullLength = ((deliveredTimeMs - cycleTimestamp) & 0xFFFFFFFFL) > minRttMs;
    if (pacingGain == 1.0f) {
      return isFullLength;
    }
    if (pacingGain > 1.0f) {
      // Probe for a whole min-RTT, and until it either loses or fills the pipe above the BDP.
      return isFullLength && (rs.losses() != 0 || inflight > inflightAtGain);
    }
    // Give back early once the probe's queue has drained.
    return isFullLength || inflight <= bdp;
  }

  private void advance(long deliveredTimeMs) {
    cycleIndex = (cycleIndex + 1) & (CYCLE_LEN - 1);
    cycleTimestamp = deliveredTimeMs;
  }

  /** The pacing gain of the current phase. */
  double gain() {
    return PACING_GAIN[cycleIndex];
  }

  /** The current phase, 0..7. */
  int index() {
    return cycleIndex;
  }
}
