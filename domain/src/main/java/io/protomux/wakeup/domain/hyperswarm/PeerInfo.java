package io.protomux.wakeup.domain.hyperswarm;

import io.protomux.wakeup.domain.Key32;
import io.protomux.wakeup.domain.dht.PeerAddress;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * hyperswarm's {@code PeerInfo}: what the swarm knows about one remote public key, kept while the
 * key is queued, waiting for a retry, connected, explicit or banned. Handed out with every
 * connection; read it on the swarm's loop.
 */
public final class PeerInfo {
  /** Priority of a peer that failed more than three times (or was tried and never connected). */
  public static final int VERY_LOW_PRIORITY = 0;
  /** Priority after three failed attempts. */
  public static final int LOW_PRIORITY = 1;
  /** Priority of a fresh peer. */
  public static final int NORMAL_PRIORITY = 2;
  /** Priority after two failed attempts. */
  public static final int HIGH_PRIORITY = 3;
  /** Priority after one failed attempt: a peer that just dropped is retried first. */
  public static final int VERY_HIGH_PRIORITY = 4;
  /** A connection that lived this long resets the attempts (a fast retry after a long session). */
  public static final long MIN_CONNECTION_TIME_MILLIS = 15_000;
  // Topics are only added for topics this swarm joined; past this many the oldest are kept.
  private static final int MAX_TOPICS = 256;

  private final Key32 publicKey;
  private List<PeerAddress> relayAddresses;
  private final List<Key32> topics = new ArrayList<>();
  boolean reconnecting = true;
  boolean proven;
  long connectedTime = -1;
  long disconnectedTime;
  boolean banned;
  boolean tried;
  boolean explicit;
  boolean waiting;
  boolean queued;
  boolean client;
  int attempts;
  int priority = NORMAL_PRIORITY;
  // The flush generation this peer was queued in (see Hyperswarm.flush).
  long flushTick;
  // Position in its PeerQueue level, for O(1) removal.
  int queueIndex = -1;

  PeerInfo(Key32 publicKey, List<PeerAddress> relayAddresses) {
    this.publicKey = publicKey;
    this.relayAddresses = relayAddresses == null ? List.of() : List.copyOf(relayAddresses);
  }

  /** The remote's public key (a copy). */
  public byte[] publicKey() {
    return publicKey.bytes();
  }

  Key32 key() {
    return publicKey;
  }

  /** Where the peer's latest record said it can be reached through (may be empty). */
  public List<PeerAddress> relayAddresses() {
    return relayAddresses;
  }

  void relayAddresses(List<PeerAddress> addresses) {
    relayAddresses = addresses == null ? List.of() : List.copyOf(addresses);
  }

  /** The topics this peer was discovered under (only filled when we were the client). */
  public List<byte[]> topics() {
    List<byte[]> out = new ArrayList<>(topics.size());
    for (Key32 topic : topics) {
      out.add(topic.bytes());
    }
    return Collections.unmodifiableList(out);
  }

  List<Key32> topicKeys() {
    return topics;
  }

  /** Whether we initiated the current (or last) connection to this peer. */
  public boolean client() {
    return client;
  }

  /** The opposite of {@link #client()}. */
  public boolean server() {
    return !client;
  }

  /** Whether its priority is normal or higher. */
  public boolean prioritized() {
    return priority >= NORMAL_PRIORITY;
  }

  /** Consecutive attempts without a long-lived connection. */
  public int attempts() {
    return attempts;
  }

  /** Its level in the connection queue, {@link #VERY_LOW_PRIORITY} to {@link #VERY_HIGH_PRIORITY}. */
  public int priority() {
    return priority;
  }

  /** Whether the swarm refuses this key (firewalled, or {@link #ban(boolean)}). */
  public boolean banned() {
    return banned;
  }

  /** Whether it was added with {@code joinPeer}. */
  public boolean explicit() {
    return explicit;
  }

  /** Whether it is in the connection queue. */
  public boolean queued() {
    return queued;
  }

  /** Whether it waits on a retry timer. */
  public boolean waiting() {
    return waiting;
  }

  /** Whether we ever connected to it. */
  public boolean proven() {
    return proven;
  }

  /** Whether retries are allowed after a close. */
  public boolean reconnecting() {
    return reconnecting;
  }

  /** Allows or stops retries after a close. */
  public void reconnect(boolean value) {
    reconnecting = value;
  }

  /** Bans or unbans the key: a banned key is never dialled and its handshakes are refused. */
  public void ban(boolean value) {
    banned = value;
  }

  int currentPriority() {
    boolean stale = tried && !proven;
    if (stale || attempts > 3) {
      return VERY_LOW_PRIORITY;
    }
    return switch (attempts) {
      case 3 -> LOW_PRIORITY;
      case 2 -> HIGH_PRIORITY;
      case 1 -> VERY_HIGH_PRIORITY;
      default -> NORMAL_PRIORITY;
    };
  }

  void connected(long now) {
    proven = true;
    connectedTime = now;
  }

  void disconnected(long now) {
    disconnectedTime = now;
    if (connectedTime > -1) {
      if (disconnectedTime - connectedTime >= MIN_CONNECTION_TIME_MILLIS) {
        attempts = 0;
      }
      connectedTime = -1;
    }
    attempts++;
  }

  void reset() {
    client = false;
    proven = false;
    tried = false;
    attempts = 0;
  }

  /** Recomputes the priority; false when the peer must not be queued now. */
  boolean updatePriority() {
    if (explicit && attempts > 3) {
      attempts = 3;
    }
    if (banned || queued || attempts > 3) {
      return false;
    }
    priority = currentPriority();
    return true;
  }

  void addTopic(Key32 topic) {
    if (topics.contains(topic) || topics.size() >= MAX_TOPICS) {
      return;
    }
    topics.add(topic);
  }

  boolean shouldGc() {
    return !(banned || queued || explicit || waiting);
  }

  @Override
  public String toString() {
    return "PeerInfo[" + publicKey + ", attempts=" + attempts + ", priority=" + priority
        + (banned ? ", banned" : "") + (explicit ? ", explicit" : "") + "]";
  }
}
