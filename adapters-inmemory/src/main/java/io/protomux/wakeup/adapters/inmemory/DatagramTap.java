package io.protomux.wakeup.adapters.inmemory;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;

/** Sees every datagram a {@link DatagramNetwork} hands to a socket, in delivery order. */
@FunctionalInterface
public interface DatagramTap {
  /**
   * A datagram is being delivered (called just before the receiving socket's handler).
   *
   * @param atMillis the virtual time
   * @param source the sender as the receiver sees it (a NAT's public address and port when it came
   *     through one)
   * @param receiver the receiving socket's own (possibly private) address
   * @param datagram the bytes, read-only; the tap must not keep the buffer
   */
  void onDelivery(long atMillis, InetSocketAddress source, InetSocketAddress receiver, ByteBuffer datagram);
}
