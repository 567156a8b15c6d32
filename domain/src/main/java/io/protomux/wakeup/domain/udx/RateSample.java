package io.protomux.wakeup.domain.udx;

/**
 * One delivery-rate sample, libudx's {@code udx_rate_sample_t}: made once per incoming ACK by
 * {@link DeliveryRateSampler#generate} and consumed by {@link Bbr#onAck}. It is the only input
 * through which BBR learns bandwidth, RTT, acks and losses, which is why it also carries the
 * per-ACK counts ({@code ackedSacked}, {@code losses}) besides the rate itself.
 *
 * @param ackedSacked packets newly delivered (cumulatively or by SACK) by this ACK
 * @param losses packets newly declared lost while this ACK was processed
 * @param delivered packets delivered over the sample interval; -1 when no delivered packet carried
 *     a usable stamp (no sample)
 * @param intervalMs the sample interval, the larger of the send and ack intervals; -1 when there is
 *     no sample or the interval was shorter than the minimum RTT
 * @param sndIntervalMs the send interval (0 when there is no sample)
 * @param rcvIntervalMs the ack interval (0 when there is no sample)
 * @param priorDelivered the delivered count stamped on the most recently sent delivered packet
 * @param priorTimestampMs the delivered time stamped on that packet; 0 when none
 * @param rttMs the RTT sample RACK took from this ACK, -1 when none
 * @param isAppLimited whether that packet was sent while application-limited
 * @param isRetrans whether that packet had been retransmitted
 * @param seq that packet's sequence number
 */
record RateSample(
    int ackedSacked,
    int losses,
    int delivered,
    long intervalMs,
    long sndIntervalMs,
    long rcvIntervalMs,
    int priorDelivered,
    long priorTimestampMs,
    long rttMs,
    boolean isAppLimited,
    boolean isRetrans,
    int seq) {

  /** Whether it carries a bandwidth sample at all (libudx's test in {@code bbr_update_bw}). */
  boolean hasRate() {
    return delivered >= 0 && intervalMs > 0;
  }
}
