package io.protomux.wakeup.node;

import io.protomux.wakeup.domain.wakeup.WakeupPeer;
import io.protomux.wakeup.domain.wakeup.messages.Lookup;
import io.protomux.wakeup.domain.wakeup.messages.Wakeup;
import java.util.List;

/**
 * What a {@link NodeSession} is told: the reference's session handlers, each given the session to
 * answer through. Every method does nothing by default.
 *
 * <p><b>Where they run.</b> By default on the loop of the connection the event came from:
 * <em>don't block here</em>, since every other connection of that loop waits meanwhile; calling
 * the session's methods from a handler runs them at once. With {@link
 * WakeupNodeBuilder#handlerExecutor} they run on that executor instead, one at a time and in order
 * for each session, and may block without holding up the network. A handler that throws is
 * reported to {@link WakeupNodeBuilder#errorHandler} and stops nothing else.
 *
 * <p>The {@link WakeupPeer} passed is a handle to give back to {@link NodeSession#lookup} or
 * {@link NodeSession#announce}; its {@link WakeupPeer#remotePublicKey()} and {@link
 * WakeupPeer#topic()} may be read anywhere, its other state only on the loop.
 */
public interface NodeHandlers {
  /** A handler that ignores everything. */
  NodeHandlers NONE = new NodeHandlers() {};

  /** A peer proved the capability on a connection and joined the topic. */
  default void onPeerAdd(WakeupPeer peer, NodeSession session) {}

  /** A peer left the topic (its channel or connection closed). */
  default void onPeerRemove(WakeupPeer peer, NodeSession session) {}

  /** A peer became active (it has an active session on the topic). */
  default void onPeerActive(WakeupPeer peer, NodeSession session) {}

  /** A peer became inactive. */
  default void onPeerInactive(WakeupPeer peer, NodeSession session) {}

  /** A peer announced logs with new data. */
  default void onAnnounce(List<Wakeup> wakeups, WakeupPeer peer, NodeSession session) {}

  /** A peer asked for wakeups. */
  default void onLookup(Lookup request, WakeupPeer peer, NodeSession session) {}

  /** The session's topic was torn down (the node is closing). */
  default void onDestroy(NodeSession session) {}
}
