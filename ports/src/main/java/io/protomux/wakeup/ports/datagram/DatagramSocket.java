package io.protomux.wakeup.ports.datagram;

import io.protomux.wakeup.ports.loop.EventLoop;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;

/**
 * One bound UDP socket. Every method but {@link #localAddress()} and {@link #eventLoop()} must be
 * called on {@link #eventLoop()}'s thread, where every {@link DatagramHandler} callback runs.
 */
public interface DatagramSocket extends AutoCloseable {
  /** The loop this socket is confined to. */
  EventLoop eventLoop();

  /** The address and port actually bound (the port chosen when 0 was asked for). */
  InetSocketAddress localAddress();

  /** Installs the receiver of this socket's datagrams; receiving starts once one is set. */
  void setHandler(DatagramHandler handler);

  /**
   * Sends the buffer's remaining bytes as one datagram. The buffer is not kept.
   *
   * @return false if the datagram was dropped: the socket is closed, or the system's send buffer
   *     is full (as a congested network would drop it; the layer above retransmits)
   */
  boolean send(ByteBuffer datagram, InetSocketAddress target);

  /** Whether the socket has not closed yet. */
  boolean isOpen();

  /** Closes the socket; {@link DatagramHandler#onClose} follows. Calling it again does nothing. */
  @Override
  void close();
}
