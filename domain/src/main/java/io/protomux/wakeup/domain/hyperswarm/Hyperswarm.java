package io.protomux.wakeup.domain.hyperswarm;

import io.protomux.wakeup.domain.Key32;
import io.protomux.wakeup.domain.LoopConfinement;
import io.protomux.wakeup.domain.hyperdht.PeerRecord;
import io.protomux.wakeup.domain.stream.NoiseSecretStream;
import io.protomux.wakeup.ports.crypto.KeyPair;
import io.protomux.wakeup.ports.crypto.RandomSource;
import io.protomux.wakeup.ports.loop.EventLoop;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * hyperswarm 4.17.2 over a {@link SwarmDht}: topics joined as server and/or client, the peers
 * found dialled through a priority queue with retries, incoming connections accepted, and at most
 * one connection per remote key (the peer with the larger key is the initiator of the one kept).
 *
 * <p>Confined to the DHT's {@link EventLoop} ({@link LoopConfinement}): call every method there;
 * every callback runs there. Nothing here reads a clock or sleeps; time is the loop's.
 *
 * <p>Bounds the reference does not have: at most {@link HyperswarmOptions#maxPeerInfos()} peers
 * are remembered besides one per live connection, and at most {@link HyperswarmOptions#maxQueued()}
 * wait in the connection queue; what does not fit is counted in {@link #stats()}.
 */
public final class Hyperswarm {
  private final SwarmDht dht;
  private final EventLoop loop;
  private final KeyPair keyPair;
  private final Key32 ownKey;
  private final RandomInts random;
  private final HyperswarmOptions options;
  private final Map<Key32, PeerDiscovery> discovery = new LinkedHashMap<>();
  private final SwarmConnections conns;
  private SwarmDht.Query listening;
  private Boolean listenResult;
  private List<Consumer<Boolean>> listenWaiters = new ArrayList<>();
  private boolean destroyed;

  /**
   * @param dht the node to announce, look up, dial and listen through
   * @param keyPair the swarm's identity, used to listen and to connect
   * @param randomSource jitter and the order of peers of equal priority
   */
  public Hyperswarm(SwarmDht dht, KeyPair keyPair, RandomSource randomSource, HyperswarmOptions options) {
    this.dht = Objects.requireNonNull(dht, "dht");
    this.loop = dht.eventLoop();
    this.keyPair = Objects.requireNonNull(keyPair, "keyPair");
    this.ownKey = Key32.of(keyPair.publicKey());
    this.random = new RandomInts(Objects.requireNonNull(randomSource, "randomSource"));
    this.options = Objects.requireNonNull(options, "options");
    this.conns = new SwarmConnections(this, dht, keyPair, random, options);
  }

  // ---- public API ----

  /** Adds a listener for every connection installed, incoming or outgoing, once each. */
  public void onConnection(BiConsumer<NoiseSecretStream, PeerInfo> listener) {
    check();
    conns.connectionListeners.add(Objects.requireNonNull(listener));
  }

  /** Adds a listener for every ban (firewall rejections included), with the reason. */
  public void onBan(BiConsumer<PeerInfo, Throwable> listener) {
    check();
    conns.banListeners.add(Objects.requireNonNull(listener));
  }

  /** Adds a listener run whenever connections or attempts change. */
  public void onUpdate(Runnable listener) {
    check();
    conns.updateListeners.add(Objects.requireNonNull(listener));
  }

  /**
   * Joins a topic: a new session of the topic's discovery (created if needed), which refreshes at
   * once.
   *
   * @param topic 32 bytes
   * @throws IllegalArgumentException if the topic is not 32 bytes
   * @throws IllegalStateException once destroyed
   */
  public PeerDiscoverySession join(byte[] topic, JoinOptions joinOptions) {
    check();
    if (destroyed) {
      throw new IllegalStateException("Swarm destroyed");
    }
    Key32 key = topicKey(topic);
    PeerDiscovery existing = discovery.get(key);
    if (existing == null || existing.isDestroyed()) {
      existing = new PeerDiscovery(this, key);
      discovery.put(key, existing);
    }
    return existing.session(joinOptions);
  }

  /** {@link #join(byte[], JoinOptions)} as server and client. */
  public PeerDiscoverySession join(byte[] topic) {
    return join(topic, JoinOptions.DEFAULTS);
  }

  /**
   * Leaves a topic: stops its refreshes and query and unannounces it from the nodes the last query
   * found closest. Connections are kept.
   */
  public void leave(byte[] topic) {
    check();
    Key32 key = topicKey(topic);
    PeerDiscovery leaving = discovery.remove(key);
    if (leaving != null) {
      leaving.destroy();
    }
  }

  /** Starts listening (once): announces our key and accepts connections. */
  public void listen() {
    check();
    if (destroyed) {
      throw new IllegalStateException("Swarm destroyed");
    }
    if (listening != null && !Boolean.FALSE.equals(listenResult)) {
      return;
    }
    listenResult = null;
    SwarmDht.Query query = dht.listen(keyPair, (key, address) -> conns.handleFirewall(key), conns::onServerConnection);
    listening = query;
    query.whenDone(
        (nodes, error) -> {
          if (listening != query) {
            return;
          }
          listenResult = error == null;
          List<Consumer<Boolean>> waiters = listenWaiters;
          listenWaiters = new ArrayList<>();
          for (Consumer<Boolean> waiter : waiters) {
            waiter.accept(listenResult);
          }
        });
  }

  /**
   * Runs {@code callback} once every topic's refresh under way is done and every peer queued or
   * connecting at the time has been attempted (or no more connections may be opened): with true,
   * or false if the swarm is destroyed meanwhile.
   */
  public void flush(Consumer<Boolean> callback) {
    check();
    Objects.requireNonNull(callback);
    List<PeerDiscovery> all = new ArrayList<>(discovery.values());
    Runnable afterDiscovery =
        () -> {
          if (destroyed) {
            callback.accept(false);
            return;
          }
          if (conns.flushAllMaybe()) {
            callback.accept(true);
            return;
          }
          int pending = conns.allConnections.size() - conns.connections.size();
          if (conns.queue.size() == 0 && pending == 0) {
            callback.accept(true);
            return;
          }
          conns.pendingFlushes.add(callback, conns.queue.size() + pending);
        };
    if (all.isEmpty()) {
      afterDiscovery.run();
      return;
    }
    int[] left = {all.size()};
    for (PeerDiscovery d : all) {
      d.flushed(
          ok -> {
            if (--left[0] == 0) {
              afterDiscovery.run();
            }
          });
    }
  }

  /** Keeps a connection to this key: dialled first, redialled after every close. */
  public void joinPeer(byte[] publicKey) {
    check();
    Key32 key = Key32.of(publicKey);
    PeerInfo peer = conns.upsertPeer(key, null, true);
    if (peer == null) {
      return;
    }
    if (conns.explicitPeers.add(peer)) {
      peer.explicit = true;
    }
    if (conns.allConnections.has(key)) {
      return;
    }
    if (peer.updatePriority()) {
      conns.enqueue(peer);
    }
  }

  /** Undoes {@link #joinPeer}; a connection to the key is kept. */
  public void leavePeer(byte[] publicKey) {
    check();
    PeerInfo peer = conns.peers.get(Key32.of(publicKey));
    if (peer == null) {
      return;
    }
    peer.explicit = false;
    conns.explicitPeers.remove(peer);
    conns.maybeDeletePeer(peer);
  }

  /**
   * Sends a keep-alive on every connection (to find dead ones fast) and refreshes every topic:
   * for the owner to call when the network changed or the DHT came back online.
   */
  public void networkChanged() {
    check();
    if (destroyed) {
      return;
    }
    for (NoiseSecretStream conn : conns.allConnections.snapshot()) {
      conns.sendKeepAlive(conn);
    }
    for (PeerDiscovery d : new ArrayList<>(discovery.values())) {
      d.refresh();
    }
  }

  /**
   * Leaves every topic (unannouncing), closes the server, destroys every connection and resolves
   * waiting flushes with false. The DHT itself belongs to the caller.
   */
  public void destroy() {
    check();
    if (destroyed) {
      return;
    }
    destroyed = true;
    conns.timer.destroy();
    for (PeerDiscovery d : new ArrayList<>(discovery.values())) {
      d.destroy();
    }
    discovery.clear();
    if (listening != null) {
      dht.closeServer();
    }
    conns.queue.clear();
    for (NoiseSecretStream conn : conns.allConnections.snapshot()) {
      conn.destroy(new HyperswarmException(HyperswarmException.DESTROYED));
    }
    conns.pendingFlushes.resolveAll(false);
  }

  /** The topic's discovery, or null if it is not joined. */
  public PeerDiscovery status(byte[] topic) {
    check();
    return discovery.get(topicKey(topic));
  }

  /** Every joined topic's discovery. */
  public Collection<PeerDiscovery> topics() {
    check();
    return Collections.unmodifiableCollection(new ArrayList<>(discovery.values()));
  }

  /** The open connections (incoming ones from the moment they are installed). */
  public Set<NoiseSecretStream> connections() {
    check();
    return Collections.unmodifiableSet(new LinkedHashSet<>(conns.connections));
  }

  /** Outgoing connects in flight. */
  public int connecting() {
    return conns.connecting;
  }

  /** Every peer remembered. */
  public Collection<PeerInfo> peers() {
    check();
    return Collections.unmodifiableCollection(new ArrayList<>(conns.peers.values()));
  }

  /** The peer remembered for this key, or null. */
  public PeerInfo peer(byte[] publicKey) {
    check();
    return conns.peers.get(Key32.of(publicKey));
  }

  /** Our public key (a copy). */
  public byte[] publicKey() {
    return ownKey.bytes();
  }

  /** Whether {@link #destroy()} was called. */
  public boolean isDestroyed() {
    return destroyed;
  }

  /** A snapshot of the counters. */
  public HyperswarmStats stats() {
    return conns.stats();
  }

  // ---- for PeerDiscovery ----

  SwarmDht dht() {
    return dht;
  }

  KeyPair keyPair() {
    return keyPair;
  }

  EventLoop eventLoop() {
    return loop;
  }

  RandomInts random() {
    return random;
  }

  boolean isJoined(Key32 topic) {
    return !destroyed && discovery.containsKey(topic);
  }

  boolean isConnected(Key32 key) {
    NoiseSecretStream conn = conns.allConnections.get(key);
    return conn != null && conns.connections.contains(conn);
  }

  /** Starts listening if needed, then runs the callback with whether listening succeeded. */
  void listenThen(Consumer<Boolean> callback) {
    listen();
    whenListening(callback);
  }

  /** Runs the callback once a listen under way has finished (true at once if none was started). */
  void whenListening(Consumer<Boolean> callback) {
    if (listening == null || listenResult != null) {
      callback.accept(listening == null || listenResult);
    } else {
      listenWaiters.add(callback);
    }
  }

  /** A peer found under {@code topic}: queued unless known and connected, banned or spent. */
  void handlePeer(PeerRecord record, Key32 topic) {
    Key32 key = Key32.of(record.publicKey());
    PeerInfo peer = conns.upsertPeer(key, record.relayAddresses(), false);
    if (peer == null) {
      return;
    }
    peer.addTopic(topic);
    if (conns.allConnections.has(key)) {
      return;
    }
    if (!peer.prioritized() || peer.server()) {
      peer.reset();
    }
    if (peer.updatePriority()) {
      conns.enqueue(peer);
    } else {
      conns.maybeDeletePeer(peer);
    }
  }

  private static Key32 topicKey(byte[] topic) {
    if (topic == null || topic.length != Key32.LENGTH) {
      throw new IllegalArgumentException("Topic is required and must be a 32-byte buffer");
    }
    return Key32.of(topic);
  }

  private void check() {
    LoopConfinement.check(loop, "Hyperswarm");
  }
}
