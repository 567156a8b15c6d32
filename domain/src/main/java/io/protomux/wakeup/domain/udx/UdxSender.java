package io.protomux.wakeup.domain.udx;

import java.util.ArrayDeque;

/**
 * The send side of a stream, as libudx runs it: packets built from the write queue at send time
 * (so writes of one loop turn share a packet), one seq per DATA/END packet, the in-flight ring,
 * cumulative and selective acknowledgement, RACK loss detection with a reorder timer, the
 * tail-loss probe, the retransmission timer with libudx's constant 2·RTO re-arm and give-up on
 * the 7th firing, MTU probes, congestion window and pacing. Time comes in as arguments; what the
 * sender wants to happen later it states as deadlines the stream turns into one timer.
 */
final class UdxSender {
  static final long NONE = Long.MAX_VALUE;
  /** The 7th timeout of one packet closes the stream (libudx: after 6 retransmissions). */
  static final int MAX_RTO_FIRINGS = 6;


  private final UdxStream stream;
  private final Udx udx;
  private final CongestionControl cc;
  final WriteQueue queue = new WriteQueue();
  final InFlight inFlight;
  final RttEstimator rtt = new RttEstimator();
  private final ArrayDeque<SentPacket> retransmitQueue = new ArrayDeque<>();
  Mtu mtu;

  private int pipe;
  private int sacked;
  private boolean firstPacket = true;
  private boolean endQueued;
  private boolean endSent;
  private boolean endAcked;
  private long peerWindow = UdxHeader.DEFAULT_RWND;
  private int wl1;
  private int wl2;
  private CaState recovery = CaState.OPEN;
  private long inFlightPayloadBytes;
  private long ackRackRtt;
  private int recoveryPoint;
  private long rackSentAt = -1;
  private int rackSeq;
  private long rackRtt;
  private boolean reorderingSeen;
  private int reorderWindowMultiplier = 1;
  private int highestDeliveredSeq;
  private boolean anyDelivered;
  private boolean tlpAllowed = true;
  private boolean rtoBackedOff;
  private boolean changePending;
  private int changeSeq;

  long rtoAt = NONE;
  long tlpAt = NONE;
  long reorderAt = NONE;
  long paceAt = NONE;
  long zeroWindowAt = NONE;

  UdxSender(UdxStream stream, Udx udx, CongestionControl cc, int firstSeq, int maxInFlight) {
    this.stream = stream;
    this.udx = udx;
    this.cc = cc;
    this.inFlight = new InFlight(firstSeq, maxInFlight);
    this.wl1 = 0;
    this.wl2 = firstSeq;
  }

  /** The seq the next DATA/END packet gets; what ACKs and messages carry as their seq. */
  int nextSeq() {
    return inFlight.nxt();
  }

  void queueEnd() {
    endQueued = true;
  }

  /** Our END is acknowledged and nothing else is queued or in flight: the local side is done. */
  boolean ended() {
    return endAcked && inFlight.isEmpty() && queue.isEmpty();
  }

  /** Whether a write or END is not yet in a packet, or a packet is not yet acknowledged. */
  boolean busy() {
    return !inFlight.isEmpty() || !queue.isEmpty() || (endQueued && !endSent);
  }

  /** changeRemote: immediate when nothing is in flight or queued, else once all of it is acked. */
  boolean changeRemote(boolean ipv6, int ceiling) {
    mtu = new Mtu(ipv6, ceiling);
    mtu.reset(); // searching at once: the new path needs no first ACK to start from 1200
    if (!busy()) {
      return true;
    }
    changePending = true;
    changeSeq = inFlight.nxt();
    return false;
  }

  // ---- sending ------------------------------------------------------------------------------

