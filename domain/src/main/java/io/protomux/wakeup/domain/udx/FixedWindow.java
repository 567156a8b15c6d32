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
  public void onSent(SentPacket packet, long now, int inflight) {}

  @Override
  public void onDelivered(SentPacket packet, long now) {}

  @Override
  public void onAck(
      long now, int acked, int lost, int inflight, long rttSample, long minRtt, long srtt) {}

  @Override
  public void onEnterRecovery(int inflight) {}

  @Override
  public void onExitRecovery() {}

  @Override
  public void onRto(int lost) {}

  @Override
  public void onAppLimited(int inflight) {}

  @Override
  public int cwnd() {
    return window;
  }

  @Override
  public boolean trySpend(int bytes, long now, int maxPayload) {
    return true;
  }

  @Override
  public long nextSendTime(long now) {
    return now;
  }
}
