package io.protomux.wakeup.domain.udx;

/**
 * libudx's congestion control as a stream sees it: {@link Bbr} for the window and the pacing
 * rate, fed by the {@link DeliveryRateSampler}, with the {@link Pacer} spending that rate.
 */
final class BbrControl implements CongestionControl {
  private final DeliveryRateSampler rate = new DeliveryRateSampler();
  private final Bbr bbr;
  private final Pacer pacer;
  private boolean paced;

  BbrControl(long now, int maxPayload) {
    this.bbr = new Bbr(rate, now, maxPayload);
    this.pacer = new Pacer(now);
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
      int retransmitQueued) {
    rate.checkAppLimited(writesQueuedBytes, maxPayload, inflight, retransmitQueued, bbr.cwnd());
    rate.onPacketSent(packet.delivery, now, retransmit, nothingUnacked);
  }

  @Override
  public void afterSend(int bytes, long now, boolean flightStart, long srtt, int maxPayload) {
    paced = pacer.onSent(bytes, now);
    if (flightStart) {
      bbr.onTransmitStart(now, srtt, maxPayload);
    }
  }

  @Override
  public void onAckStart() {
    rate.beginAck();
  }

  @Override
  public void onDelivered(SentPacket packet) {
    rate.onPacketDelivered(packet.delivery);
  }

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
      boolean hadInflight) {
    if (!hadInflight) {
      return;
    }
    RateSample sample =
        rate.generate(
            now,
            lost,
            minRtt < 0 ? DeliveryRateSampler.NO_RTT : minRtt,
            rttSample);
    bbr.onAck(sample, now, inflight, state, srtt, maxPayload);
  }

  @Override
  public void onExitRecovery() {
    bbr.onExitRecovery();
  }

  @Override
  public void onRto() {
    bbr.onRto();
  }

  @Override
  public int cwnd() {
    return bbr.cwnd();
  }

  @Override
  public boolean maySend(long now) {
    boolean may = pacer.maySend(now, Math.max(1, bbr.pacingRateBytesPerMs()));
    paced = !may;
    return may;
  }

  @Override
  public long nextSendTime(long now) {
    return pacer.nextSendTimeMs(now);
  }

  @Override
  public boolean paced() {
    return paced;
  }

  Bbr bbr() {
    return bbr;
  }
}
