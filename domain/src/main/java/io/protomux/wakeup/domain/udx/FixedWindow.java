package io.protomux.wakeup.domain.udx;

/**
 * A constant window without pacing: the simplest control that is still safe against a udx-native
 * receiver (which only asks that its 4 MiB window is not overrun). Used in tests that need packet
 * schedules independent of bandwidth estimation.
 */
final class FixedWindow implements CongestionControl {
  private final int window;

  FixedWindow(int window) {
    this.window = window;
  }

  @Override
  public void onSend(
      SentPacket packet,
      long now,
      boolean retransmit,
      boolean nothingUnacked,
      long writesQueuedBytes,
      int maxPayload,
      int inflight,
      int retransmitQueued) {}

  @Override
  public void afterSend(int bytes, long now, boolean flightStart, long srtt, int maxPayload) {}

  @Override
  public void onAckStart() {}

  @Override
  public void onDelivered(SentPacket packet) {}

  @Override
  public void onAck(
      long now,
      int lost,
      long rttSample,
      long minRtt,
      int inflight,
      CaState state,
      long srtt,
      int maxPayload,
      boolean hadInflight) {}

  @Override
  public void onExitRecovery() {}

  @Override
  public void onRto() {}

  @Override
  public int cwnd() {
    return window;
  }

  @Override
  public boolean maySend(long now) {
    return true;
  }

  @Override
  public long nextSendTime(long now) {
    return now;
  }

  @Override
  public boolean paced() {
    return false;
  }
}
