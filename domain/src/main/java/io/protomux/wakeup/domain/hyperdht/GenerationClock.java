package io.protomux.wakeup.domain.hyperdht;

import java.util.function.LongSupplier;

/**
 * The timing of the two-generation caches ({@link MaxCache} as xache, {@link RecordCache} as
 * record-cache): a rotation every {@code ceil(2/3 maxAge)}, done lazily before each operation,
 * once for every rotation due since the last (three or more empty both generations, so at most
 * three run), on the loop's clock and without a timer. A rotation the cache did early, because it
 * filled up, stands in for the next timed one, as the reference's {@code _gced} flag does.
 */
final class GenerationClock {
  private final long tick;
  private final LongSupplier clock;
  private final Runnable rotate;
  private long nextTick;
  private boolean skipNext;

  /**
   * @param maxAge the age scale in ms; 0 or {@code Long.MAX_VALUE}: no timed rotation
   * @param rotate turns the generations (the newest becomes the oldest, a new one starts)
   */
  GenerationClock(long maxAge, LongSupplier clock, Runnable rotate) {
    this.tick = maxAge > 0 && maxAge < Long.MAX_VALUE ? (maxAge * 2 + 2) / 3 : 0;
    this.clock = clock;
    this.rotate = rotate;
    this.nextTick = tick > 0 ? clock.getAsLong() + tick : Long.MAX_VALUE;
  }

  /** Runs the rotations due by now. */
  void advance() {
    long now = clock.getAsLong();
    if (now < nextTick) {
      return;
    }
    long due = (now - nextTick) / tick + 1;
    nextTick += due * tick;
    for (long i = 0; i < Math.min(due, 3); i++) {
      if (!skipNext) {
        rotate.run();
      }
      skipNext = false;
    }
  }

  /** Rotates now, the cache being full; the next timed rotation is skipped. */
  void rotateEarly() {
    rotate.run();
    skipNext = true;
  }

  /** The next timed rotation is skipped (the cache was just emptied). */
  void skipNext() {
    skipNext = true;
  }
}
