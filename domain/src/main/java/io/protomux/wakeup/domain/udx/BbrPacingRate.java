package io.protomux.wakeup.domain.udx;

/**
 * BBR's pacing-rate output ({@code bbr_set_pacing_rate}, {@code bbr_init_pacing_rate_from_rtt},
 * {@code bbr_bw_to_pacing_rate} in libudx's {@code udx_bbr.c}), kept apart from {@link Bbr} only
 * for size. The rate is gain × bandwidth × max payload × 0.99 in whole bytes per millisecond (the
 * 1 % margin keeps the sender just below the estimate, so no queue builds at the bottleneck); until
 * the first RTT sample it is derived from cwnd over srtt instead, and before full bandwidth is
 * reached it never goes down, so a low early estimate cannot throttle STARTUP.
 */
final class BbrPacingRate {
  private long bytesPerMs;
  private boolean hasSeenRtt;

  /** {@code bbr_init}: cwnd packets per srtt (1 ms before any sample) at the STARTUP gain. */
  BbrPacingRate(int cwnd, long srttMs, int maxPayload) {
    initFromRtt(cwnd, srttMs, maxPayload);
  }

  /**
   * {@code bbr_set_pacing_rate}.
   *
   * @param bw the bandwidth estimate, packets/ms
   * @param gain the pacing gain (libudx passes a {@code float} gain widened to double)
   * @param cwnd the current cwnd, for the rate derived at the first RTT sample
   * @param fullBwReached whether STARTUP has found the pipe full: only then may the rate fall
   */
  void set(double bw, double gain, int cwnd, boolean fullBwReached, long srttMs, int maxPayload) {
    long rate = bwToPacingRate(bw, gain, maxPayload);
    if (!hasSeenRtt && srttMs != 0) {
      initFromRtt(cwnd, srttMs, maxPayload);
    }
    if (fullBwReached || rate > bytesPerMs) {
      bytesPerMs = rate & 0xFFFFFFFFL; // libudx stores it in 32 bits
    }
  }

  private void initFromRtt(int cwnd, long srttMs, int maxPayload) {
    long srtt = 1;
    if (srttMs != 0) {
      srtt = srttMs;
      hasSeenRtt = true;
    }
    bytesPerMs = bwToPacingRate((double) cwnd / srtt, Bbr.HIGH_GAIN, maxPayload);
  }

  private static long bwToPacingRate(double bw, double gain, int maxPayload) {
    long bpms = (long) (bw * maxPayload * gain * Bbr.PACING_MARGIN_PERCENT);
    return Math.max(bpms, 1);
  }

  /** Bytes per millisecond, at least 1. */
  long bytesPerMs() {
    return bytesPerMs;
  }
}
