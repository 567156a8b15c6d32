package io.protomux.wakeup.domain.hyperdht;

import java.util.HashMap;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * xache 1.3.0's {@code MaxCache}, the two-generation cache under hyperdht's routes, bumps,
 * refreshes and values, on the loop's clock.
 *
 * <p>Writes go to the latest generation; every {@code ceil(2/3 maxAge)} the oldest generation is
 * dropped and the latest becomes the oldest, so an entry lives between 2/3 and 4/3 of {@code
 * maxAge} after it was last written or read ({@link #get} moves an entry back to the latest
 * generation). When the latest generation reaches {@code maxSize} it is rotated at once, and the
 * next timed rotation is skipped, as the reference's {@code _gced} flag does; so the two
 * generations hold at most about {@code 2 maxSize} entries. {@link #retain retained} entries (a
 * local server's route) never expire and are not overwritten by {@link #set}.
 *
 * <p>The reference rotates on a {@code setInterval}; this one rotates lazily, before each
 * operation, by the rotations due since the last one, which is the same as seen from outside and
 * needs no timer (see {@link GenerationClock}). Keys are {@code Key32} in the node, where the
 * reference uses hex strings.
 */
final class MaxCache<K, V> {
  private final int maxSize;
  private final GenerationClock generations;
  private final Map<K, V> retained = new HashMap<>();
  private Map<K, V> latest = new HashMap<>();
  private Map<K, V> oldest = new HashMap<>();
  private final Runnable onFull;

  /**
   * @param maxSize entries in the latest generation that rotate it early (positive)
   * @param maxAge the age scale in ms; 0 or {@code Long.MAX_VALUE}: no timed rotation
   * @param clock the loop's clock in ms
   * @param onFull told each time the latest generation filled up and was rotated early
   */
  MaxCache(int maxSize, long maxAge, LongSupplier clock, Runnable onFull) {
    if (maxSize <= 0 || maxAge < 0) {
      throw new IllegalArgumentException("maxSize must be positive and maxAge non-negative");
    }
    this.maxSize = maxSize;
    this.generations = new GenerationClock(maxAge, clock, this::rotate);
    this.onFull = onFull;
  }

  /** Entries in both generations and the retained ones. */
  int size() {
    generations.advance();
    return latest.size() + oldest.size() + retained.size();
  }

  /** Stores {@code value} in the latest generation, unless {@code key} is retained. */
  void set(K key, V value) {
    generations.advance();
    if (retained.containsKey(key)) {
      return;
    }
    latest.put(key, value);
    oldest.remove(key);
    if (latest.size() >= maxSize) {
      onFull.run();
      generations.rotateEarly();
    }
  }

  /** Stores {@code value} outside the generations: it stays until {@link #delete}. */
  void retain(K key, V value) {
    generations.advance();
    retained.put(key, value);
    if (latest.remove(key) == null) {
      oldest.remove(key);
    }
  }

  /** Removes {@code key} from wherever it is; whether it was there. */
  boolean delete(K key) {
    generations.advance();
    return latest.remove(key) != null || oldest.remove(key) != null || retained.remove(key) != null;
  }

  /** The value, moved back into the latest generation if it was in the oldest; or null. */
  V get(K key) {
    generations.advance();
    V value = latest.get(key);
    if (value != null) {
      return value;
    }
    value = oldest.remove(key);
    if (value != null) {
      latest.put(key, value);
      return value;
    }
    return retained.get(key);
  }

  /** Whether the key is retained (a local server's entry). */
  boolean isRetained(K key) {
    return retained.containsKey(key);
  }

  /** Forgets everything. */
  void clear() {
    latest = new HashMap<>();
    oldest = new HashMap<>();
    retained.clear();
    generations.skipNext();
  }

  private void rotate() {
    oldest = latest;
    latest = new HashMap<>();
  }
}
