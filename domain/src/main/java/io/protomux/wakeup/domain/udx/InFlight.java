package io.protomux.wakeup.domain.udx;

/**
 * Sent, unacknowledged DATA/END packets by seq, from the oldest unacknowledged ({@link #una()}) to
 * the next unused seq ({@link #nxt()}). A ring that grows to the window as it is needed, so an idle
 * stream holds a few dozen bytes of it.
 */
final class InFlight {
  private SentPacket[] ring = new SentPacket[16];
  private int una;
  private int nxt;
  private final int maxPackets;

  InFlight(int firstSeq, int maxPackets) {
    this.una = firstSeq;
    this.nxt = firstSeq;
    this.maxPackets = maxPackets;
  }

  int una() {
    return una;
  }

  int nxt() {
    return nxt;
  }

  /** Packets between una and nxt (acked-by-SACK ones included). */
  int size() {
    return nxt - una;
  }

  boolean isEmpty() {
    return nxt == una;
  }

  boolean isFull() {
    return size() >= maxPackets;
  }

  /** The packet of {@code seq} if it is in flight, else null. */
  SentPacket get(int seq) {
    if (Seq.lt(seq, una) || Seq.ge(seq, nxt)) {
      return null;
    }
    return ring[seq & (ring.length - 1)];
  }

  /** Appends the packet of seq {@link #nxt()}. */
  void push(SentPacket packet) {
    if (size() == ring.length) {
      grow();
    }
    packet.seq = nxt;
    ring[nxt & (ring.length - 1)] = packet;
    nxt++;
  }

  /** Removes and returns the oldest packet (which the caller has found acknowledged). */
  SentPacket shift() {
    int slot = una & (ring.length - 1);
    SentPacket packet = ring[slot];
    ring[slot] = null;
    una++;
    return packet;
  }

  private void grow() {
    SentPacket[] bigger = new SentPacket[ring.length * 2];
    for (int seq = una; seq != nxt; seq++) {
      bigger[seq & (bigger.length - 1)] = ring[seq & (ring.length - 1)];
    }
    ring = bigger;
  }
}
