package io.protomux.wakeup.domain.udx;

/**
 * libudx's delivery-rate estimator ({@code udx_rate.c}, after Linux's {@code tcp_rate.c} and the
 * IETF draft "Delivery Rate Estimation"), in packets and milliseconds. BBR needs a bandwidth
 * sample per ACK that is robust to ACK compression and to the sender running out of data; this
 * gets it by stamping each sent packet with the stream's delivery progress and, when the packet is
 * acked, dividing the packets delivered since by the longer of the send and ack intervals.
 *
 * <p>One per stream; it also owns the stream-wide counters libudx keeps for it ({@code delivered},
 * {@code app_limited}, {@code first_sent_ts}, {@code delivered_ts}) so that {@link Bbr} reads them
 * from one place.
 *
 * <p>How the stream calls it:
 *
 * <ul>
 *   <li>Per transmission (libudx {@code _send_packet}), new or retransmitted: {@link
 *       #checkAppLimited} with the stream's numbers before the packet joins the in-flight queue,
 *       then {@link #onPacketSent}.
 *   <li>Per incoming ACK that reaches the ack-processing part: {@link #beginAck} first; {@link
 *       #onPacketDelivered} for each packet newly acked, cumulatively and then by SACK, never
 *       twice for one packet; then, after RACK loss detection and only if data was in flight
 *       before the ACK, {@link #generate} and hand its sample to {@link Bbr#onAck}.
 * </ul>
 *
 * <p>Sequence-like counters ({@code delivered}, {@code app_limited}) are uint32 that wrap, held in
 * an {@code int} and compared with {@link Seq}.
 */
final class DeliveryRateSampler {
  /**
   * The minimum RTT to pass to {@link #generate} before RACK has any RTT sample: libudx's
   * windowed minimum starts at {@code ~0U}, so every interval is "too short" until then.
   */
  static final long NO_RTT = 0xFFFFFFFFL;

  private int delivered;
  // libudx starts "app limited" (~0) because no network limit has been seen yet.
  private int appLimited = ~0;
  private long firstSentTimeMs;
  private long deliveredTimeMs;
  private int rateDelivered;
  private long rateIntervalMs;
  private boolean rateSampleIsAppLimited = true;

  // The sample being built from this ACK's deliveries (libudx's stack-allocated rs).
  private int deliveredAtAckStart;
  private int priorDelivered;
  private long priorTimestampMs;
  private long sndIntervalMs;
  private boolean sampleAppLimited;
  private boolean sampleRetrans;
  private int sampleSeq;

  /**
   * {@code udx__rate_check_app_limited}: before each transmission, marks the stream app-limited
   * until the packets now in flight are delivered if the application has left less than one
   * packet of unacknowledged data, the window is not full and nothing waits for retransmission.
   *
   * @param writesQueuedBytes bytes the application wrote that are not yet acknowledged (libudx's
   *     {@code writes_queued_bytes}: in-flight bytes count too, so a bulk sender is almost never
   *     app-limited)
   * @param maxPayload the current maximum payload
   * @param inflight packets in the in-flight queue, before this one joins it
   * @param retransmitQueued packets in the retransmit queue (a lost packet being resent is still
   *     in it)
   * @param cwnd the current congestion window in packets
   */
  void checkAppLimited(
      long writesQueuedBytes, int maxPayload, int inflight, int retransmitQueued, int cwnd) {
    if (writesQueuedBytes < maxPayload && inflight < cwnd && retransmitQueued == 0) {
      markAppLimited(inflight);
    }
  }

  /**
   * Marks the stream app-limited until the packets in flight are delivered; BBR does this
   * unconditionally in PROBE_RTT so that its deliberately small window yields no bandwidth cut.
   */
  void markAppLimited(int inflight) {
    int until = delivered + inflight;
    appLimited = until != 0 ? until : 1; // 0 means "not app-limited", so never mark with it
  }

  /**
   * {@code udx__rate_pkt_sent}: stamps the packet at a transmission (and sets its send time and
   * retransmitted flag, which libudx sets just before).
   *
   * @param nothingUnacked whether {@code stream.seq == stream.remoteAcked} just before this
   *     packet's sequence number is consumed: nothing sent is unacknowledged, so this packet
   *     starts a new flight and both interval clocks restart now (always false for a
   *     retransmission)
   */
  void onPacketSent(
      PacketDeliveryState p, long nowMs, boolean retransmit, boolean nothingUnacked) {
    if (nothingUnacked) {
      firstSentTimeMs = nowMs;
      deliveredTimeMs = nowMs;
    }
    p.stamp(nowMs, retransmit, firstSentTimeMs, deliveredTimeMs, delivered, appLimited != 0);
  }

