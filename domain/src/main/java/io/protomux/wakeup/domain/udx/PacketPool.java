package io.protomux.wakeup.domain.udx;

import java.util.ArrayDeque;

/**
 * Reuses sent-packet buffers across an instance's streams, so a bulk transfer allocates no
 * datagram per packet; only up to {@code retain} idle buffers are kept.
 */
final class PacketPool {
  /** Room for the largest datagram libudx probes for (MTU 1500) and then some. */
  static final int CAPACITY = 2048;

  private final ArrayDeque<SentPacket> free = new ArrayDeque<>();
  private final int retain;

  PacketPool(int retain) {
    this.retain = retain;
  }

  SentPacket take() {
    SentPacket packet = free.poll();
    return packet == null ? new SentPacket(CAPACITY) : packet.reset();
  }

  void give(SentPacket packet) {
    if (free.size() < retain) {
      packet.socket = null;
      packet.target = null;
      free.push(packet);
    }
  }
}
