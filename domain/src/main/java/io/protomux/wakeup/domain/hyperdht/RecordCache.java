package io.protomux.wakeup.domain.hyperdht;

import io.protomux.wakeup.ports.crypto.RandomSource;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * record-cache 1.2.0, the store of topic records: per target, the records by publicKey, in two
 * generations on the loop's clock (fresh and stale; every {@code ceil(2/3 maxAge)} the stale one
 * is dropped, so a record lives between 2/3 and 4/3 of {@code maxAge} after it was last added;
 * reading does not refresh it). When the fresh generation holds more than {@code maxSize} records
 * it is rotated at once and the next timed rotation skipped. Rotation is lazy, before each
 * operation, as in {@link MaxCache}.
 *
 * <p>Two differences from the reference. The records of one target are bounded ({@code
 * maxPerTarget}; the reference holds any number, up to its 65536 in all): a new key for a full
 * target is refused. And adding a key already in the fresh generation replaces its record, where
 * the reference keeps the first one until the generation turns, so that a peer whose relays
 * changed is not looked up at the old ones for up to 13 minutes; the new record is signed by the
 * same key.
 */
final class RecordCache<K> {
  private final int maxSize;
  private final int maxPerTarget;
  private final GenerationClock generations;
  private final RandomSource random;
  private RecordStore<K> fresh = new RecordStore<>();
  private RecordStore<K> stale = new RecordStore<>();
  private final Runnable onFull;

  /**
   * @param maxSize records in the fresh generation past which it rotates early (positive)
   * @param maxAge the age scale in ms; 0 or {@code Long.MAX_VALUE}: no timed rotation
   * @param maxPerTarget records one target may hold in both generations together (positive)
   * @param random picks the records {@link #get} returns
   * @param onFull told each time the fresh generation filled up and was rotated early
   */
  RecordCache(
      int maxSize, long maxAge, int maxPerTarget, LongSupplier clock, RandomSource random,
      Runnable onFull) {
    if (maxSize <= 0 || maxPerTarget <= 0 || maxAge < 0) {
      throw new IllegalArgumentException(
          "maxSize and maxPerTarget must be positive, maxAge non-negative");
    }
    this.maxSize = maxSize;
    this.maxPerTarget = maxPerTarget;
    this.generations = new GenerationClock(maxAge, clock, this::rotate);
    this.random = random;
    this.onFull = onFull;
  }

  /** Records in both generations. */
  int size() {
    generations.advance();
    return fresh.size + stale.size;
  }

  /**
   * Adds or replaces the record of {@code key} under {@code target}, in the fresh generation;
   * false (nothing changed) if it is a new key for a target holding {@code maxPerTarget} records.
   */
  boolean add(K target, K key, byte[] record) {
    generations.advance();
    boolean known = fresh.contains(target, key) || stale.contains(target, key);
    if (!known && fresh.count(target) + stale.count(target) >= maxPerTarget) {
      return false;
    }
    stale.remove(target, key);
    if (fresh.put(target, key, record) && fresh.size > maxSize) {
      onFull.run();
      generations.rotateEarly();
    }
    return true;
  }

  /** Removes the record of {@code key} under {@code target} from both generations. */
  void remove(K target, K key) {
    generations.advance();
    fresh.remove(target, key);
    stale.remove(target, key);
  }

  /** Up to {@code n} records of {@code target}, picked at random from both generations. */
  List<byte[]> get(K target, int n) {
    generations.advance();
    List<byte[]> a = fresh.list(target);
    List<byte[]> b = stale.list(target);
    int total = a.size() + b.size();
    int count = Math.min(n, total);
    // A partial Fisher-Yates over the concatenation of both lists, without changing them.
    int[] order = new int[total];
    for (int i = 0; i < total; i++) {
      order[i] = i;
    }
    List<byte[]> out = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      int j = i + below(total - i);
      int pick = order[j];
      order[j] = order[i];
      order[i] = pick;
      out.add(pick < a.size() ? a.get(pick) : b.get(pick - a.size()));
    }
    return out;
  }

  /** Forgets everything. */
  void clear() {
    fresh = new RecordStore<>();
    stale = new RecordStore<>();
  }

  private int below(int bound) {
    byte[] bytes = random.bytes(4);
    long r = (bytes[0] & 0xffL) | (bytes[1] & 0xffL) << 8 | (bytes[2] & 0xffL) << 16
        | (bytes[3] & 0xffL) << 24;
    return (int) ((r * bound) >>> 32);
  }

  private void rotate() {
    stale = fresh;
    fresh = new RecordStore<>();
  }

  /** One generation: per target, the records by key. */
  private static final class RecordStore<K> {
    private final Map<K, Map<K, byte[]>> byTarget = new HashMap<>();
    int size;

    boolean contains(K target, K key) {
      Map<K, byte[]> records = byTarget.get(target);
      return records != null && records.containsKey(key);
    }

    int count(K target) {
      Map<K, byte[]> records = byTarget.get(target);
      return records == null ? 0 : records.size();
    }

    /** Whether the key is new here. */
    boolean put(K target, K key, byte[] record) {
      Map<K, byte[]> records = byTarget.computeIfAbsent(target, t -> new LinkedHashMap<>());
      boolean added = records.put(key, record) == null;
      if (added) {
        size++;
      }
      return added;
    }

    void remove(K target, K key) {
      Map<K, byte[]> records = byTarget.get(target);
      if (records == null || records.remove(key) == null) {
        return;
      }
      size--;
      if (records.isEmpty()) {
        byTarget.remove(target);
      }
    }

    List<byte[]> list(K target) {
      Map<K, byte[]> records = byTarget.get(target);
      if (records == null) {
        return List.of();
      }
      return new ArrayList<>(records.values());
    }
  }
}
