package io.protomux.wakeup.domain.wakeup;

import io.protomux.wakeup.domain.Key32;
import io.protomux.wakeup.domain.stream.NoiseSecretStream;
import io.protomux.wakeup.domain.wakeup.messages.Announce;
import io.protomux.wakeup.domain.wakeup.messages.Lookup;
import io.protomux.wakeup.domain.wakeup.messages.Wakeup;
import java.util.List;

/**
 * One user of a topic: its handlers, and whether it is active. Several sessions may share a
 * topic; the topic is active while any of them is. Confined to the swarm's loop like the swarm
 * (see {@link WakeupSwarm}): call it from its handlers or a task on that loop; only {@link
 * #topic()} may be read anywhere.
 */
public final class WakeupSession {
  final WakeupTopic topic;
  final SessionHandlers handlers;
  int index;
  boolean isActive;
  boolean destroyed;

  WakeupSession(WakeupTopic topic, SessionHandlers handlers, boolean active) {
    this.topic = topic;
    this.handlers = handlers;
    this.isActive = active;
  }

  /** The topic id (discovery key). */
  public Key32 topic() {
    return topic.id();
  }

  /** The peers that joined the topic (not the pending ones), in the reference's order. */
  public List<WakeupPeer> peers() {
    swarm().checkLoop();
    return List.copyOf(topic.peers);
  }

  /** Whether this session is active. */
  public boolean isActive() {
    swarm().checkLoop();
    return isActive;
  }

  /** Whether this session was destroyed. */
  public boolean isDestroyed() {
    swarm().checkLoop();
    return destroyed;
  }

  /** Opens the topic's channel on a stream (if it has none yet). */
  public void addStream(NoiseSecretStream stream) {
    swarm().checkLoop();
    topic.addStream(stream);
  }

  /** The peer on this stream (pending or joined), or null. */
  public WakeupPeer getPeer(NoiseSecretStream stream) {
    swarm().checkLoop();
    return topic.peersByStream.get(stream);
  }

  /** Whether the topic has a peer (pending or joined) on this stream. */
  public boolean hasStream(NoiseSecretStream stream) {
    return getPeer(stream) != null;
  }

  /** Asks one peer for wakeups. */
  public void lookup(WakeupPeer peer, Lookup request) {
    swarm().checkLoop();
    sendLookup(peer, request);
  }

  /** Asks every peer, pending ones included, for wakeups. */
  public void broadcastLookup(Lookup request) {
    swarm().checkLoop();
    for (WakeupPeer peer : List.copyOf(topic.pendingPeers)) {
      sendLookup(peer, request);
    }
    for (WakeupPeer peer : List.copyOf(topic.peers)) {
      sendLookup(peer, request);
    }
  }

  /** Asks the peer on this stream, if any, for wakeups. */
  public void lookupByStream(NoiseSecretStream stream, Lookup request) {
    swarm().checkLoop();
    WakeupPeer peer = topic.peersByStream.get(stream);
    if (peer != null) {
      sendLookup(peer, request);
    }
  }

  /** Tells one peer which logs have new data. */
  public void announce(WakeupPeer peer, List<Wakeup> wakeups) {
    swarm().checkLoop();
    sendAnnounce(peer, wakeups);
  }

  /** Tells the joined peer on this stream, if any, which logs have new data. */
  public void announceByStream(NoiseSecretStream stream, List<Wakeup> wakeups) {
    swarm().checkLoop();
    WakeupPeer peer = topic.peersByStream.get(stream);
    if (peer != null && !peer.pending) {
      sendAnnounce(peer, wakeups);
    }
  }

  /** Marks this session active; the topic tells its peers if that changes its state. */
  public void active() {
    swarm().checkLoop();
    isActive = true;
    topic.bumpActivity();
  }

  /** Marks this session inactive; the topic tells its peers if that changes its state. */
  public void inactive() {
    swarm().checkLoop();
    isActive = false;
    topic.bumpActivity();
  }

  /** Leaves the topic; a topic left without sessions or active peers is collected later. */
  public void destroy() {
    swarm().checkLoop();
    if (destroyed) {
      return;
    }
    destroyed = true;
    topic.removeSession(this);
  }

  private void sendLookup(WakeupPeer peer, Lookup request) {
    topic.swarm.counters.wireLookupTx++;
    topic.swarm.counters.changed();
    peer.wireLookup.send(request == null ? Lookup.withoutHash() : request);
  }

  private void sendAnnounce(WakeupPeer peer, List<Wakeup> wakeups) {
    topic.swarm.counters.wireAnnounceTx++;
    topic.swarm.counters.changed();
    peer.wireAnnounce.send(new Announce(wakeups));
  }

  private WakeupSwarm swarm() {
    return topic.swarm;
  }

  @Override
  public String toString() {
    return "WakeupSession[topic=" + topic.id().toHex() + "]";
  }
}
