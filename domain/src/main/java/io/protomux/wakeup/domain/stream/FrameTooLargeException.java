package io.protomux.wakeup.domain.stream;

import io.protomux.wakeup.domain.Limit;

/** A peer announced a frame larger than this stream accepts ({@link Limit#FRAME_SIZE}). */
public final class FrameTooLargeException extends StreamLimitException {
  private static final long serialVersionUID = 1L;

  FrameTooLargeException(int length, int limit) {
    super(
        Limit.FRAME_SIZE,
        "frame of " + length + " bytes exceeds the limit of " + limit + " bytes (maxFrameBytes)");
  }
}
