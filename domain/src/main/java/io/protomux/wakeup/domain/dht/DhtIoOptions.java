package io.protomux.wakeup.domain.dht;

/**
 * Settings of the request layer.
 *
 * @param firewalled whether to start with requests leaving the client socket (the reference's
 *     default, true)
 * @param maxWindow sends per 750 ms slot of the congestion window (80, twice that over 4 slots)
 * @param maxInflight requests held at once, answered or not; the reference has no bound
 * @param maxQueued requests waiting for the congestion window; the reference has no bound
 * @param serving what the node does for requesters it does not know: rates and amplification
 *     (the reference has neither)
 */
public record DhtIoOptions(
    boolean firewalled, int maxWindow, int maxInflight, int maxQueued, ServingLimits serving) {
  /** The reference's defaults plus our bounds: 8192 in flight, 4096 queued, serving limits. */
  public static final DhtIoOptions DEFAULTS =
      new DhtIoOptions(true, 80, 8192, 4096, ServingLimits.DEFAULTS);

  /** @throws IllegalArgumentException for non-positive bounds */
  public DhtIoOptions {
    java.util.Objects.requireNonNull(serving, "serving");
    if (maxWindow <= 0 || maxInflight <= 0 || maxQueued < 0) {
      throw new IllegalArgumentException(
          "maxWindow and maxInflight must be positive, maxQueued non-negative: " + maxWindow
              + ", " + maxInflight + ", " + maxQueued);
    }
  }

  /** The reference's four settings, with the default serving limits. */
  public DhtIoOptions(boolean firewalled, int maxWindow, int maxInflight, int maxQueued) {
    this(firewalled, maxWindow, maxInflight, maxQueued, ServingLimits.DEFAULTS);
  }

  /** The same with {@code firewalled} changed. */
  public DhtIoOptions withFirewalled(boolean value) {
    return new DhtIoOptions(value, maxWindow, maxInflight, maxQueued, serving);
  }

  /** The same with other serving limits ({@link ServingLimits#NONE}: the reference's). */
  public DhtIoOptions withServing(ServingLimits value) {
    return new DhtIoOptions(firewalled, maxWindow, maxInflight, maxQueued, value);
  }
}
