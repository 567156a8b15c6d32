package io.protomux.wakeup.domain.udx;

/**
 * What libudx stamps on a {@code udx_packet_t} each time it is sent, so that its ACK can yield a
 * delivery-rate sample: the stream embeds one in every packet it keeps for retransmission, and
 * {@link DeliveryRateSampler#onPacketSent} overwrites it on every (re)transmission. The stream
 * reads {@link #sentTimeMs()} for RACK and {@link #retransmitted()} for Karn's rule from here too,
 * so that send time exists once.
 *
 * <p>Mutable on purpose: one holder per packet for the packet's lifetime, no allocation per send.
 */
final class PacketDeliveryState {
  private int seq;
  private long sentTimeMs;
  private boolean retransmitted;
  private long firstSentTimeMs;
  private long deliveredTimeMs;
  private int delivered;
  private boolean appLimited;

  /** For the packet with sequence number {@code seq}; nothing is stamped until it is sent. */
  PacketDeliveryState(int seq) {
    this.seq = seq;
  }

  /** Reuses the holder for another packet (sent packets are pooled). */
  void reset(int seq) {
    this.seq = seq;
    sentTimeMs = 0;
    retransmitted = false;
    firstSentTimeMs = 0;
    deliveredTimeMs = 0;
    delivered = 0;
    appLimited = false;
  }

  /** Called by the sampler only, at each transmission. */
  void stamp(
      long nowMs,
      boolean retransmit,
      long firstSentTimeMs,
      long deliveredTimeMs,
      int delivered,
      boolean appLimited) {
    this.sentTimeMs = nowMs;
    if (retransmit) {
      this.retransmitted = true; // sticky: "ever retransmitted", as libudx's Karn check wants
    }
    this.firstSentTimeMs = firstSentTimeMs;
    this.deliveredTimeMs = deliveredTimeMs;
    this.delivered = delivered;
    this.appLimited = appLimited;
  }

  /** The packet's sequence number: breaks ties between packets sent in the same millisecond. */
  int seq() {
    return seq;
  }

  /** When it was last (re)transmitted ({@code time_sent}). */
  long sentTimeMs() {
    return sentTimeMs;
  }

  /** Whether it was ever retransmitted ({@code retransmitted}). */
  boolean retransmitted() {
    return retransmitted;
  }

  /**
   * Send time of the most recently acked packet when this one was sent ({@code first_sent_ts}):
   * the start of this packet's send interval.
   */
  long firstSentTimeMs() {
    return firstSentTimeMs;
  }

  /**
   * When the stream's delivered count last advanced before this send ({@code delivered_ts}); 0
   * means never stamped, so a clock that reads 0 after the stream starts loses that sample, as in
   * libudx.
   */
  long deliveredTimeMs() {
    return deliveredTimeMs;
  }

  /** The stream's delivered count when this was sent ({@code delivered}), a wrapping uint32. */
  int delivered() {
    return delivered;
  }

  /** Whether the sender was application-limited when this was sent ({@code is_app_limited}). */
  boolean appLimited() {
    return appLimited;
  }
}
