package io.protomux.wakeup.domain.wakeup;

import io.protomux.wakeup.domain.Key32;

/**
 * Options of {@link WakeupSwarm#session}, as the reference's {@code handlers.active} and
 * {@code handlers.discoveryKey}.
 *
 * @param active whether the session starts active
 * @param discoveryKey the topic id to use instead of the capability's discovery key (null: derive)
 */
public record SessionOptions(boolean active, Key32 discoveryKey) {
  /** Active, with the topic derived from the capability. */
  public static final SessionOptions DEFAULTS = new SessionOptions(true, null);

  /** A copy with another starting state. */
  public SessionOptions withActive(boolean active) {
    return new SessionOptions(active, discoveryKey);
  }

  /** A copy with an explicit topic id. */
  public SessionOptions withDiscoveryKey(Key32 discoveryKey) {
    return new SessionOptions(active, discoveryKey);
  }
}