  /**
   * Sends what the windows and pacing allow: retransmissions first, then new packets. Stopping
   * for pacing sets {@link #paceAt}.
   */
  void flush(long now) {
    if (!stream.canSend()) {
      return;
    }
    boolean sentNew = false;
    while (true) {
      SentPacket lost = nextRetransmit();
      if (lost != null) {
        if (pipe >= cc.cwnd() || !pace(now)) {
          break;
        }
        retransmitQueue.poll();
        lost.queuedForRetransmit = false;
        retransmit(lost, now);
        continue;
      }
      if (!hasNewPacket()) {
        break;
      }
      if (pipe >= cc.cwnd() || inFlight.isFull() || !stream.socketWritable()) {
        break;
      }
      if (!peerWindowAllows()) {
        armZeroWindowProbe(now);
        break;
      }
      if (!pace(now)) {
        break;
      }
      sendNew(now);
      sentNew = true;
    }
    if (sentNew) {
      zeroWindowAt = NONE;
      armTailLossProbe(now);
    }
  }

  private boolean hasNewPacket() {
    return !queue.isEmpty() || (endQueued && !endSent);
  }

  private int nextPayload() {
    int max = firstPacket ? Math.min(Mtu.firstPacketPayload(), mtu.maxPayload()) : mtu.maxPayload();
    return (int) Math.min(queue.bytes(), max);
  }

  private boolean peerWindowAllows() {
    if (peerWindow <= 0) {
      return false;
    }
    long packets = Math.max(1, peerWindow / mtu.maxPayload());
    return inFlight.size() < packets;
  }

  private boolean pace(long now) {
    if (cc.maySend(now)) {
      return true;
    }
    paceAt = Math.max(now + 1, cc.nextSendTime(now));
    return false;
  }

  private void sendNew(long now) {
    SentPacket packet = udx.pool.take();
    int payload = nextPayload();
    firstPacket = false;
    int seq = inFlight.nxt();
    int padding = payload > 0 ? mtu.paddingFor(seq, payload, changePending) : 0;
    byte[] out = packet.datagram;
    int taken = queue.take(out, UdxHeader.BYTES + padding, payload);
    int type = taken > 0 ? UdxHeader.DATA : 0;
    if (endQueued && queue.isEmpty()) {
      type |= UdxHeader.END;
      endSent = true;
      packet.end = true;
    }
    packet.padding = padding;
    packet.payloadLength = taken;
    packet.length = UdxHeader.BYTES + padding + taken;
    packet.socket = stream.socket();
    packet.target = stream.remoteAddress();
    out[0] = (byte) UdxHeader.MAGIC;
    out[1] = (byte) UdxHeader.VERSION;
    out[2] = (byte) type;
    out[3] = (byte) padding;
    UdxHeader.writeInt(out, 4, stream.remoteId());
    UdxHeader.writeInt(out, 12, seq);
    boolean flightStart = inFlight.isEmpty();
    inFlight.push(packet);
    packet.delivery.reset(seq);
    inFlightPayloadBytes += taken;
    transmit(packet, now, false, flightStart, true);
    stream.afterDataSent();
  }

  /** A lost packet (or the tail-loss probe's) goes out again; lost ones count in flight again. */
  private void retransmit(SentPacket packet, long now) {
    udx.counters.retransmits++;
    boolean flightStart = pipe == 0;
    boolean backInFlight = packet.lost;
    packet.lost = false;
    transmit(packet, now, true, flightStart, backInFlight);
  }

  private void transmit(
      SentPacket packet, long now, boolean retransmit, boolean flightStart, boolean countsInFlight) {
    byte[] out = packet.datagram;
    UdxHeader.writeInt(out, 8, stream.receiveWindow());
    UdxHeader.writeInt(out, 16, stream.ack());
    int maxPayload = mtu.maxPayload();
    cc.onSend(
        packet, now, retransmit, !retransmit && flightStart, queue.bytes() + inFlightPayloadBytes,
        maxPayload, pipe, retransmitQueue.size());
    if (countsInFlight) {
      pipe++;
    }
    packet.sentAt = now;
    packet.transmits++;
    udx.counters.packetsSent++;
    packet.view.clear().limit(packet.length);
    if (packet.socket == null || !packet.socket.send(packet.view, packet.target)) {
      udx.counters.sendFailures++;
    }
    cc.afterSend(UdxHeader.BYTES + packet.payloadLength, now, flightStart, rtt.srtt(), maxPayload);
    if (cc.paced()) {
      paceAt = Math.max(now + 1, cc.nextSendTime(now));
    }
    if (!rtoBackedOff || rtoAt == NONE) {
      rtoAt = now + rtt.rto();
    }
  }

