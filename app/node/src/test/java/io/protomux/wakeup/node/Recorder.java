package io.protomux.wakeup.node;

import io.protomux.wakeup.domain.wakeup.WakeupPeer;
import io.protomux.wakeup.domain.wakeup.messages.Lookup;
import io.protomux.wakeup.domain.wakeup.messages.Wakeup;
import java.util.ArrayList;
import java.util.List;

/**
 * Handlers that remember what they were told, for assertions in the tests of this and the other
 * app modules (on the virtual loop's thread, which is also the test's).
 */
public final class Recorder implements NodeHandlers {
  public final List<String> events = new ArrayList<>();
  public final List<Lookup> lookups = new ArrayList<>();
  public final List<List<Wakeup>> announces = new ArrayList<>();
  public final List<WakeupPeer> peers = new ArrayList<>();

  public boolean saw(String event, int times) {
    return events.stream().filter(event::equals).count() >= times;
  }

  public boolean saw(String event) {
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
