package io.protomux.wakeup.domain.wakeup;

import io.protomux.wakeup.domain.wakeup.messages.Lookup;
import io.protomux.wakeup.domain.wakeup.messages.Wakeup;
import java.util.ArrayList;
import java.util.List;

/** Handlers that write every call to a log, as "name" lines, for order-sensitive assertions. */
class Recorder implements SessionHandlers {
  final String name;
  final List<String> log;
  final List<List<Wakeup>> announces = new ArrayList<>();
  final List<Lookup> lookups = new ArrayList<>();
  final List<WakeupPeer> added = new ArrayList<>();
  final List<WakeupPeer> removed = new ArrayList<>();
  final List<WakeupSession> sessions = new ArrayList<>();

  Recorder(String name, List<String> log) {
    this.name = name;
    this.log = log;
  }

  Recorder(String name) {
    this(name, new ArrayList<>());
  }

  /** This recorder's events (without its name), in order. */
  List<String> events() {
    String prefix = name + " ";
    return log.stream()
        .filter(line -> line.startsWith(prefix))
        .map(line -> line.substring(prefix.length()))
        .toList();
  }

  long count(String event) {
    return log.stream().filter(line -> line.equals(name + " " + event)).count();
  }

  @Override
  public void onPeerAdd(WakeupPeer peer, WakeupSession session) {
    added.add(peer);
    sessions.add(session);
    log.add(name + " add");
  }

  @Override
  public void onPeerRemove(WakeupPeer peer, WakeupSession session) {
    removed.add(peer);
    sessions.add(session);
    log.add(name + " remove");
  }

  @Override
  public void onPeerActive(WakeupPeer peer, WakeupSession session) {
    sessions.add(session);
    log.add(name + " active");
  }

  @Override
  public void onPeerInactive(WakeupPeer peer, WakeupSession session) {
    sessions.add(session);
    log.add(name + " inactive");
  }

  @Override
  public void onAnnounce(List<Wakeup> wakeups, WakeupPeer peer, WakeupSession session) {
    announces.add(wakeups);
    sessions.add(session);
    log.add(name + " announce");
  }

  @Override
  public void onLookup(Lookup request, WakeupPeer peer, WakeupSession session) {
    lookups.add(request);
    sessions.add(session);
    log.add(name + " lookup");
  }

  @Override
  public void onDestroy(WakeupSession session) {
    sessions.add(session);
    log.add(name + " destroy");
  }
}