  private SentPacket nextRetransmit() {
    SentPacket head;
    while ((head = retransmitQueue.peek()) != null && !head.lost) {
      retransmitQueue.poll(); // acknowledged (or resent by a probe) while it waited
      head.queuedForRetransmit = false;
    }
    return head;
  }

  private void armTailLossProbe(long now) {
    if (recovery != CaState.OPEN || sacked > 0 || !tlpAllowed) {
      return;
    }
    long srtt = rtt.srtt();
    long timeout = srtt == 0 ? 1000 : 2 * srtt + (pipe == 1 ? 2 : 0);
    tlpAt = Math.min(now + timeout, rtoAt);
  }

  private void armZeroWindowProbe(long now) {
    if (zeroWindowAt == NONE && inFlight.isEmpty()) {
      stream.sendControl(UdxHeader.HEARTBEAT);
      zeroWindowAt = now + rtt.rto();
    }
  }

  // ---- timers -------------------------------------------------------------------------------

  /** The earliest deadline the sender wants to be woken at. */
  long nextDeadline() {
    return Math.min(Math.min(rtoAt, tlpAt), Math.min(Math.min(reorderAt, paceAt), zeroWindowAt));
  }

  /**
   * Runs the deadlines that are due.
   *
   * @return false if the stream timed out (the caller closes it with ETIMEDOUT)
   */
  boolean onTimers(long now) {
    if (paceAt <= now) {
      paceAt = NONE;
    }
    if (reorderAt <= now) {
      reorderAt = NONE;
      int lost = detectLoss(now);
      if (lost > 0) {
        enterRecoveryIfOpen();
      }
    }
    if (tlpAt <= now) {
      tlpAt = NONE;
      tailLossProbe(now);
    }
    if (zeroWindowAt <= now) {
      if (peerWindow <= 0 && hasNewPacket()) {
        stream.sendControl(UdxHeader.HEARTBEAT);
        zeroWindowAt = now + 2 * rtt.rto();
      } else {
        zeroWindowAt = NONE;
      }
    }
    return rtoAt > now || onRetransmissionTimeout(now);
  }

  private void tailLossProbe(long now) {
    if (inFlight.isEmpty() || !tlpAllowed || !stream.canSend()) {
      return;
    }
    tlpAllowed = false;
    udx.counters.tailLossProbes++;
    if (hasNewPacket() && !inFlight.isFull() && peerWindowAllows()) {
      sendNew(now);
      return;
    }
    for (int seq = inFlight.nxt() - 1; Seq.ge(seq, inFlight.una()); seq--) {
      SentPacket packet = inFlight.get(seq);
      if (packet != null && !packet.sacked) {
        retransmit(packet, now);
        return;
      }
    }
  }

  private boolean onRetransmissionTimeout(long now) {
    SentPacket oldest = null;
    for (int seq = inFlight.una(); seq != inFlight.nxt(); seq++) {
      SentPacket packet = inFlight.get(seq);
      if (!packet.sacked) {
        oldest = packet;
        break;
      }
    }
    if (oldest == null) {
      rtoAt = NONE;
      return true;
    }
    udx.counters.rtoFirings++;
    if (oldest.rtoFirings >= MAX_RTO_FIRINGS) {
      return false;
    }
    oldest.rtoFirings++;
    recovery = CaState.LOSS;
    recoveryPoint = inFlight.nxt();
    if (!oldest.lost) {
      markLost(oldest);
    }
    detectLoss(now);
    cc.onRto(); // libudx: losses marked by the timer are not subtracted from cwnd
    tlpAt = NONE;
    rtoBackedOff = true;
    rtoAt = now + 2 * rtt.rto();
    return true;
  }

