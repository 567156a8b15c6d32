package io.protomux.wakeup.domain.protomux;

/**
 * What Protomux needs from the stream beneath it: message boundaries are preserved, so each
 * {@link #write} is one frame at the other end. The secret stream is one; tests use others.
 */
public interface FramedStream {
  /**
   * Sends one frame; the stream owns the array afterwards.
   *
   * @return false when the stream is congested (the frame is still queued)
   */
  boolean write(byte[] frame);

  /** Stops delivering frames for a while (too much is buffered for unpaired channels). */
  void pause();

  /** Delivers frames again. */
  void resume();

  /** Ends this side after the queued frames. */
  void end();

  /** Closes now, with the reason (null: a plain close). */
  void destroy(Throwable cause);

  /** Whether the stream has closed or is closing. */
  boolean isClosed();
}
