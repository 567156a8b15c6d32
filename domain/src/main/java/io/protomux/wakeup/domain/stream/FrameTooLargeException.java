package io.protomux.wakeup.domain.stream;

/** A peer announced a frame larger than this stream accepts. */
public final class FrameTooLargeException extends SecretStreamException {
  private static final long serialVersionUID = 1L;

  FrameTooLargeException(int length, int limit) {
    super("frame of " + length + " bytes exceeds the limit of " + limit + " bytes");
  }
}
