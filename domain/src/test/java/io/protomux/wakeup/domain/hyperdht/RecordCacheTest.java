package io.protomux.wakeup.domain.hyperdht;

import static org.assertj.core.api.Assertions.assertThat;

import io.protomux.wakeup.adapters.bouncycastle.RandomSources;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * record-cache's semantics of {@link RecordCache}: records by target and key in two generations
 * (reads do not refresh), random picks without repeats, the total bound rotating early and the
 * per-target bound refusing new keys.
 */
class RecordCacheTest {
  private static final long MAX_AGE = 30_000;
  private long now;
  private int full;

  private RecordCache<String> cache(int maxSize, int maxPerTarget) {
    return new RecordCache<>(maxSize, MAX_AGE, maxPerTarget, () -> now, RandomSources.seeded(5),
        () -> full++);
  }

  private static byte[] record(int i) {
    return new byte[] {(byte) i};
  }

  @Test
  void getPicksDistinctRecordsOfTheTargetFromBothGenerations() {
    RecordCache<String> cache = cache(1000, 1000);
    for (int i = 0; i < 15; i++) {
      cache.add("t", "k" + i, record(i));
    }
    now = 20_000; // one rotation: those 15 are stale now
    for (int i = 15; i < 30; i++) {
      cache.add("t", "k" + i, record(i));
    }
    cache.add("other", "k0", record(99));
    List<byte[]> picked = cache.get("t", 20);
    assertThat(picked).hasSize(20);
    Set<Integer> distinct = new HashSet<>();
    picked.forEach(r -> distinct.add((int) r[0]));
    assertThat(distinct).hasSize(20).allMatch(i -> i >= 0 && i < 30);
    assertThat(cache.get("t", 100)).hasSize(30);
    assertThat(cache.get("none", 20)).isEmpty();
    // Different picks over many reads: both generations are drawn from.
    Set<Integer> seen = new HashSet<>();
    for (int i = 0; i < 50; i++) {
      cache.get("t", 1).forEach(r -> seen.add((int) r[0]));
    }
    assertThat(seen).anyMatch(i -> i < 15).anyMatch(i -> i >= 15);
  }

  @Test
  void readsDoNotRefreshButAddsDoAndRemoveTakesBothGenerations() {
    RecordCache<String> cache = cache(1000, 1000);
    cache.add("t", "a", record(1));
    cache.add("t", "b", record(2));
    now = 20_000; // one rotation: both stale
    assertThat(cache.get("t", 20)).hasSize(2);
    cache.add("t", "b", record(3)); // re-announced: fresh again, with its new record
    now = 40_000;
    List<byte[]> left = cache.get("t", 20);
    assertThat(left).hasSize(1);
    assertThat(left.get(0)).containsExactly(3);
    cache.remove("t", "b");
    assertThat(cache.get("t", 20)).isEmpty();
    assertThat(cache.size()).isZero();
  }

  @Test
  void aFullTargetRefusesNewKeysButTakesItsOwnAgain() {
    RecordCache<String> cache = cache(1000, 3);
    assertThat(cache.add("t", "a", record(1))).isTrue();
    assertThat(cache.add("t", "b", record(2))).isTrue();
    now = 20_000;
    assertThat(cache.add("t", "c", record(3))).isTrue();
    assertThat(cache.add("t", "d", record(4))).as("3 records in the two generations").isFalse();
    assertThat(cache.add("t", "a", record(5))).as("a known key renews").isTrue();
    assertThat(cache.add("u", "d", record(4))).as("another target").isTrue();
    assertThat(cache.get("t", 20)).hasSize(3);
    now = 40_000; // a and b's generation (b only: a was renewed) is dropped
    assertThat(cache.add("t", "d", record(4))).isTrue();
  }

  @Test
  void theTotalBoundRotatesEarly() {
    RecordCache<String> cache = cache(4, 100);
    for (int i = 0; i < 5; i++) {
      cache.add("t" + i, "k", record(i));
    }
    assertThat(full).as("5 > 4 in the fresh generation").isEqualTo(1);
    for (int i = 5; i < 100; i++) {
      cache.add("t" + i, "k", record(i));
      assertThat(cache.size()).isLessThanOrEqualTo(2 * 5);
    }
    assertThat(full).isGreaterThan(15);
    assertThat(cache.get("t99", 20)).hasSize(1);
    assertThat(cache.get("t0", 20)).isEmpty();
  }
}
