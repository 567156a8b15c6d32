package io.protomux.wakeup.domain.wakeup;

import io.protomux.wakeup.domain.Key32;
import io.protomux.wakeup.domain.stream.NoiseSecretStream;

/**
 * The swarm-level handler of the reference's {@code onwakeup}: a remote opened the wakeup
 * channel of a topic this swarm has no session for. Creating a session for {@code topic} (and
 * adding the stream) in the call accepts the remote's channel; otherwise it is rejected.
 */
@FunctionalInterface
public interface OnWakeup {
  /** Ignores such opens, which are then rejected. */
  OnWakeup IGNORE = (topic, stream) -> {};

  /**
   * @param topic the topic id the remote opened
   * @param stream the stream it arrived on
   */
  void onWakeup(Key32 topic, NoiseSecretStream stream);
}
