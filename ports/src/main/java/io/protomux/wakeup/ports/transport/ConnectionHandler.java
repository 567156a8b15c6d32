package io.protomux.wakeup.ports.transport;

import java.nio.ByteBuffer;

/**
 * Receives one connection's events, on its event loop. A callback that throws closes that
 * connection with the exception as the cause (the peer sees a reset); the loop goes on.
 */
public interface ConnectionHandler {
  /**
   * Bytes arrived. The buffer is only valid during the call: copy what must be kept.
   */
  void onData(ByteBuffer bytes);

  /** The outgoing queue drained to its low-water mark after a write returned false. */
  void onWritable();

  /** The remote half-closed: no more data will arrive. */
  void onEnd();

  /**
   * The connection closed; called once, last.
   *
   * @param cause null for an orderly close, otherwise what broke it
   */
  void onClose(Throwable cause);
}
