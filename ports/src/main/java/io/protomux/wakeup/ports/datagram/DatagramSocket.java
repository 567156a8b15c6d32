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
   * Sends the buffer's remaining bytes as one datagram, or drops it.
   *
   * <p>An accepted datagram is either handed to the system at once or, while the system cannot
   * take it (its send buffer is full), copied into the socket's bounded send queue, from which it
   * leaves as soon as the system can take it again. Datagrams leave in the order they were
   * accepted: once one waits, every later one waits behind it. Either way the socket keeps no
   * reference to the caller's buffer once this returns, so the buffer may be reused at once.
   *
   * <p>On return the buffer's position has advanced to its limit if the datagram was accepted and
   * is unchanged if it was dropped; its content is never modified. Accepted is not delivered: a
   * datagram can still be lost on the way, or discarded from the queue if the socket closes before
   * it left.
   *
   * <p>A queue growing past its high-water mark turns {@link #isWritable()} false; send still
   * accepts datagrams until the queue's hard limit, and only beyond it drops them.
   *
   * @return true if the datagram was accepted (sent, or queued behind the datagrams already
   *     waiting); false if it was dropped: the socket is closed, its send queue is at its hard
   *     limit, or the system refused the datagram (an unreachable network, say). A dropped datagram
   *     is lost as on a congested network; the layer above retransmits.
   * @throws IllegalArgumentException if the datagram is longer than the largest this socket
   *     sends, an implementation's limit that is never more than 65,507 bytes (the most one IPv4
   *     UDP datagram carries); that is a caller's mistake, not congestion, so it is not a drop
   */
  boolean send(ByteBuffer datagram, InetSocketAddress target);

  /**
   * Whether sending is welcome: false from the moment the socket's send queue grows past its
   * high-water mark until it has drained down to its low-water mark, when {@link
   * DatagramHandler#onWritable()} follows; false once the socket is closed. A socket with no send
   * queue is writable while open.
   *
   * <p>This is advice for senders that can wait (a stream with more data queued): {@link #send}
   * still accepts datagrams while it is false, up to the queue's hard limit, so a sender of
   * datagrams that must go out (acknowledgements) can ignore it.
   */
  boolean isWritable();

  /** Whether the socket has not closed yet. */
  boolean isOpen();

  /** Closes the socket; {@link DatagramHandler#onClose} follows. Calling it again does nothing. */
  @Override
  void close();
}
