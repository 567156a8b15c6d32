package io.protomux.wakeup.domain.dht;

/**
 * Settings of the request layer.
 *
 * @param firewalled whether to start with requests leaving the client socket (the reference's
 *     default, true)
 * @param maxWindow sends per 750 ms slot of the congestion window (80, twice that over 4 slots)
 * @param maxInflight requests held at once, answered or not; the reference has no bound
 * @param maxQueued requests waiting for the congestion window; the reference has no bound
 */
public record DhtIoOptions(boolean firewalled, int maxWindow, int maxInflight, int maxQueued) {
  /** The reference's defaults plus our bounds: 8192 in flight, 4096 queued. */
  public static final DhtIoOptions DEFAULTS = new DhtIoOptions(true, 80, 8192, 4096);

  /** @throws IllegalArgumentException for non-positive bounds */
  public DhtIoOptions {
    if (maxWindow <= 0 || maxInflight <= 0 || maxQueued < 0) {
      throw new IllegalArgumentException(
          "maxWindow and maxInflight must be positive, maxQueued non-negative: " + maxWindow
              + ", " + maxInflight + ", " + maxQueued);
    }
  }

  /** The same with {@code firewalled} changed. */
  public DhtIoOptions withFirewalled(boolean value) {
    return new DhtIoOptions(value, maxWindow, maxInflight, maxQueued);
  }
}
