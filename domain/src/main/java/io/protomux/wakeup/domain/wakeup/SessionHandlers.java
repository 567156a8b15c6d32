package io.protomux.wakeup.domain.wakeup;

import io.protomux.wakeup.domain.wakeup.messages.Lookup;
import io.protomux.wakeup.domain.wakeup.messages.Wakeup;
import java.util.List;

/**
 * What a {@link WakeupSession} is told, as the reference's session handlers. Every method does
 * nothing by default; all run on the swarm's event loop. A handler that throws is reported to
 * the swarm's error handler and does not stop the others, the connection or the loop.
 */
public interface SessionHandlers {
  /** A handler that ignores everything. */
  SessionHandlers NONE = new SessionHandlers() {};

  /** A peer proved the capability on a stream and joined the topic. */
  default void onPeerAdd(WakeupPeer peer, WakeupSession session) {}

  /** A peer left the topic (its channel or stream closed). */
  default void onPeerRemove(WakeupPeer peer, WakeupSession session) {}

  /** A peer became active (it has an active session on the topic). */
  default void onPeerActive(WakeupPeer peer, WakeupSession session) {}

  /** A peer became inactive. */
  default void onPeerInactive(WakeupPeer peer, WakeupSession session) {}

  /** A peer announced logs with new data. */
  default void onAnnounce(List<Wakeup> wakeups, WakeupPeer peer, WakeupSession session) {}

  /** A peer asked for wakeups. */
  default void onLookup(Lookup request, WakeupPeer peer, WakeupSession session) {}

  /** The session's topic was torn down (garbage-collected or the swarm destroyed). */
  default void onDestroy(WakeupSession session) {}
}
