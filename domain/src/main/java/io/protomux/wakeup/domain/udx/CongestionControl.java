package io.protomux.wakeup.domain.udx;

/**
 * What a stream asks of its congestion control: how many packets may be in flight and when the
 * next may leave (pacing). The stream calls it on every transmission, every delivered packet and
 * once per incoming acknowledgement, and tells it about loss recovery.
 */
interface CongestionControl {
  /** Before {@code packet} leaves; {@code inflight} counts packets in flight before it. */
  void onSent(SentPacket packet, long now, int inflight);

  /** {@code packet} was acknowledged (cumulatively or by SACK) for the first time. */
  void onDelivered(SentPacket packet, long now);

  /**
   * An incoming ACK was processed.
   *
   * @param acked packets it newly acknowledged
   * @param lost packets newly declared lost while processing it
   * @param inflight packets in flight afterwards
   * @param rttSample the RTT it measured, or -1
   */
  void onAck(long now, int acked, int lost, int inflight, long rttSample, long minRtt, long srtt);

  /** Fast recovery begins, with {@code inflight} packets out. */
  void onEnterRecovery(int inflight);

  /** Fast recovery or RTO loss recovery ended. */
  void onExitRecovery();

  /** The retransmission timer fired and declared {@code lost} packets lost. */
  void onRto(int lost);

  /** The sender had nothing more to send with room in the window. */
  void onAppLimited(int inflight);

  /** Packets allowed in flight. */
  int cwnd();

  /** Whether {@code bytes} may leave now as far as pacing goes; spends them if so. */
  boolean trySpend(int bytes, long now, int maxPayload);

  /** When to try again after {@link #trySpend} refused. */
  long nextSendTime(long now);
}