  // ---- acknowledgements ---------------------------------------------------------------------

  /**
   * Takes the acknowledgement fields of an incoming packet (whose {@code ack} the caller has
   * checked is not beyond {@link #nextSeq()}).
   *
   * @param sacks offset of the SACK blocks in {@code packet}, and how many; 0 blocks for none
   * @return whether this packet acknowledged our END
   */
  boolean onAck(long now, int seq, int ack, long window, byte[] packet, int sacks, int blocks) {
    int una = inFlight.una();
    if (Seq.ge(ack, una) && (Seq.gt(seq, wl1) || (seq == wl1 && Seq.ge(ack, wl2)))) {
      peerWindow = window;
      wl1 = seq;
      wl2 = ack;
    }
    boolean endWasAcked = endAcked;
    boolean hadInflight = !inFlight.isEmpty();
    if (recovery != CaState.OPEN && Seq.ge(ack, recoveryPoint)) {
      if (recovery == CaState.RECOVERY) {
        cc.onExitRecovery(); // libudx: before the packets are acked, and not for LOSS
      }
      recovery = CaState.OPEN;
    }
    cc.onAckStart();
    ackRackRtt = -1;
    int delivered = 0;
    long rttSample = -1;
    // an old ACK overtaken by a newer one acks nothing; never more than what is in flight
    while (Seq.lt(inFlight.una(), ack) && !inFlight.isEmpty()) {
      SentPacket packetAcked = inFlight.shift();
      if (packetAcked.sacked) {
        sacked--;
      } else {
        rttSample = deliver(packetAcked, now, rttSample);
        delivered++;
      }
      inFlightPayloadBytes -= packetAcked.payloadLength;
      if (!packetAcked.queuedForRetransmit) {
        udx.pool.give(packetAcked); // one still queued is left to the GC: the queue skips it
      }
    }
    for (int i = 0; i < blocks; i++) {
      int at = sacks + i * SackBlock.BYTES;
      int start = UdxHeader.readInt(packet, at);
      int end = UdxHeader.readInt(packet, at + 4);
      int next = inFlight.nxt();
      if (!Seq.lt(start, end) || Seq.gt(end, next) || !Seq.lt(start, next)
          || Seq.lt(start, inFlight.una())) {
        udx.counters.invalidSacks++;
        continue;
      }
      for (int s = start; s != end; s++) {
        SentPacket held = inFlight.get(s);
        if (held != null && !held.sacked) {
          held.sacked = true;
          sacked++;
          rttSample = deliver(held, now, rttSample);
          delivered++;
        }
      }
    }
    if (delivered == 0) {
      return false;
    }
    mtu.onAnyAck();
    if (rttSample >= 0) {
      rtt.onSample(rttSample, now);
      tlpAllowed = true;
    }
    int lost = detectLoss(now);
    if (lost > 0) {
      enterRecoveryIfOpen();
    }
    cc.onAck(
        now, lost, ackRackRtt, rtt.sampled() ? rtt.minRtt() : -1, pipe, recovery, rtt.srtt(),
        mtu.maxPayload(), hadInflight);
    if (changePending && Seq.ge(inFlight.una(), changeSeq)) {
      changePending = false;
      stream.onRemoteChanged();
    }
    rtoBackedOff = false;
    if (inFlight.isEmpty()) {
      rtoAt = NONE;
      tlpAt = NONE;
      reorderAt = NONE;
    } else {
      rtoAt = now + rtt.rto();
    }
    return endAcked && !endWasAcked;
  }

