package io.protomux.wakeup.domain.udx;

/**
 * What a stream asks of its congestion control: how many packets may be in flight and when the
 * next may leave (pacing). The stream calls it in libudx's order (see {@link Bbr}): around every
 * transmission, for each packet an ACK delivers, once per ACK, and at a retransmission timeout.
 */
interface CongestionControl {
  /**
   * Before a transmission.
   *
   * @param nothingUnacked whether nothing sent is unacknowledged (a new flight starts)
   * @param writesQueuedBytes bytes written and not yet acknowledged, in flight included
   * @param inflight packets in flight before this one
   * @param retransmitQueued packets waiting for retransmission
   */
  void onSend(
      SentPacket packet,
      long now,
      boolean retransmit,
      boolean nothingUnacked,
      long writesQueuedBytes,
      int maxPayload,
      int inflight,
      int retransmitQueued);

  /**
   * After a transmission of {@code bytes} (header and payload).
   *
   * @param flightStart whether nothing was in flight before it
   */
  void afterSend(int bytes, long now, boolean flightStart, long srtt, int maxPayload);

  /** An incoming ACK is about to deliver packets. */
  void onAckStart();

  /** {@code packet} was acknowledged (cumulatively or by SACK) for the first time. */
  void onDelivered(SentPacket packet);

  /**
   * The ACK was processed (after loss detection).
   *
   * @param lost packets newly found lost while processing it
   * @param rttSample the RTT it measured, or -1
   * @param minRtt the windowed minimum RTT, or -1 before any sample
   * @param inflight packets in flight now
   * @param hadInflight whether anything was in flight before the ACK (libudx only then runs it)
   */
  void onAck(
      long now,
      int lost,
      long rttSample,
      long minRtt,
      int inflight,
      CaState state,
      long srtt,
      int maxPayload,
      boolean hadInflight);

  /** Fast recovery ended (not called for the end of RTO loss recovery, as in libudx). */
  void onExitRecovery();

  /** The retransmission timer fired; the stream has set LOSS and queued the lost packets. */
  void onRto();

  /** Packets allowed in flight. */
  int cwnd();

  /** Whether pacing lets a packet leave now. */
  boolean maySend(long now);

  /** When to try again after {@link #maySend} or a send emptied the bucket. */
  long nextSendTime(long now);

  /** Whether the last send emptied the pacing bucket (the stream then waits for {@link #nextSendTime}). */
  boolean paced();
}
