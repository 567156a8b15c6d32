package io.protomux.wakeup.ports.transport;

import io.protomux.wakeup.ports.loop.EventLoop;
import java.nio.ByteBuffer;

/**
 * One reliable, ordered, bidirectional byte connection. Every method must be called on
 * {@link #eventLoop()}'s thread, and every {@link ConnectionHandler} callback runs there.
 */
public interface Connection {
  /** The loop this connection is confined to. */
  EventLoop eventLoop();

  /** Installs the receiver of this connection's events; reading starts once one is set. */
  void setHandler(ConnectionHandler handler);

  /**
   * Queues bytes for sending; the connection takes ownership of the buffer's remaining bytes and
   * the caller must not touch the buffer afterwards.
   *
   * @return false when the outgoing queue is above its high-water mark: the caller should hold
   *     further writes until {@link ConnectionHandler#onWritable()} (the bytes are still queued);
   *     also false, with the bytes discarded, once the connection is closed
   * @throws IllegalStateException after {@link #shutdownOutput()}
   */
  boolean write(ByteBuffer bytes);

  /** Stops delivering {@link ConnectionHandler#onData} until {@link #resumeReading()}. */
  void pauseReading();

  /** Delivers data again after {@link #pauseReading()}. */
  void resumeReading();

  /** Sends the queued bytes, then half-closes: the remote sees end of stream; reading goes on. */
  void shutdownOutput();

  /** Closes at once, dropping queued bytes; {@link ConnectionHandler#onClose} follows. */
  void close();

  /**
   * Closes once what was written has been delivered, after {@link #shutdownOutput()} and the
   * remote's end: the secret stream calls it when both sides have ended. A transport whose
   * {@link #close()} already lets written bytes go (TCP hands them to the kernel) keeps this
   * default. {@link ConnectionHandler#onClose} still follows, once.
   */
  default void closeAfterFlush() {
    close();
  }

  /** Whether the connection has not closed yet. */
  boolean isOpen();

  /** A short human-readable description of the remote end (an address, a simulated node name). */
  String remoteDescription();
}