  private long deliver(SentPacket packet, long now, long rttSample) {
    if (!packet.lost) {
      pipe--;
    }
    packet.lost = false;
    boolean spurious = false;
    if (packet.transmits == 1) {
      rttSample = now - packet.sentAt;
    } else if (now - packet.sentAt < rtt.minRtt()) {
      // acked sooner than any round trip: the original arrived, the loss was reordering. RFC
      // 8985 widens the window on DSACK; UDX has none, and this is the same evidence.
      spurious = true;
      reorderingSeen = true;
      reorderWindowMultiplier = Math.min(reorderWindowMultiplier * 2, 16);
    }
    if (anyDelivered && Seq.lt(packet.seq, highestDeliveredSeq) && packet.transmits == 1) {
      reorderingSeen = true;
    }
    if (!anyDelivered || Seq.gt(packet.seq, highestDeliveredSeq)) {
      highestDeliveredSeq = packet.seq;
      anyDelivered = true;
    }
    boolean newer =
        packet.sentAt > rackSentAt || (packet.sentAt == rackSentAt && Seq.gt(packet.seq, rackSeq));
    if (newer && !spurious) { // RFC 8985: a retransmission acked too soon says nothing of RTT
      rackSentAt = packet.sentAt;
      rackSeq = packet.seq;
      rackRtt = now - packet.sentAt;
      ackRackRtt = rackRtt;
    }
    if (mtu.isProbe(packet.seq)) {
      mtu.onProbeAcked();
    }
    if (packet.end) {
      endAcked = true;
    }
    cc.onDelivered(packet);
    return rttSample;
  }

  /** RACK (RFC 8985): what was sent before the newest delivered packet is lost once overdue. */
  private int detectLoss(long now) {
    if (rackSentAt < 0) {
      return 0;
    }
    long reorderWindow = reorderWindow();
    long earliest = NONE;
    int lost = 0;
    for (int seq = inFlight.una(); seq != inFlight.nxt(); seq++) {
      SentPacket packet = inFlight.get(seq);
      if (packet.sacked || packet.lost) {
        continue;
      }
      boolean sentBefore =
          packet.sentAt < rackSentAt || (packet.sentAt == rackSentAt && Seq.lt(seq, rackSeq));
      if (!sentBefore) {
        if (packet.transmits == 1) {
          break; // first transmissions are in send order: none after this one qualifies
        }
        continue;
      }
      long remaining = packet.sentAt + rackRtt + reorderWindow - now;
      if (remaining <= 0) {
        udx.counters.lossesDetected++;
        if (markLost(packet)) {
          lost++;
        }
      } else {
        earliest = Math.min(earliest, now + remaining);
      }
    }
    reorderAt = earliest;
    return lost;
  }

  private long reorderWindow() {
    if (!reorderingSeen && (recovery != CaState.OPEN || sacked >= 3)) {
      return 0;
    }
    return Math.min(reorderWindowMultiplier * rtt.minRtt() / 4, rtt.srtt());
  }

  /**
   * Queues the packet for retransmission.
   *
   * @return whether the loss counts as congestion: a lost MTU probe only says the path is smaller
   */
  private boolean markLost(SentPacket packet) {
    packet.lost = true;
    pipe--;
    boolean probe = mtu.isProbe(packet.seq);
    if (probe) {
      mtu.onProbeLost();
      packet.stripPadding();
    }
    if (!packet.queuedForRetransmit) {
      packet.queuedForRetransmit = true;
      retransmitQueue.add(packet);
    }
    return !probe;
  }

  private void enterRecoveryIfOpen() {
    if (recovery == CaState.OPEN) {
      recovery = CaState.RECOVERY;
      recoveryPoint = inFlight.nxt(); // BBR learns of it from the state passed with the ACK
    }
  }

  /** Gives every buffer back (the stream closed). */
  void release() {
    while (!inFlight.isEmpty()) {
      udx.pool.give(inFlight.shift());
    }
    retransmitQueue.clear();
    queue.clear();
    rtoAt = tlpAt = reorderAt = paceAt = zeroWindowAt = NONE;
  }
}
