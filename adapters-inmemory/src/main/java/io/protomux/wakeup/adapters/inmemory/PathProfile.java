package io.protomux.wakeup.adapters.inmemory;

/**
 * How a {@link DatagramNetwork} treats datagrams from one host to another. Start from {@link
 * #PERFECT} and change what matters.
 *
 * @param latencyMillis fixed one-way delay
 * @param jitterMillis extra delay drawn uniformly from 0 to this, per datagram: datagrams sent
 *     close together then overtake each other, which is how the network reorders
 * @param lossRate chance (0 to 1) that a datagram is lost
 * @param duplicateRate chance (0 to 1) that a datagram arrives twice (the copy with its own delay)
 * @param mtu the largest datagram (UDP payload bytes) the path carries; longer ones are dropped, as
 *     a path with don't-fragment set drops them
 * @param bytesPerSecond the path's rate (0 for no limit): a datagram leaves once the ones before it
 *     have, so a burst queues
 * @param maxQueueMillis with a rate, how long a datagram may wait to leave; one that would wait
 *     longer is dropped (a full router queue)
 */
public record PathProfile(
    long latencyMillis,
    long jitterMillis,
    double lossRate,
    double duplicateRate,
    int mtu,
    long bytesPerSecond,
    long maxQueueMillis) {

  /** No delay, no loss, no duplicates, a 65507-byte MTU (any UDP datagram), no rate limit. */
  public static final PathProfile PERFECT = new PathProfile(0, 0, 0, 0, 65_507, 0, 0);

  /** Checks the values. */
  public PathProfile {
    if (latencyMillis < 0 || jitterMillis < 0 || bytesPerSecond < 0 || maxQueueMillis < 0) {
      throw new IllegalArgumentException("negative delay, rate or queue time: " + this);
    }
    if (!(lossRate >= 0 && lossRate <= 1) || !(duplicateRate >= 0 && duplicateRate <= 1)) {
      throw new IllegalArgumentException("rates must be from 0 to 1: " + lossRate + ", " + duplicateRate);
    }
    if (mtu < 1) {
      throw new IllegalArgumentException("mtu must be positive, got " + mtu);
    }
  }

  /** With another fixed delay and jitter. */
  public PathProfile withLatency(long latencyMillis, long jitterMillis) {
    return new PathProfile(latencyMillis, jitterMillis, lossRate, duplicateRate, mtu, bytesPerSecond, maxQueueMillis);
  }

  /** With another loss rate. */
  public PathProfile withLoss(double lossRate) {
    return new PathProfile(latencyMillis, jitterMillis, lossRate, duplicateRate, mtu, bytesPerSecond, maxQueueMillis);
  }

  /** With another duplication rate. */
  public PathProfile withDuplicates(double duplicateRate) {
    return new PathProfile(latencyMillis, jitterMillis, lossRate, duplicateRate, mtu, bytesPerSecond, maxQueueMillis);
  }

  /** With another MTU. */
  public PathProfile withMtu(int mtu) {
    return new PathProfile(latencyMillis, jitterMillis, lossRate, duplicateRate, mtu, bytesPerSecond, maxQueueMillis);
  }

  /** With a rate limit and the longest a datagram may queue for it. */
  public PathProfile withRate(long bytesPerSecond, long maxQueueMillis) {
    return new PathProfile(latencyMillis, jitterMillis, lossRate, duplicateRate, mtu, bytesPerSecond, maxQueueMillis);
  }
}
