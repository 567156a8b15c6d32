package io.protomux.wakeup.domain.udx;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;

/**
 * A DATA or END packet from its first transmission until it is acknowledged. It keeps the whole
 * datagram so a retransmission resends the same bytes (libudx refreshes only ack and rwnd), and
 * where it went, because packets sent before a {@code changeRemote} keep their old path.
 */
final class SentPacket {
  final byte[] datagram;
  final ByteBuffer view;
  int length;
  int seq;
  int payloadLength;
  int padding;
  boolean end;
  long sentAt;
  int transmits;
  int rtoFirings;
  boolean lost;
  boolean sacked;
  boolean queuedForRetransmit;
  UdxSocket socket;
  InetSocketAddress target;
  final PacketDeliveryState delivery = new PacketDeliveryState(0);

  SentPacket(int capacity) {
    this.datagram = new byte[capacity];
    this.view = ByteBuffer.wrap(datagram);
  }

  /** Resets for reuse from the pool. */
  SentPacket reset() {
    length = 0;
    payloadLength = 0;
    padding = 0;
    end = false;
    sentAt = 0;
    transmits = 0;
    rtoFirings = 0;
    lost = false;
    sacked = false;
    queuedForRetransmit = false;
    socket = null;
    target = null;
    delivery.reset(0);
    return this;
  }

  /** A lost probe goes out again at the size that is known to pass: without its padding. */
  void stripPadding() {
    if (padding == 0) {
      return;
    }
    System.arraycopy(
        datagram, UdxHeader.BYTES + padding, datagram, UdxHeader.BYTES, payloadLength);
    length -= padding;
    padding = 0;
    datagram[3] = 0;
  }
}
