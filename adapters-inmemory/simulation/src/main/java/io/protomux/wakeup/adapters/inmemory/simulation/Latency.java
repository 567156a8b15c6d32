package io.protomux.wakeup.adapters.inmemory.simulation;

import java.util.Random;

/**
 * How long bytes take to cross one direction of a {@link SimLink}, drawn once per direction when
 * the link is made. Draws come from the simulation's seeded random source, so a random latency is
 * the same on every run of the same seed.
 */
@FunctionalInterface
public interface Latency {
  /**
   * The one-way latency of a new link direction.
   *
   * @param random the simulation's random source; the only randomness an implementation may use
   * @return virtual milliseconds, not negative
   */
  long sampleMillis(Random random);

  /** Every direction takes {@code millis}. */
  static Latency fixed(long millis) {
    if (millis < 0) {
      throw new IllegalArgumentException("negative latency: " + millis);
    }
    return random -> millis;
  }

  /** Each direction takes a uniformly drawn {@code minMillis} to {@code maxMillis}, inclusive. */
  static Latency uniform(long minMillis, long maxMillis) {
    if (minMillis < 0 || maxMillis < minMillis) {
      throw new IllegalArgumentException(
          "need 0 <= minMillis <= maxMillis: " + minMillis + ", " + maxMillis);
    }
    long span = maxMillis - minMillis + 1;
    return random -> minMillis + (long) (random.nextDouble() * span);
  }
}
