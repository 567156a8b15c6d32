package io.protomux.wakeup.domain.udx;

/**
 * The four BBR v1 modes ({@code UDX_BBR_STATE_*}), exposed so that tests and metrics can see which
 * phase of the model the stream is in; nothing outside {@link Bbr} should branch on them.
 */
enum BbrMode {
  /** Doubling the sending rate each round until the bandwidth estimate stops growing. */
  STARTUP,
  /** Pacing below the estimate until the queue STARTUP built is gone (in flight ≤ BDP). */
  DRAIN,
  /** Steady state: cycling the pacing gain around 1 to probe for bandwidth and give it back. */
  PROBE_BW,
  /** Window capped at 4 packets for 200 ms and a round so that the path's real RTT can be seen. */
  PROBE_RTT
}
