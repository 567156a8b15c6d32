package io.protomux.wakeup.cli;

import io.protomux.wakeup.domain.wakeup.SessionHandlers;
import io.protomux.wakeup.domain.wakeup.WakeupPeer;
import io.protomux.wakeup.domain.wakeup.WakeupSession;
import io.protomux.wakeup.domain.wakeup.messages.Lookup;
import io.protomux.wakeup.domain.wakeup.messages.Wakeup;
import java.util.List;

/**
 * The command line's session handlers: print every event, then act as the node's role says. A
 * listener answers lookups with its announce list; a connecting node greets each new peer with
 * its announce list and, if asked, a lookup.
 */
final class ReportingHandlers implements SessionHandlers {
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
  public void onPeerAdd(WakeupPeer peer, WakeupSession session) {
    output.emit(Event.peerAdd(session.topic(), peer.remotePublicKey()));
    if (!greeting.isEmpty()) {
      session.announce(peer, greeting);
    }
    if (greetingLookup != null) {
      session.lookup(peer, greetingLookup);
    }
  }

  @Override
  public void onPeerRemove(WakeupPeer peer, WakeupSession session) {
    output.emit(Event.peerRemove(session.topic()));
  }

  @Override
  public void onPeerActive(WakeupPeer peer, WakeupSession session) {
    output.emit(Event.peerActive(session.topic()));
  }

  @Override
  public void onPeerInactive(WakeupPeer peer, WakeupSession session) {
    output.emit(Event.peerInactive(session.topic()));
  }

  @Override
  public void onLookup(Lookup request, WakeupPeer peer, WakeupSession session) {
    output.emit(Event.lookup(session.topic(), request.hash()));
    if (!lookupAnswer.isEmpty()) {
      session.announce(peer, lookupAnswer);
    }
  }

  @Override
  public void onAnnounce(List<Wakeup> wakeups, WakeupPeer peer, WakeupSession session) {
    output.emit(Event.announce(session.topic(), wakeups));
  }
}
