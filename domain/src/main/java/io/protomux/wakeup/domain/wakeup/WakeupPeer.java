package io.protomux.wakeup.domain.wakeup;

import io.protomux.wakeup.domain.Key32;
import io.protomux.wakeup.domain.protomux.Channel;
import io.protomux.wakeup.domain.protomux.Message;
import io.protomux.wakeup.domain.stream.NoiseSecretStream;
import io.protomux.wakeup.domain.wakeup.messages.Announce;
import io.protomux.wakeup.domain.wakeup.messages.Handshake;
import io.protomux.wakeup.domain.wakeup.messages.Info;
import io.protomux.wakeup.domain.wakeup.messages.Lookup;
import java.util.List;

/**
 * The remote end of one wakeup channel: one stream, one topic. Pending until the remote's open
 * arrives with a valid capability proof. Read and change it on the swarm's event loop.
 */
public final class WakeupPeer {
  final WakeupTopic topic;
  final NoiseSecretStream stream;
  int index;
  boolean pending = true;
  boolean removed;
  boolean active;
  Channel<Handshake> channel;
  Message<Lookup> wireLookup;
  Message<Announce> wireAnnounce;
  Message<Info> wireInfo;
  private Object userData;
  private long clock;

  WakeupPeer(WakeupTopic topic, NoiseSecretStream stream) {
    this.topic = topic;
    this.stream = stream;
  }

  /** The secret stream this peer is reached over. */
  public NoiseSecretStream stream() {
    return stream;
  }

  /** The topic id (discovery key) this peer is on. */
  public Key32 topic() {
    return topic.id();
  }

  /** Whether the peer has an active session on the topic, as it last told us. */
  public boolean isActive() {
    return active;
  }

  /** Whether our channel is open but the remote's has not arrived (or not been accepted) yet. */
  public boolean isPending() {
    return pending;
  }

  /** Whether the peer has left the topic. */
  public boolean isRemoved() {
    return removed;
  }

  /** The remote's static public key, as the stream's handshake authenticated it. */
  public Key32 remotePublicKey() {
    return Key32.of(stream.remotePublicKey());
  }

  /** A slot for the application (the reference's {@code peer.userData}). */
  public Object userData() {
    return userData;
  }

  /** Sets {@link #userData()}. */
  public void setUserData(Object userData) {
    this.userData = userData;
  }

  /** A number for the application, e.g. to avoid re-sending what the peer has seen. */
  public long clock() {
    return clock;
  }

  /** Sets {@link #clock()}. */
  public void setClock(long clock) {
    this.clock = clock;
  }

  /** Swap-removes this peer from a list that keeps each member's index (the reference's unlink). */
  void unlink(List<WakeupPeer> list) {
    WakeupPeer head = list.remove(list.size() - 1);
    if (head == this) {
      return;
    }
    head.index = index;
    list.set(head.index, head);
  }

  @Override
  public String toString() {
    return "WakeupPeer[topic="
        + topic.id().toHex()
        + ", pending="
        + pending
        + ", active="
        + active
        + ", removed="
        + removed
        + "]";
  }
}
