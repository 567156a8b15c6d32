package io.protomux.wakeup.cli;

import io.protomux.wakeup.domain.wakeup.WakeupPeer;
import io.protomux.wakeup.domain.wakeup.messages.Lookup;
import io.protomux.wakeup.domain.wakeup.messages.Wakeup;
import io.protomux.wakeup.node.NodeHandlers;
import io.protomux.wakeup.node.NodeSession;
import java.util.List;

/**
 * The command line's session handlers: print every event, then act as the node's role says. A
 * listener answers lookups with its announce list; a connecting node greets each new peer with
 * its announce list and, if asked, a lookup. They run on the loop, so the session sends at once,
 * before any other event of the connection is handled.
 */
final class ReportingHandlers implements NodeHandlers {
  private final EventOutput output;
  private final List<Wakeup> lookupAnswer;
  private final List<Wakeup> greeting;
  private final Lookup greetingLookup;

  /**
   * @param lookupAnswer announced to whoever sends a lookup; empty: no answer
   * @param greeting announced to each new peer; empty: none
   * @param greetingLookup sent to each new peer after the greeting, or null
   */
  ReportingHandlers(
      EventOutput output, List<Wakeup> lookupAnswer, List<Wakeup> greeting, Lookup greetingLookup) {
    this.output = output;
    this.lookupAnswer = List.copyOf(lookupAnswer);
    this.greeting = List.copyOf(greeting);
    this.greetingLookup = greetingLookup;
  }

  @Override
  public void onPeerAdd(WakeupPeer peer, NodeSession session) {
    output.emit(Event.peerAdd(peer.topic(), peer.remotePublicKey()));
    if (!greeting.isEmpty()) {
      session.announce(peer, greeting);
    }
    if (greetingLookup != null) {
      session.lookup(peer, greetingLookup);
    }
  }

  @Override
  public void onPeerRemove(WakeupPeer peer, NodeSession session) {
    output.emit(Event.peerRemove(peer.topic(), peer.remotePublicKey()));
  }

  @Override
  public void onPeerActive(WakeupPeer peer, NodeSession session) {
    output.emit(Event.peerActive(peer.topic(), peer.remotePublicKey()));
  }

  @Override
  public void onPeerInactive(WakeupPeer peer, NodeSession session) {
    output.emit(Event.peerInactive(peer.topic(), peer.remotePublicKey()));
  }

  @Override
  public void onLookup(Lookup request, WakeupPeer peer, NodeSession session) {
    output.emit(Event.lookup(peer.topic(), request.hash(), peer.remotePublicKey()));
    if (!lookupAnswer.isEmpty()) {
      session.announce(peer, lookupAnswer);
    }
  }

  @Override
  public void onAnnounce(List<Wakeup> wakeups, WakeupPeer peer, NodeSession session) {
    output.emit(Event.announce(peer.topic(), wakeups, peer.remotePublicKey()));
  }
}
