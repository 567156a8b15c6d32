package io.protomux.wakeup.domain.hyperdht;

/**
 * The bounds of what a persistent hyperdht node stores for others (hyperdht's {@code
 * defaultCacheOpts}, HYPERDHT.md 3.3). Every store keeps two generations (an entry lives between
 * 2/3 and 4/3 of its max age), and each count bounds one generation, so a store holds at most
 * about twice its count. Every store is keyed by target, so the counts also bound the targets a
 * node holds anything for.
 *
 * <p>Where the reference has no bound: the records of one target ({@code maxRecordsPerTarget}; the
 * reference takes any number up to its 65536 in all) and the bytes of a stored value ({@code
 * maxValueBytes}; the reference takes whatever fits a datagram). A stored record is at most 51
 * bytes by construction (key and 3 relay addresses). With the defaults the values take at most
 * about 2 x 2 x 8192 x 1 KB, 34 MB.
 *
 * @param maxRecords topic records (65536, as the reference's {@code maxSize}); also the bound of
 *     bumps and refresh tokens
 * @param maxRecordsPerTarget records under one topic (1024); a new key for a full topic is refused
 * @param maxRoutes routes learned from servers' self-announces (65536, the reference's); the routes
 *     of servers on this node are not counted and never expire
 * @param maxAgeMillis records, routes, bumps and refresh tokens (20 minutes, the reference's)
 * @param maxValues mutable values, and immutable values (8192 each; the reference keeps 32768)
 * @param valueMaxAgeMillis mutable and immutable values (48 hours, the reference's)
 * @param maxValueBytes the bytes of one mutable or immutable value (1000, the usual DHT value
 *     limit; the capture's values are 20 and 33 bytes); a larger one is refused
 * @param bumpClockOffsetMillis added to the loop's clock to compare announces' bumps with: the
 *     reference's bumps are wall-clock ms ({@code Date.now()}) and the loop's clock is monotonic,
 *     so an application that wants bumps kept sets this to the wall clock minus the loop's clock;
 *     with 0 only bumps below the loop's clock plus 60 s are kept
 */
public record StorageOptions(
    int maxRecords,
    int maxRecordsPerTarget,
    int maxRoutes,
    long maxAgeMillis,
    int maxValues,
    long valueMaxAgeMillis,
    int maxValueBytes,
    long bumpClockOffsetMillis) {
  /** The reference's sizes and ages, with the bounds it lacks (see above). */
  public static final StorageOptions DEFAULTS =
      new StorageOptions(65536, 1024, 65536, 20 * 60_000L, 8192, 48 * 3_600_000L, 1000, 0);

  /** @throws IllegalArgumentException for a non-positive bound or age */
  public StorageOptions {
    if (maxRecords <= 0 || maxRecordsPerTarget <= 0 || maxRoutes <= 0 || maxValues <= 0
        || maxValueBytes <= 0 || maxAgeMillis <= 0 || valueMaxAgeMillis <= 0) {
      throw new IllegalArgumentException("every bound and age must be positive");
    }
  }

  /** The same with another age for records, routes, bumps and refresh tokens. */
  public StorageOptions withMaxAgeMillis(long millis) {
    return new StorageOptions(maxRecords, maxRecordsPerTarget, maxRoutes, millis, maxValues,
        valueMaxAgeMillis, maxValueBytes, bumpClockOffsetMillis);
  }

  /** The same with another clock offset for bumps. */
  public StorageOptions withBumpClockOffsetMillis(long millis) {
    return new StorageOptions(maxRecords, maxRecordsPerTarget, maxRoutes, maxAgeMillis, maxValues,
        valueMaxAgeMillis, maxValueBytes, millis);
  }
}
