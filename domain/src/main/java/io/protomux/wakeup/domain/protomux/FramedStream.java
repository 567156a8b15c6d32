package io.protomux.wakeup.domain.protomux;

import java.util.Arrays;

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

  /**
   * Sends {@code length} bytes of {@code frame} from {@code offset} as one frame; the stream does
   * not keep the array, so the caller may reuse it at once. By default a copy goes to {@link
   * #write(byte[])}.
   *
   * @return false when the stream is congested (the frame is still queued)
   */
  default boolean write(byte[] frame, int offset, int length) {
    return write(Arrays.copyOfRange(frame, offset, offset + length));
  }

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