  /** Starts the sample of one incoming ACK (libudx: {@code rs = {.rtt_ms = -1}}). */
  void beginAck() {
    deliveredAtAckStart = delivered;
    priorDelivered = 0;
    priorTimestampMs = 0;
    sndIntervalMs = 0;
    sampleAppLimited = false;
    sampleRetrans = false;
    sampleSeq = 0;
  }

  /**
   * {@code udx__rate_pkt_delivered} plus the {@code stream->delivered++} that follows it: the
   * sample takes its stamps from the most recently sent of the packets this ACK delivers.
   */
  void onPacketDelivered(PacketDeliveryState p) {
    if (p.deliveredTimeMs() != 0) {
      if (priorDelivered == 0 || sentAfter(p.sentTimeMs(), p.seq(), firstSentTimeMs, sampleSeq)) {
        priorDelivered = p.delivered();
        priorTimestampMs = p.deliveredTimeMs();
        sampleAppLimited = p.appLimited();
        sampleRetrans = p.retransmitted();
        sampleSeq = p.seq();
        firstSentTimeMs = p.sentTimeMs(); // the next flight's send interval starts here
        sndIntervalMs = msDelta(firstSentTimeMs, p.firstSentTimeMs());
      }
    }
    delivered++;
  }

  /**
   * {@code udx__rate_gen}: the sample of this ACK.
   *
   * @param nowMs the current time
   * @param lost packets newly declared lost since {@link #beginAck}
   * @param minRttMs RACK's windowed minimum RTT ({@link #NO_RTT} before any sample): shorter
   *     intervals are discarded because they would overestimate the rate
   * @param rttMs the RTT sample RACK took from this ACK, -1 if none
   */
  RateSample generate(long nowMs, int lost, long minRttMs, long rttMs) {
    // The app-limited bubble is gone once everything in flight at marking time is delivered.
    if (appLimited != 0 && Seq.gt(delivered, appLimited)) {
      appLimited = 0;
    }
    int acked = delivered - deliveredAtAckStart;
    if (acked != 0) {
      deliveredTimeMs = nowMs;
    }
    if (priorTimestampMs == 0) {
      return sample(acked, lost, -1, -1, 0, 0, rttMs);
    }
    int sampleDelivered = delivered - priorDelivered;
    long ackMs = msDelta(nowMs, priorTimestampMs);
    long interval = Math.max(sndIntervalMs, ackMs);
    if (interval < minRttMs) {
      return sample(acked, lost, sampleDelivered, -1, sndIntervalMs, ackMs, rttMs);
    }
    // An app-limited sample replaces the saved one only if it shows a higher rate.
    if (!sampleAppLimited
        || (long) sampleDelivered * rateIntervalMs >= (long) rateDelivered * interval) {
      rateDelivered = sampleDelivered;
      rateIntervalMs = interval;
      rateSampleIsAppLimited = sampleAppLimited;
    }
    return sample(acked, lost, sampleDelivered, interval, sndIntervalMs, ackMs, rttMs);
  }

  private RateSample sample(
      int acked, int lost, int sampleDelivered, long interval, long snd, long rcv, long rttMs) {
    return new RateSample(
        acked,
        lost,
        sampleDelivered,
        interval,
        snd,
        rcv,
        priorDelivered,
        priorTimestampMs,
        rttMs,
        sampleAppLimited,
        sampleRetrans,
        sampleSeq);
  }

  /** libudx's {@code rack_sent_after}: later send time, or the same millisecond and higher seq. */
  static boolean sentAfter(long t1, int seq1, long t2, int seq2) {
    return t1 > t2 || (t1 == t2 && Seq.lt(seq2, seq1));
  }

  /** libudx's {@code stamp_ms_delta}: a non-negative difference, cut to uint32. */
  private static long msDelta(long t1, long t0) {
    return Math.max(t1 - t0, 0) & 0xFFFFFFFFL;
  }

  /** Packets delivered so far, including retransmissions ({@code stream->delivered}). */
  int delivered() {
    return delivered;
  }

  /** When {@link #delivered()} last advanced ({@code delivered_ts}). */
  long deliveredTimeMs() {
    return deliveredTimeMs;
  }

  /** Send time of the most recently acked packet ({@code first_sent_ts}). */
  long firstSentTimeMs() {
    return firstSentTimeMs;
  }

  /** App-limited until {@link #delivered()} passes this; 0 when not app-limited. */
  int appLimited() {
    return appLimited;
  }

  /** Packets of the last sample saved as the stream's rate ({@code rate_delivered}). */
  int rateDelivered() {
    return rateDelivered;
  }

  /** Interval of the last saved sample ({@code rate_interval_ms}). */
  long rateIntervalMs() {
    return rateIntervalMs;
  }

  /** Whether the last saved sample was app-limited ({@code rate_sample_is_app_limited}). */
  boolean rateSampleIsAppLimited() {
    return rateSampleIsAppLimited;
  }
}
