package io.protomux.wakeup.domain.hyperdht;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * xache's two-generation semantics of {@link MaxCache} on a hand-driven clock: an entry lives
 * between 2/3 and 4/3 of maxAge after its last write or read, retained ones forever, and a full
 * generation rotates early and skips the next timed rotation.
 */
class MaxCacheTest {
  private static final long MAX_AGE = 30_000; // tick = 20 s
  private long now = 1_000;
  private int full;

  private MaxCache<String, String> cache(int maxSize) {
    return new MaxCache<>(maxSize, MAX_AGE, () -> now, () -> full++);
  }

  @Test
  void anEntryLivesBetweenTwoThirdsAndFourThirdsOfMaxAgeAfterItsWrite() {
    for (long writeAt : new long[] {0, 1, 10_000, 19_999}) {
      now = 1_000;
      MaxCache<String, String> cache = cache(100);
      now = 1_000 + writeAt;
      cache.set("k", "v");
      // Probed with size(), which does not refresh the entry as get() would.
      now = 1_000 + writeAt + 2 * MAX_AGE / 3 - 1;
      assertThat(cache.size()).as("written at +%s, still there at 2/3 maxAge", writeAt).isEqualTo(1);
      now = 1_000 + writeAt + 4 * MAX_AGE / 3;
      assertThat(cache.size()).as("written at +%s, gone at 4/3 maxAge", writeAt).isZero();
      assertThat(cache.get("k")).isNull();
    }
  }

  @Test
  void readingMovesAnEntryBackIntoTheNewestGeneration() {
    MaxCache<String, String> cache = cache(100);
    cache.set("k", "v");
    for (int i = 0; i < 10; i++) {
      now += 15_000;
      assertThat(cache.get("k")).as("read every 15 s, round %s", i).isEqualTo("v");
    }
    now += 40_000;
    assertThat(cache.get("k")).isNull();
  }

  @Test
  void aRetainedEntryNeverExpiresAndIsNotOverwrittenBySet() {
    MaxCache<String, String> cache = cache(100);
    cache.set("k", "old");
    cache.retain("k", "server");
    cache.set("k", "route");
    now += 10 * MAX_AGE;
    assertThat(cache.get("k")).isEqualTo("server");
    assertThat(cache.isRetained("k")).isTrue();
    assertThat(cache.size()).isEqualTo(1);
    assertThat(cache.delete("k")).isTrue();
    assertThat(cache.get("k")).isNull();
    assertThat(cache.delete("k")).isFalse();
  }

  @Test
  void aFullGenerationRotatesAtOnceAndTheNextTimedRotationIsSkipped() {
    MaxCache<String, String> cache = cache(3);
    cache.set("a", "1");
    cache.set("b", "2");
    assertThat(full).isZero();
    now += 19_000;
    cache.set("c", "3"); // the latest generation reaches 3: it becomes the oldest
    assertThat(full).isEqualTo(1);
    assertThat(cache.size()).isEqualTo(3);
    cache.set("d", "4");
    // The timed rotation at +20 s is skipped (one happened since the last), the one at +40 s not.
    now = 1_000 + 20_000;
    assertThat(cache.size()).isEqualTo(4);
    now = 1_000 + 40_000;
    assertThat(cache.size()).as("a, b, c dropped; d now oldest").isEqualTo(1);
    assertThat(cache.get("d")).isEqualTo("4");
    // At most about two generations of maxSize whatever is written.
    for (int i = 0; i < 100; i++) {
      cache.set("x" + i, "v");
      assertThat(cache.size()).isLessThanOrEqualTo(2 * 3);
    }
    assertThat(full).isGreaterThan(30);
  }

  @Test
  void aLongIdleGapEmptiesTheCacheWithoutReplayingEveryTick() {
    MaxCache<String, String> cache = cache(100);
    cache.set("k", "v");
    now += 1_000L * 365 * 24 * 3_600_000L;
    assertThat(cache.size()).isZero();
    cache.set("k2", "v2");
    now += 2 * MAX_AGE / 3 - 1;
    assertThat(cache.get("k2")).as("the clock's phase survives the gap").isEqualTo("v2");
  }
}
