package io.protomux.wakeup.domain.hyperswarm;

import io.protomux.wakeup.domain.Key32;
import io.protomux.wakeup.domain.LoopConfinement;
import io.protomux.wakeup.domain.dht.PeerAddress;
import io.protomux.wakeup.domain.hyperdht.PeerRecord;
import io.protomux.wakeup.domain.stream.NoiseSecretStream;
import io.protomux.wakeup.ports.crypto.KeyPair;
import io.protomux.wakeup.ports.crypto.RandomSource;
import io.protomux.wakeup.ports.loop.EventLoop;
import java.util.ArrayList;
import java.util.Arrays;
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
  private static final System.Logger LOG = System.getLogger(Hyperswarm.class.getName());

  private final SwarmDht dht;
  private final EventLoop loop;
  private final KeyPair keyPair;
  private final Key32 ownKey;
  private final RandomInts random;
  private final HyperswarmOptions options;
  private final Map<Key32, PeerDiscovery> discovery = new LinkedHashMap<>();
  private final Map<Key32, PeerInfo> peers = new LinkedHashMap<>();
  private final Set<PeerInfo> explicitPeers = new LinkedHashSet<>();
  private final Set<NoiseSecretStream> connections = new LinkedHashSet<>();
  private final ConnectionSet allConnections = new ConnectionSet();
  private final PeerQueue queue;
  private final RetryTimer timer;
  private final PendingFlushes pendingFlushes = new PendingFlushes();
  private final List<BiConsumer<NoiseSecretStream, PeerInfo>> connectionListeners = new ArrayList<>();
  private final List<BiConsumer<PeerInfo, Throwable>> banListeners = new ArrayList<>();
  private final List<Runnable> updateListeners = new ArrayList<>();
  private SwarmDht.Query listening;
  private Boolean listenResult;
  private List<Consumer<Boolean>> listenWaiters = new ArrayList<>();
  private int connecting;
  private int clientConnections;
  private int serverConnections;
  private boolean drainingQueue;
  private boolean destroyed;
  private long clientAttempted;
  private long clientOpened;
  private long clientClosed;
  private long serverOpened;
  private long serverClosed;
  private long bannedPeers;
  private long duplicatesDropped;
  private long peersNotRemembered;
  private long peersNotQueued;

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
    this.queue = new PeerQueue(random);
    this.timer = new RetryTimer(loop, random, this::requeue);
  }

  // ---- public API ----

  /** Adds a listener for every connection installed, incoming or outgoing, once each. */
  public void onConnection(BiConsumer<NoiseSecretStream, PeerInfo> listener) {
    check();
    connectionListeners.add(Objects.requireNonNull(listener));
  }

  /** Adds a listener for every ban (firewall rejections included), with the reason. */
  public void onBan(BiConsumer<PeerInfo, Throwable> listener) {
    check();
    banListeners.add(Objects.requireNonNull(listener));
  }

  /** Adds a listener run whenever connections or attempts change. */
  public void onUpdate(Runnable listener) {
    check();
    updateListeners.add(Objects.requireNonNull(listener));
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
    SwarmDht.Query query = dht.listen(keyPair, (key, address) -> handleFirewall(key), this::onServerConnection);
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
          if (flushAllMaybe()) {
            callback.accept(true);
            return;
          }
          int pending = allConnections.size() - connections.size();
          if (queue.size() == 0 && pending == 0) {
            callback.accept(true);
            return;
          }
          pendingFlushes.add(callback, queue.size() + pending);
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
    PeerInfo peer = upsertPeer(key, null, true);
    if (peer == null) {
      return;
    }
    if (explicitPeers.add(peer)) {
      peer.explicit = true;
    }
    if (allConnections.has(key)) {
      return;
    }
    if (peer.updatePriority()) {
      enqueue(peer);
    }
  }

  /** Undoes {@link #joinPeer}; a connection to the key is kept. */
  public void leavePeer(byte[] publicKey) {
    check();
    PeerInfo peer = peers.get(Key32.of(publicKey));
    if (peer == null) {
      return;
    }
    peer.explicit = false;
    explicitPeers.remove(peer);
    maybeDeletePeer(peer);
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
    for (NoiseSecretStream conn : allConnections.snapshot()) {
      sendKeepAlive(conn);
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
    timer.destroy();
    for (PeerDiscovery d : new ArrayList<>(discovery.values())) {
      d.destroy();
    }
    discovery.clear();
    if (listening != null) {
      dht.closeServer();
    }
    queue.clear();
    for (NoiseSecretStream conn : allConnections.snapshot()) {
      conn.destroy(new HyperswarmException(HyperswarmException.DESTROYED));
    }
    pendingFlushes.resolveAll(false);
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
    return Collections.unmodifiableSet(new LinkedHashSet<>(connections));
  }

  /** Outgoing connects in flight. */
  public int connecting() {
    return connecting;
  }

  /** Every peer remembered. */
  public Collection<PeerInfo> peers() {
    check();
    return Collections.unmodifiableCollection(new ArrayList<>(peers.values()));
  }

  /** The peer remembered for this key, or null. */
  public PeerInfo peer(byte[] publicKey) {
    check();
    return peers.get(Key32.of(publicKey));
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
    return new HyperswarmStats(
        clientAttempted, clientOpened, clientClosed, serverOpened, serverClosed, bannedPeers,
        duplicatesDropped, peersNotRemembered, peersNotQueued);
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

  boolean isConnected(Key32 key) {
    NoiseSecretStream conn = allConnections.get(key);
    return conn != null && connections.contains(conn);
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
    PeerInfo peer = upsertPeer(key, record.relayAddresses(), false);
    if (peer == null) {
      return;
    }
    peer.addTopic(topic);
    if (allConnections.has(key)) {
      return;
    }
    if (!peer.prioritized() || peer.server()) {
      peer.reset();
    }
    if (peer.updatePriority()) {
      enqueue(peer);
    } else {
      maybeDeletePeer(peer);
    }
  }

  // ---- the connection queue ----

  private void enqueue(PeerInfo peer) {
    if (peer.queued) {
      return;
    }
    if (!queueIfRoom(peer)) {
      return;
    }
    attemptClientConnections();
  }

  private boolean queueIfRoom(PeerInfo peer) {
    if (queue.size() >= options.maxQueued()) {
      peersNotQueued++;
      maybeDeletePeer(peer);
      return false;
    }
    peer.queued = true;
    peer.flushTick = pendingFlushes.tick();
    queue.add(peer);
    return true;
  }

  private void requeue(List<PeerInfo> batch) {
    if (destroyed) {
      return;
    }
    for (PeerInfo peer : batch) {
      peer.waiting = false;
      if (!peer.updatePriority() || allConnections.has(peer.key()) || peer.queued) {
        // The reference keeps such a peer in swarm.peers for good; dropped here if nothing holds it.
        maybeDeletePeer(peer);
        continue;
      }
      queueIfRoom(peer);
    }
    attemptClientConnections();
  }

  private boolean withinMaxPeers() {
    int e = explicitPeers.size();
    int factor = e == 0 ? 1 : e < 2 ? 2 : e < 4 ? 3 : 4;
    return (long) factor * allConnections.size() < options.maxPeers();
  }

  private boolean shouldConnect() {
    return !destroyed
        && connecting < options.maxParallel()
        && withinMaxPeers()
        && clientConnections < options.maxClientConnections();
  }

  private boolean shouldRequeue(PeerInfo peer) {
    if (peer.explicit) {
      return true;
    }
    for (Key32 topic : peer.topicKeys()) {
      if (discovery.containsKey(topic) && !destroyed) {
        return true;
      }
    }
    return false;
  }

  private void attemptClientConnections() {
    if (drainingQueue) {
      return;
    }
    drainingQueue = true;
    try {
      long now = loop.nowMillis();
      for (PeerInfo peer : new ArrayList<>(explicitPeers)) {
        if (destroyed || connecting >= options.maxParallel()) {
          break;
        }
        if (peer.attempts >= 5 || now - peer.disconnectedTime < peer.attempts * 1000L) {
          continue;
        }
        connect(peer, false);
      }
      while (queue.size() > 0 && shouldConnect()) {
        PeerInfo peer = queue.shift();
        peer.queued = false;
        connect(peer, true);
      }
    } finally {
      drainingQueue = false;
    }
    if (connecting == 0) {
      flushAllMaybe();
    }
  }

  private boolean flushAllMaybe() {
    if (connecting > 0 || (withinMaxPeers() && clientConnections < options.maxClientConnections())) {
      return false;
    }
    pendingFlushes.resolveAll(true);
    return true;
  }

  private void connect(PeerInfo peer, boolean queued) {
    Key32 key = peer.key();
    if (peer.banned || allConnections.has(key) || handleFirewall(key.bytes())) {
      if (queued) {
        pendingFlushes.attempted(peer.flushTick);
      }
      maybeDeletePeer(peer);
      return;
    }
    NoiseSecretStream conn = dht.connect(key.bytes(), peer.relayAddresses(), keyPair);
    allConnections.add(key, conn);
    clientAttempted++;
    connecting++;
    clientConnections++;
    boolean[] opened = {false};
    conn.whenOpen(
        () -> {
          opened[0] = true;
          clientOpened++;
          connectDone();
          connections.add(conn);
          peer.connected(loop.nowMillis());
          peer.client = true;
          emitConnection(conn, peer);
          if (queued) {
            pendingFlushes.attempted(peer.flushTick);
          }
          emitUpdate();
        });
    conn.whenClosed(
        cause -> {
          if (!opened[0]) {
            connectDone();
          }
          clientClosed++;
          connections.remove(conn);
          allConnections.delete(key, conn);
          clientConnections--;
          peer.disconnected(loop.nowMillis());
          peer.waiting = !destroyed && shouldRequeue(peer) && timer.add(peer);
          maybeDeletePeer(peer);
          if (!opened[0] && queued) {
            pendingFlushes.attempted(peer.flushTick);
          }
          attemptClientConnections();
          emitUpdate();
        });
    emitUpdate();
  }

  private void connectDone() {
    connecting--;
    if (connecting < options.maxParallel()) {
      attemptClientConnections();
    }
    if (connecting == 0) {
      flushAllMaybe();
    }
  }

  // ---- firewall and incoming connections ----

  private boolean handleFirewall(byte[] remotePublicKey) {
    Key32 key = Key32.of(remotePublicKey);
    if (key.equals(ownKey)) {
      return true;
    }
    PeerInfo peer = peers.get(key);
    if (peer != null && peer.banned) {
      return true;
    }
    if (!options.firewall().test(remotePublicKey.clone())) {
      return false;
    }
    if (peer == null) {
      peer = upsertPeer(key, null, false);
    }
    banPeer(peer, new HyperswarmException(HyperswarmException.FIREWALLED));
    return true;
  }

  private void onServerConnection(NoiseSecretStream conn) {
    if (destroyed) {
      conn.destroy(new HyperswarmException(HyperswarmException.DESTROYED));
      return;
    }
    byte[] remote = conn.remotePublicKey();
    if (remote == null) {
      // A stream handed over before its handshake completed: decided once the key is known.
      conn.whenOpen(() -> onServerConnection(conn));
      return;
    }
    Key32 key = Key32.of(remote);
    PeerInfo known = peers.get(key);
    if (key.equals(ownKey) || (known != null && known.banned)) {
      conn.destroy(new HyperswarmException(HyperswarmException.FIREWALLED));
      return;
    }
    NoiseSecretStream existing = allConnections.get(key);
    if (existing == conn) {
      return;
    }
    if (existing != null) {
      resolveDuplicate(existing, conn, remote);
      return;
    }
    serverOpened++;
    PeerInfo peer = upsertPeer(key, null, true);
    connections.add(conn);
    allConnections.add(key, conn);
    serverConnections++;
    conn.whenClosed(
        cause -> {
          connections.remove(conn);
          allConnections.delete(key, conn);
          serverConnections--;
          serverClosed++;
          maybeDeletePeer(peer);
          attemptClientConnections();
          emitUpdate();
        });
    peer.client = false;
    emitConnection(conn, peer);
    emitUpdate();
  }

  /**
   * hyperswarm's duplicate rule: the new connection wins if the existing one has already carried
   * bytes both ways (the remote lost it and redialled) or if it was initiated by the peer with
   * the larger key, the choice both sides make alike.
   */
  private void resolveDuplicate(NoiseSecretStream existing, NoiseSecretStream conn, byte[] remote) {
    boolean existingIsOutdated = dht.isEstablished(existing);
    boolean expectedInitiator = Arrays.compareUnsigned(ownKey.bytes(), remote) > 0;
    boolean keepNew = existingIsOutdated || expectedInitiator == conn.isInitiator();
    duplicatesDropped++;
    if (!keepNew) {
      sendKeepAlive(existing);
      conn.destroy(new HyperswarmException(HyperswarmException.DUPLICATE));
      return;
    }
    boolean[] newClosed = {false};
    conn.whenClosed(cause -> newClosed[0] = true);
    // Registered after the existing connection's own close handler, so it runs once that one has
    // removed it from the set; the new connection is then installed as if it had just arrived.
    existing.whenClosed(
        cause -> {
          if (!newClosed[0]) {
            onServerConnection(conn);
          }
        });
    existing.destroy(new HyperswarmException(HyperswarmException.DUPLICATE));
  }

  // ---- peers ----

  /**
   * The key's peer, created if new (and there is room, unless {@code force}); its relay addresses
   * replaced by these, as the reference does (an incoming connection clears them).
   */
  private PeerInfo upsertPeer(Key32 key, List<PeerAddress> relayAddresses, boolean force) {
    if (key.equals(ownKey)) {
      return null;
    }
    PeerInfo peer = peers.get(key);
    if (peer != null) {
      peer.relayAddresses(relayAddresses);
      return peer;
    }
    if (!force && peers.size() >= options.maxPeerInfos()) {
      peersNotRemembered++;
      return null;
    }
    peer = new PeerInfo(key, relayAddresses);
    peers.put(key, peer);
    return peer;
  }

  private void maybeDeletePeer(PeerInfo peer) {
    if (!peer.shouldGc() || allConnections.has(peer.key())) {
      return;
    }
    peers.remove(peer.key(), peer);
  }

  private void banPeer(PeerInfo peer, Throwable reason) {
    bannedPeers++;
    if (peer == null) {
      return;
    }
    peer.ban(true);
    for (BiConsumer<PeerInfo, Throwable> listener : new ArrayList<>(banListeners)) {
      try {
        listener.accept(peer, reason);
      } catch (RuntimeException e) {
        LOG.log(System.Logger.Level.WARNING, "ban listener failed", e);
      }
    }
  }

  // ---- helpers ----

  private void emitConnection(NoiseSecretStream conn, PeerInfo peer) {
    for (BiConsumer<NoiseSecretStream, PeerInfo> listener : new ArrayList<>(connectionListeners)) {
      try {
        listener.accept(conn, peer);
      } catch (RuntimeException e) {
        LOG.log(System.Logger.Level.WARNING, "connection listener failed", e);
      }
    }
  }

  private void emitUpdate() {
    for (Runnable listener : new ArrayList<>(updateListeners)) {
      try {
        listener.run();
      } catch (RuntimeException e) {
        LOG.log(System.Logger.Level.WARNING, "update listener failed", e);
      }
    }
  }

  private static void sendKeepAlive(NoiseSecretStream conn) {
    if (conn.isOpen() && !conn.isEnding()) {
      conn.write(new byte[0]);
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
