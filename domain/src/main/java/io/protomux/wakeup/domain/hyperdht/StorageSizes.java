package io.protomux.wakeup.domain.hyperdht;

/**
 * What a persistent node holds for others right now (both generations of each cache).
 *
 * @param records topic records
 * @param routes routes from servers' self-announces, local servers' included
 * @param mutables mutable values
 * @param immutables immutable values
 */
public record StorageSizes(int records, int routes, int mutables, int immutables) {
  /** A node that stores nothing. */
  public static final StorageSizes NONE = new StorageSizes(0, 0, 0, 0);
}
