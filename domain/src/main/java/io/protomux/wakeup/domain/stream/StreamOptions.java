package io.protomux.wakeup.domain.stream;

import io.protomux.wakeup.domain.Limit;

/**
 * Limits and timers of one secret stream. Going over one destroys the stream with a {@link
 * StreamLimitException} naming the {@link Limit}.
 *
 * <p>{@link #DEFAULTS} is the reference's behaviour (no timers, any frame the wire can carry);
 * {@link #PUBLIC_NODE} is for a node that accepts connections from anyone.
 *
 * @param maxFrameBytes the largest frame body accepted from the peer (the wire allows 2^24 - 1)
 * @param handshakeTimeoutMillis destroy the stream if the handshake is not done by then; 0: never
 * @param timeoutMillis destroy the stream after this long without receiving anything; 0: never
 * @param keepAliveMillis send an empty message after this long without sending; 0: never. Enabling
 *     it also drops empty messages received, as the reference does.
 */
public record StreamOptions(
    int maxFrameBytes, long handshakeTimeoutMillis, long timeoutMillis, long keepAliveMillis) {
  /** The wire's own limit on a frame body. */
  public static final int WIRE_MAX_FRAME_BYTES = 0xffffff;

  /** The reference's behaviour: any frame the wire can carry, no timers. */
  public static final StreamOptions DEFAULTS = new StreamOptions(WIRE_MAX_FRAME_BYTES, 0, 0, 0);

  /**
   * For a node on a public network: frames up to 1 MiB (wakeup messages are tiny; a 1 MiB frame
   * still carries an announce of over 25,000 entries), a 10 s handshake timeout, a keep-alive
   * every 5 s and an idle timeout of 20 s.
   *
   * <p>The keep-alives are harmless to a reference peer that has none of its own: it hands the
   * empty message up as an empty buffer, which Protomux ignores. The idle timeout, though, cuts a
   * remote that sends nothing for 20 s, so the remote needs keep-alives of its own (Hyperswarm's
   * connections have them, every 5 s, by default; a bare {@code @hyperswarm/secret-stream} needs
   * {@code keepAlive} set).
   */
  public static final StreamOptions PUBLIC_NODE =
      new StreamOptions(1024 * 1024, 10_000, 20_000, 5_000);

  /** Checks the ranges. */
  public StreamOptions {
    if (maxFrameBytes < NoiseSecretStream.ID_HEADER_BYTES || maxFrameBytes > WIRE_MAX_FRAME_BYTES) {
      throw new IllegalArgumentException(
          "maxFrameBytes must be 56 to " + WIRE_MAX_FRAME_BYTES + ", got " + maxFrameBytes);
    }
    if (handshakeTimeoutMillis < 0 || timeoutMillis < 0 || keepAliveMillis < 0) {
      throw new IllegalArgumentException("timers must not be negative");
    }
  }

  /** A copy with another frame limit. */
  public StreamOptions withMaxFrameBytes(int bytes) {
    return new StreamOptions(bytes, handshakeTimeoutMillis, timeoutMillis, keepAliveMillis);
  }

  /** A copy with another handshake timeout. */
  public StreamOptions withHandshakeTimeoutMillis(long millis) {
    return new StreamOptions(maxFrameBytes, millis, timeoutMillis, keepAliveMillis);
  }

  /** A copy with another idle timeout. */
  public StreamOptions withTimeoutMillis(long millis) {
    return new StreamOptions(maxFrameBytes, handshakeTimeoutMillis, millis, keepAliveMillis);
  }

  /** A copy with another keep-alive interval. */
  public StreamOptions withKeepAliveMillis(long millis) {
    return new StreamOptions(maxFrameBytes, handshakeTimeoutMillis, timeoutMillis, millis);
  }
}
