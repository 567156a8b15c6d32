package io.protomux.wakeup.domain.udx;

/**
 * RFC 6298 on whole milliseconds, as libudx computes it: the 1 s floor, the 30 s cap, the clamp
 * of absurd samples (a suspended laptop), and its quirk that a first sample of 0 ms leaves srtt at
 * 0, so the next sample counts as the first again.
 */
final class RttEstimator {
  static final long RTO_INITIAL = 1000;
  static final long RTO_MIN = 1000;
  static final long RTO_MAX = 30000;
  private static final long CLAMP_ABOVE = 5000;
  private static final long MIN_RTT_WINDOW = 300_000;

  private long srtt;
  private long rttvar;
  private long rto = RTO_INITIAL;
  private long minRtt = Long.MAX_VALUE;
  private long minRttStamp;
  private boolean sampled;

  void onSample(long rtt, long now) {
    if (srtt != 0 && rtt > CLAMP_ABOVE && rtt > srtt + 5 * rttvar) {
      rtt = srtt + 5 * rttvar;
    }
    if (srtt == 0) {
      srtt = rtt;
      rttvar = rtt / 2;
    } else {
      rttvar = (3 * rttvar + Math.abs(srtt - rtt)) / 4;
      srtt = (7 * srtt + rtt) / 8;
    }
    rto = Math.min(Math.max(srtt + 4 * rttvar, RTO_MIN), RTO_MAX);
    sampled = true;
    if (rtt <= minRtt || now - minRttStamp > MIN_RTT_WINDOW) {
      minRtt = rtt;
      minRttStamp = now;
    }
  }

  long srtt() {
    return srtt;
  }

  long rttvar() {
    return rttvar;
  }

  long rto() {
    return rto;
  }

  boolean sampled() {
    return sampled;
  }

  /** The windowed minimum for RACK's reorder window; 0 before any sample. */
  long minRtt() {
    return minRtt == Long.MAX_VALUE ? 0 : minRtt;
  }
}
