package io.protomux.wakeup.domain.udx;

/**
 * libudx's pacing token bucket ({@code tb_available}, {@code update_pacing_time}, and the
 * {@code refill_pacing_timer}): spreads a window's packets over time at {@link
 * Bbr#pacingRateBytesPerMs()} instead of bursting them, on a clock with 1 ms resolution.
 *
 * <p>It is coarse by design, and this keeps libudx's choices: the bucket starts with 25000 bytes;
 * whenever the clock has advanced it is <em>set</em> (not added) to elapsed ms × rate, with no cap,
 * so after an idle period the window alone limits the burst; a packet may go while any token is
 * left, even if it is larger, and empties the bucket then. The bucket is a {@code uint32_t} in
 * libudx, so a very long idle period wraps it; that is kept too.
 *
 * <p>How the stream calls it: before each packet (new or retransmitted) {@link #maySend} with the
 * current pacing rate; after sending, {@link #onSent} with the packet's size as libudx counts it
 * (20-byte header plus payload); if that returns true, arm a timer for {@link #nextSendTimeMs} (1
 * ms later), and when it fires try sending again.
 */
final class Pacer {
  /** {@code UDX_INIT_PACING_RATE}: the first burst allowance, in bytes. */
  static final long INITIAL_TOKENS = 25_000;
  /** The refill timer's delay once the bucket is empty. */
  static final long RESUME_DELAY_MS = 1;

  private long available = INITIAL_TOKENS;
  private long lastRefillMs;
  private long emptiedAtMs;

  /** A full initial bucket at stream creation. */
  Pacer(long nowMs) {
    this.lastRefillMs = nowMs;
  }

  /** {@code update_pacing_time}: refills when the clock has moved since the last refill. */
  void refill(long nowMs, long pacingBytesPerMs) {
    if (nowMs > lastRefillMs) {
      if (pacingBytesPerMs <= 0) {
        throw new IllegalArgumentException("pacing rate must be positive: " + pacingBytesPerMs);
      }
      available = ((nowMs - lastRefillMs) * pacingBytesPerMs) & 0xFFFFFFFFL;
      lastRefillMs = nowMs;
    }
  }

  /** The pacing half of libudx's {@code stream_may_send}: refill, then any token left. */
  boolean maySend(long nowMs, long pacingBytesPerMs) {
    refill(nowMs, pacingBytesPerMs);
    return available != 0;
  }

  /**
   * Spends a sent packet's bytes.
   *
   * @return whether the bucket is now empty, so that the stream must arm the resume timer
   */
  boolean onSent(int bytes, long nowMs) {
    available = bytes > available ? 0 : available - bytes;
    if (available == 0) {
      emptiedAtMs = nowMs;
      return true;
    }
    return false;
  }

  /**
   * When sending may resume: {@code nowMs} while tokens are left, otherwise 1 ms after the send
   * that emptied the bucket (when libudx's timer fires and refills it).
   */
  long nextSendTimeMs(long nowMs) {
    if (available != 0) {
      return nowMs;
    }
    return Math.max(nowMs, emptiedAtMs + RESUME_DELAY_MS);
  }

  /** Tokens left, in bytes. */
  long available() {
    return available;
  }
}
