package io.protomux.wakeup.micrometer;

import io.protomux.wakeup.domain.wakeup.WakeupPeer;
import io.protomux.wakeup.domain.wakeup.messages.Lookup;
import io.protomux.wakeup.domain.wakeup.messages.Wakeup;
import io.protomux.wakeup.node.NodeHandlers;
import io.protomux.wakeup.node.NodeSession;
import java.util.ArrayList;
import java.util.List;

/** Handlers that remember what they were told (on the virtual loop's thread), for assertions. */
final class Recorder implements NodeHandlers {
  final List<String> events = new ArrayList<>();
  final List<Lookup> lookups = new ArrayList<>();
  final List<List<Wakeup>> announces = new ArrayList<>();
  final List<WakeupPeer> peers = new ArrayList<>();

  boolean saw(String event, int times) {
    return events.stream().filter(event::equals).count() >= times;
  }

  boolean saw(String event) {
    return saw(event, 1);
  }

  @Override
  public void onPeerAdd(WakeupPeer peer, NodeSession session) {
    peers.add(peer);
    events.add("peer-add");
  }

  @Override
  public void onPeerRemove(WakeupPeer peer, NodeSession session) {
    events.add("peer-remove");
  }

  @Override
  public void onPeerActive(WakeupPeer peer, NodeSession session) {
    events.add("peer-active");
  }

  @Override
  public void onPeerInactive(WakeupPeer peer, NodeSession session) {
    events.add("peer-inactive");
  }

  @Override
  public void onLookup(Lookup request, WakeupPeer peer, NodeSession session) {
    lookups.add(request);
    events.add("lookup");
  }

  @Override
  public void onAnnounce(List<Wakeup> wakeups, WakeupPeer peer, NodeSession session) {
    announces.add(wakeups);
    events.add("announce");
  }
}
