package io.protomux.wakeup.ports.datagram;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;

/**
 * Receives one socket's datagrams, on its event loop. A callback that throws is reported and the
 * socket goes on: one bad datagram never costs the others.
 */
public interface DatagramHandler {
  /**
   * A datagram arrived. The buffer (position to limit) is only valid during the call and is
   * reused for the next datagram: copy what must be kept.
   *
   * @param source the sender's address and port
   */
  void onDatagram(ByteBuffer datagram, InetSocketAddress source);

  /**
   * The socket's send queue, which had grown past its high-water mark ({@link
   * DatagramSocket#isWritable()} went false), has drained down to its low-water mark: the socket
   * is writable again. Called once per such episode, never after {@link #onClose}; a socket whose
   * queue never fills never calls it.
   */
  default void onWritable() {}

  /**
   * The socket closed; called once, last.
   *
   * @param cause null for a close asked for, otherwise what broke it
   */
  default void onClose(Throwable cause) {}
}
