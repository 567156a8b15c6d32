package io.protomux.wakeup.adapters.inmemory.simulation;

import io.protomux.wakeup.domain.wakeup.SessionHandlers;
import io.protomux.wakeup.domain.wakeup.WakeupPeer;
import io.protomux.wakeup.domain.wakeup.WakeupSession;
import io.protomux.wakeup.domain.wakeup.messages.Lookup;
import io.protomux.wakeup.domain.wakeup.messages.Wakeup;
import java.util.List;

/**
 * Puts every call a session receives in the trace, then passes it on. Tracing comes first so the
 * trace shows the call even when the user's handler throws.
 */
final class TracingHandlers implements SessionHandlers {
  private final Simulation simulation;
  private final SimNode node;
  private final SessionHandlers user;

  TracingHandlers(Simulation simulation, SimNode node, SessionHandlers user) {
    this.simulation = simulation;
    this.node = node;
    this.user = user;
  }

  @Override
  public void onPeerAdd(WakeupPeer peer, WakeupSession session) {
    record("peer-add", peer, session, "");
    user.onPeerAdd(peer, session);
  }

  @Override
  public void onPeerRemove(WakeupPeer peer, WakeupSession session) {
    record("peer-remove", peer, session, "");
    user.onPeerRemove(peer, session);
  }

  @Override
  public void onPeerActive(WakeupPeer peer, WakeupSession session) {
    record("peer-active", peer, session, "");
    user.onPeerActive(peer, session);
  }

  @Override
  public void onPeerInactive(WakeupPeer peer, WakeupSession session) {
    record("peer-inactive", peer, session, "");
    user.onPeerInactive(peer, session);
  }

  @Override
  public void onAnnounce(List<Wakeup> wakeups, WakeupPeer peer, WakeupSession session) {
    record("announce", peer, session, " wakeups=" + Describe.wakeups(wakeups));
    user.onAnnounce(wakeups, peer, session);
  }

  @Override
  public void onLookup(Lookup request, WakeupPeer peer, WakeupSession session) {
    String hash = request.hash().map(Describe::prefix).orElse("-");
    record("lookup", peer, session, " hash=" + hash);
    user.onLookup(request, peer, session);
  }

  @Override
  public void onDestroy(WakeupSession session) {
    simulation.record(node.name(), "destroy", "topic=" + Describe.prefix(session.topic()));
    user.onDestroy(session);
  }

  private void record(String kind, WakeupPeer peer, WakeupSession session, String extra) {
    simulation.record(
        node.name(),
        kind,
        "topic=" + Describe.prefix(session.topic()) + " " + simulation.describe(peer) + extra);
  }
}
