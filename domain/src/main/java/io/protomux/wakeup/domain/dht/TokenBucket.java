package io.protomux.wakeup.domain.dht;

/**
 * A token bucket on the caller's clock: holds at most {@code capacity} tokens, starts full and
 * regains {@code capacity} tokens per {@code periodMillis}, continuously.
 *
 * <p>The level is kept in units of {@code 1 / periodMillis} token, so refilling by the elapsed
 * milliseconds is exact integer arithmetic: no rounding drift, and the same virtual times always
 * give the same answers.
 */
final class TokenBucket {
  private final long capacity;
  private final long periodMillis;
  private long level;
  private long refilledAt;

  TokenBucket(long capacity, long periodMillis, long nowMillis) {
    if (capacity <= 0 || periodMillis <= 0) {
      throw new IllegalArgumentException(
          "capacity and period must be positive: " + capacity + ", " + periodMillis);
    }
    this.capacity = capacity;
    this.periodMillis = periodMillis;
    this.level = capacity * periodMillis;
    this.refilledAt = nowMillis;
  }

  /** Whole tokens available at {@code nowMillis}. */
  long available(long nowMillis) {
    refill(nowMillis);
    return level / periodMillis;
  }

  /** Takes {@code tokens} if that many are available; otherwise takes nothing. */
  boolean tryTake(long tokens, long nowMillis) {
    if (available(nowMillis) < tokens) {
      return false;
    }
    level -= tokens * periodMillis;
    return true;
  }

  private void refill(long nowMillis) {
    long elapsed = nowMillis - refilledAt;
    if (elapsed <= 0) {
      return;
    }
    refilledAt = nowMillis;
    long full = capacity * periodMillis;
    // A bucket idle for a whole period is full; this also keeps elapsed * capacity from overflowing.
    level = elapsed >= periodMillis ? full : Math.min(full, level + elapsed * capacity);
  }
}
