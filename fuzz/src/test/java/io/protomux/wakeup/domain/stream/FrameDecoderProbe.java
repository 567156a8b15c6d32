package io.protomux.wakeup.domain.stream;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Test access to the package-private {@link FrameDecoder} for the secret-stream framer target:
 * runs one decoder over a sequence of reads and reports the frames it cut and how it stopped.
 */
public final class FrameDecoderProbe {
  /**
   * What a decoder made of some input.
   *
   * @param frames every complete body, copied
   * @param failure the message of the {@link FrameTooLargeException} that stopped it, or null
   * @param midFrame whether it was left inside a frame
   */
  public record Outcome(List<byte[]> frames, String failure, boolean midFrame) {
    /** Whether both saw the same frames and stopped the same way. */
    public boolean sameAs(Outcome other) {
      if (frames.size() != other.frames.size()
          || midFrame != other.midFrame
          || !java.util.Objects.equals(failure, other.failure)) {
        return false;
      }
      for (int i = 0; i < frames.size(); i++) {
        if (!Arrays.equals(frames.get(i), other.frames.get(i))) {
          return false;
        }
      }
      return true;
    }
  }

  private FrameDecoderProbe() {}

  /** Decodes {@code reads} in order with one decoder accepting bodies up to {@code maxFrameBytes}. */
  public static Outcome decode(int maxFrameBytes, List<byte[]> reads) {
    FrameDecoder decoder = new FrameDecoder(maxFrameBytes);
    List<byte[]> frames = new ArrayList<>();
    try {
      for (byte[] read : reads) {
        decoder.decode(
            read,
            0,
            read.length,
            (array, offset, length) -> {
              frames.add(Arrays.copyOfRange(array, offset, offset + length));
              return true;
            });
      }
    } catch (FrameTooLargeException e) {
      return new Outcome(frames, e.getMessage(), decoder.isMidFrame());
    }
    return new Outcome(frames, null, decoder.isMidFrame());
  }
}
