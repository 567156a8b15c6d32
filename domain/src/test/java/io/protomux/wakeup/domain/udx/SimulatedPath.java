package io.protomux.wakeup.domain.udx;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * A sender driving {@link DeliveryRateSampler}, {@link Bbr} and {@link Pacer} over a lossless
 * FIFO path on virtual milliseconds, calling them in the order the stream must (libudx's
 * {@code _send_packet} and {@code process_packet}), so that tests see BBR's dynamics rather than
 * hand-made samples. The path has a one-way delay of half the propagation RTT each way and a
 * bottleneck of a whole number of packets per millisecond with an unbounded queue; the receiver
 * ACKs every packet, as libudx does.
 */
final class SimulatedPath {
  static final int MAX_PAYLOAD = 1152;
  static final int PACKET_SIZE = MAX_PAYLOAD + 20;

  /** One ACK as BBR saw it, recorded after {@link Bbr#onAck}. */
  record Ack(
      long nowMs,
      RateSample rs,
      int inflight,
      BbrMode mode,
      int cwnd,
      long pacing,
      float pacingGain,
      int cycleIndex,
      double bw,
      long bdp,
      int round,
      long minRttMs,
      long minRttStampMs) {}

  private record Sent(PacketDeliveryState p, long ackAtMs) {}

  final DeliveryRateSampler rate = new DeliveryRateSampler();
  final Bbr bbr;
  final Pacer pacer;
  final List<Ack> acks = new ArrayList<>();
  private final ArrayDeque<Sent> inflight = new ArrayDeque<>();
  private final int rtPropMs;
  private final int packetsPerMs;
  long nowMs;
  private long linkFreeTick;
  private int nextSeq;
  private int remoteAcked;
  private long srtt;
  private long rttvar;
  private long rackMinRtt = DeliveryRateSampler.NO_RTT;
  /** Packets the application still has to send; unlimited by default. */
  long appPackets = Long.MAX_VALUE;

  SimulatedPath(long startMs, int rtPropMs, int packetsPerMs) {
    this.nowMs = startMs;
    this.rtPropMs = rtPropMs;
    this.packetsPerMs = packetsPerMs;
    this.bbr = new Bbr(rate, startMs, MAX_PAYLOAD);
    this.pacer = new Pacer(startMs);
  }

  void runUntil(long endMs) {
    while (nowMs < endMs) {
      step();
    }
  }

  /** Runs until {@code done} holds after some millisecond, at most {@code limitMs} of them. */
  void runUntil(BooleanSupplier done, long limitMs) {
    long end = nowMs + limitMs;
    while (nowMs < end && !done.getAsBoolean()) {
      step();
    }
  }

  void step() {
    while (!inflight.isEmpty() && inflight.peekFirst().ackAtMs() <= nowMs) {
      onAck(inflight.pollFirst().p());
    }
    sendPackets();
    nowMs++;
  }

  int inflight() {
    return inflight.size();
  }

  private void onAck(PacketDeliveryState p) {
    boolean dataInflight = remoteAcked != nextSeq;
    rate.beginAck();
    rate.onPacketDelivered(p);
    long rtt = nowMs - p.sentTimeMs();
    rttUpdate(rtt);
    remoteAcked = p.seq() + 1;
    sendPackets(); // RACK's loss detection sends before BBR runs, as in libudx
    if (dataInflight) {
      RateSample rs = rate.generate(nowMs, 0, rackMinRtt, rtt);
      bbr.onAck(rs, nowMs, inflight.size(), CaState.OPEN, srtt, MAX_PAYLOAD);
      acks.add(
          new Ack(
              nowMs,
              rs,
              inflight.size(),
              bbr.mode(),
              bbr.cwnd(),
              bbr.pacingRateBytesPerMs(),
              bbr.pacingGain(),
              bbr.cycleIndex(),
              bbr.bw(),
              bbr.bdp(),
              bbr.roundCount(),
              bbr.minRttMs(),
              bbr.minRttStampMs()));
    }
    sendPackets();
  }

  private void rttUpdate(long rtt) {
    rackMinRtt = Math.min(rackMinRtt, rtt);
    if (srtt == 0) {
      srtt = rtt;
      rttvar = rtt / 2;
    } else {
      rttvar = (3 * rttvar + Math.abs(srtt - rtt)) / 4;
      srtt = (7 * srtt + rtt) / 8;
    }
  }

  private void sendPackets() {
    while (appPackets > 0
        && inflight.size() < bbr.cwnd()
        && pacer.maySend(nowMs, bbr.pacingRateBytesPerMs())) {
      boolean wasEmpty = inflight.isEmpty();
      long queuedBytes = Math.min(appPackets, 1_000_000) * MAX_PAYLOAD;
      rate.checkAppLimited(
          queuedBytes + (long) inflight.size() * MAX_PAYLOAD,
          MAX_PAYLOAD,
          inflight.size(),
          0,
          bbr.cwnd());
      PacketDeliveryState p = new PacketDeliveryState(nextSeq);
      rate.onPacketSent(p, nowMs, false, nextSeq == remoteAcked);
      nextSeq++;
      appPackets--;
      pacer.onSent(PACKET_SIZE, nowMs);
      inflight.addLast(new Sent(p, ackTime()));
      if (wasEmpty) {
        bbr.onTransmitStart(nowMs, srtt, MAX_PAYLOAD);
      }
    }
  }

  private long ackTime() {
    long arrivalTick = (nowMs + rtPropMs / 2) * packetsPerMs;
    long departTick = Math.max(arrivalTick, linkFreeTick) + 1;
    linkFreeTick = departTick;
    long departMs = (departTick + packetsPerMs - 1) / packetsPerMs;
    return departMs + (rtPropMs - rtPropMs / 2);
  }
}
