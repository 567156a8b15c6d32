package io.protomux.wakeup.domain.protomux;

/**
 * What one remote may make a {@link Protomux} hold. Going over a limit destroys the stream with a
 * {@link ProtomuxLimitException} naming it. The reference has none of these (its {@code
 * MAX_BACKLOG} is {@code Infinity}); a well-behaved peer never comes near the defaults.
 *
 * @param maxChannels channels the remote may have open (or opening) on this connection at once:
 *     each open the remote sends takes one until the channel closes or is rejected
 * @param maxPendingOpens remote opens that may wait at once for a local channel to pair with.
 *     Opens nobody claims wait until the next loop turn before they are rejected, so a burst of
 *     opens read in one go counts in full
 * @param maxBufferedBytes how much may be held for channels the remote opened but that are not
 *     paired here yet, counted as the reference counts it (512 + length per message). Reading
 *     pauses above {@link Protomux#MAX_BUFFERED} (32 KiB), as in the reference; this hard cap
 *     bounds what was already read when the pause came
 */
public record ProtomuxOptions(int maxChannels, int maxPendingOpens, int maxBufferedBytes) {
  /** 16384 channels, 4096 pending opens, 4 MiB buffered. */
  public static final ProtomuxOptions DEFAULTS = new ProtomuxOptions(16_384, 4_096, 4 * 1024 * 1024);

  /** No limits, as the reference. */
  public static final ProtomuxOptions UNLIMITED =
      new ProtomuxOptions(Integer.MAX_VALUE, Integer.MAX_VALUE, Integer.MAX_VALUE);

  /** Checks the ranges: every limit is at least 1. */
  public ProtomuxOptions {
    if (maxChannels < 1 || maxPendingOpens < 1 || maxBufferedBytes < 1) {
      throw new IllegalArgumentException(
          "Protomux limits must be at least 1, got maxChannels="
              + maxChannels
              + ", maxPendingOpens="
              + maxPendingOpens
              + ", maxBufferedBytes="
              + maxBufferedBytes);
    }
  }

  /** A copy with another channel limit. */
  public ProtomuxOptions withMaxChannels(int channels) {
    return new ProtomuxOptions(channels, maxPendingOpens, maxBufferedBytes);
  }

  /** A copy with another pending-open limit. */
  public ProtomuxOptions withMaxPendingOpens(int opens) {
    return new ProtomuxOptions(maxChannels, opens, maxBufferedBytes);
  }

  /** A copy with another buffered-bytes cap. */
  public ProtomuxOptions withMaxBufferedBytes(int bytes) {
    return new ProtomuxOptions(maxChannels, maxPendingOpens, bytes);
  }
}
