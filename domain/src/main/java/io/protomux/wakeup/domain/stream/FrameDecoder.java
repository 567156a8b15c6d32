package io.protomux.wakeup.domain.stream;

import java.util.Arrays;

/**
 * Cuts a byte stream into {@code uint24 LE length || body} frames, across any read boundaries.
 * A body that arrives whole inside one read is handed on in place, without a copy; only a body
 * split across reads is gathered, in a buffer that grows with the bytes actually received (so a
 * peer that announces a large frame and stalls holds little memory).
 */
final class FrameDecoder {
  /** Receives each complete body; the array is only valid during the call. */
  interface FrameSink {
    /** @return false to stop decoding the rest of this input (the stream was destroyed) */
    boolean onFrame(byte[] array, int offset, int length);
  }

  private static final int HEADER_BYTES = 3;
  private static final int FIRST_CHUNK = 4096;

  private final int maxFrameBytes;
  private int headerRead;
  private int length;
  private byte[] partial;
  private int partialFilled;

  /** @param maxFrameBytes the largest body accepted; above it {@link FrameTooLargeException} */
  FrameDecoder(int maxFrameBytes) {
    this.maxFrameBytes = maxFrameBytes;
  }

  /** Whether a frame has begun but not finished: the stream was cut mid-frame if it ends now. */
  boolean isMidFrame() {
    return headerRead > 0;
  }

  void decode(byte[] input, int offset, int end, FrameSink sink) {
    while (offset < end) {
      if (headerRead < HEADER_BYTES) {
        length |= (input[offset++] & 0xff) << (8 * headerRead);
        headerRead++;
        if (headerRead == HEADER_BYTES && length > maxFrameBytes) {
          throw new FrameTooLargeException(length, maxFrameBytes);
        }
        if (headerRead < HEADER_BYTES || length > 0) {
          continue;
        }
        // An empty body still counts as a frame (the reference ignores it above us).
        reset();
        if (!sink.onFrame(input, offset, 0)) {
          return;
        }
        continue;
      }
      int missing = length - partialFilled;
      int available = end - offset;
      if (partial == null && available >= missing) {
        int bodyStart = offset;
        offset += missing;
        int bodyLength = length;
        reset();
        if (!sink.onFrame(input, bodyStart, bodyLength)) {
          return;
        }
        continue;
      }
      int take = Math.min(missing, available);
      ensureCapacity(partialFilled + take);
      System.arraycopy(input, offset, partial, partialFilled, take);
      partialFilled += take;
      offset += take;
      if (partialFilled == length) {
        byte[] body = partial;
        int bodyLength = length;
        reset();
        if (!sink.onFrame(body, 0, bodyLength)) {
          return;
        }
      }
    }
  }

  private void ensureCapacity(int needed) {
    if (partial == null) {
      partial = new byte[Math.min(length, Math.max(FIRST_CHUNK, needed))];
    } else if (partial.length < needed) {
      int grown = (int) Math.min(length, Math.max((long) partial.length * 2, needed));
      partial = Arrays.copyOf(partial, grown);
    }
  }

  private void reset() {
    headerRead = 0;
    length = 0;
    partial = null;
    partialFilled = 0;
  }
}
