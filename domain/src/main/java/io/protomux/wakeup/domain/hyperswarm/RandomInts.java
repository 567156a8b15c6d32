package io.protomux.wakeup.domain.hyperswarm;

import io.protomux.wakeup.ports.crypto.RandomSource;

/** Uniform integers from a {@link RandomSource}, for jitter and shuffling. */
final class RandomInts {
  private final RandomSource source;
  private final byte[] buffer = new byte[8];

  RandomInts(RandomSource source) {
    this.source = source;
  }

  /** A value in {@code [0, bound)}; bound must be positive. */
  long below(long bound) {
    if (bound <= 0) {
      throw new IllegalArgumentException("bound must be positive: " + bound);
    }
    source.nextBytes(buffer);
    long bits = 0;
    for (byte b : buffer) {
      bits = (bits << 8) | (b & 0xff);
    }
    // 63 bits against bounds of at most minutes in milliseconds: the modulo bias is negligible.
    return (bits >>> 1) % bound;
  }

  /** A value in {@code [0, max]}, as {@code Math.round(max * Math.random())} gives in the reference. */
  long upTo(long max) {
    return below(max + 1);
  }
}
