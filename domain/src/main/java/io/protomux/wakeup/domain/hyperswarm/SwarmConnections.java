package io.protomux.wakeup.domain.hyperswarm;

import io.protomux.wakeup.domain.Key32;
import io.protomux.wakeup.domain.dht.PeerAddress;
import io.protomux.wakeup.domain.stream.NoiseSecretStream;
import io.protomux.wakeup.ports.crypto.KeyPair;
import io.protomux.wakeup.ports.loop.EventLoop;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;

/**
 * The connection side of a {@link Hyperswarm}: the peers it remembers, the connection queue and
 * its retries, outgoing connects, incoming connections with the firewall and the duplicate rule,
 * and the counters. Confined to the swarm's loop; the swarm checks the callers.
 */
final class SwarmConnections {
  private static final System.Logger LOG = System.getLogger(Hyperswarm.class.getName());

  private final Hyperswarm swarm;
  private final SwarmDht dht;
  private final EventLoop loop;
  private final KeyPair keyPair;
  private final Key32 ownKey;
  private final HyperswarmOptions options;
  final Map<Key32, PeerInfo> peers = new LinkedHashMap<>();
  final Set<PeerInfo> explicitPeers = new LinkedHashSet<>();
  final Set<NoiseSecretStream> connections = new LinkedHashSet<>();
  final ConnectionSet allConnections = new ConnectionSet();
  final PeerQueue queue;
  final RetryTimer timer;
  final PendingFlushes pendingFlushes = new PendingFlushes();
  final List<BiConsumer<NoiseSecretStream, PeerInfo>> connectionListeners = new ArrayList<>();
  final List<BiConsumer<PeerInfo, Throwable>> banListeners = new ArrayList<>();
  final List<Runnable> updateListeners = new ArrayList<>();
  int connecting;
  int clientConnections;
  int serverConnections;
  boolean drainingQueue;
  long clientAttempted;
  long clientOpened;
  long clientClosed;
  long serverOpened;
  long serverClosed;
  long bannedPeers;
  long duplicatesDropped;
  long peersNotRemembered;
  long peersNotQueued;

  SwarmConnections(Hyperswarm swarm, SwarmDht dht, KeyPair keyPair, RandomInts random, HyperswarmOptions options) {
    this.swarm = swarm;
    this.dht = dht;
    this.loop = dht.eventLoop();
    this.keyPair = keyPair;
    this.ownKey = Key32.of(keyPair.publicKey());
    this.options = options;
    this.queue = new PeerQueue(random);
    this.timer = new RetryTimer(loop, random, this::requeue);
  }

  HyperswarmStats stats() {
    return new HyperswarmStats(
        clientAttempted, clientOpened, clientClosed, serverOpened, serverClosed, bannedPeers,
        duplicatesDropped, peersNotRemembered, peersNotQueued);
  }

  // ---- the connection queue ----

  void enqueue(PeerInfo peer) {
    if (peer.queued) {
      return;
    }
    if (!queueIfRoom(peer)) {
      return;
    }
    attemptClientConnections();
  }

  boolean queueIfRoom(PeerInfo peer) {
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

  void requeue(List<PeerInfo> batch) {
    if (swarm.isDestroyed()) {
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

  boolean withinMaxPeers() {
    int e = explicitPeers.size();
    int factor = e == 0 ? 1 : e < 2 ? 2 : e < 4 ? 3 : 4;
    return (long) factor * allConnections.size() < options.maxPeers();
  }

  boolean shouldConnect() {
    return !swarm.isDestroyed()
        && connecting < options.maxParallel()
        && withinMaxPeers()
        && clientConnections < options.maxClientConnections();
  }

  boolean shouldRequeue(PeerInfo peer) {
    if (peer.explicit) {
      return true;
    }
    for (Key32 topic : peer.topicKeys()) {
      if (swarm.isJoined(topic)) {
        return true;
      }
    }
    return false;
  }

  void attemptClientConnections() {
    if (drainingQueue) {
      return;
    }
    drainingQueue = true;
    try {
      long now = loop.nowMillis();
      for (PeerInfo peer : new ArrayList<>(explicitPeers)) {
        if (swarm.isDestroyed() || connecting >= options.maxParallel()) {
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

  boolean flushAllMaybe() {
    if (connecting > 0 || (withinMaxPeers() && clientConnections < options.maxClientConnections())) {
      return false;
    }
    pendingFlushes.resolveAll(true);
    return true;
  }

  void connect(PeerInfo peer, boolean queued) {
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
          peer.waiting = !swarm.isDestroyed() && shouldRequeue(peer) && timer.add(peer);
          maybeDeletePeer(peer);
          if (!opened[0] && queued) {
            pendingFlushes.attempted(peer.flushTick);
          }
          attemptClientConnections();
          emitUpdate();
        });
    emitUpdate();
  }

  void connectDone() {
    connecting--;
    if (connecting < options.maxParallel()) {
      attemptClientConnections();
    }
    if (connecting == 0) {
      flushAllMaybe();
    }
  }

  // ---- firewall and incoming connections ----

  boolean handleFirewall(byte[] remotePublicKey) {
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

  void onServerConnection(NoiseSecretStream conn) {
    if (swarm.isDestroyed()) {
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
  void resolveDuplicate(NoiseSecretStream existing, NoiseSecretStream conn, byte[] remote) {
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
  PeerInfo upsertPeer(Key32 key, List<PeerAddress> relayAddresses, boolean force) {
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

  void maybeDeletePeer(PeerInfo peer) {
    if (!peer.shouldGc() || allConnections.has(peer.key())) {
      return;
    }
    peers.remove(peer.key(), peer);
  }

  void banPeer(PeerInfo peer, Throwable reason) {
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

  void emitConnection(NoiseSecretStream conn, PeerInfo peer) {
    for (BiConsumer<NoiseSecretStream, PeerInfo> listener : new ArrayList<>(connectionListeners)) {
      try {
        listener.accept(conn, peer);
      } catch (RuntimeException e) {
        LOG.log(System.Logger.Level.WARNING, "connection listener failed", e);
      }
    }
  }

  void emitUpdate() {
    for (Runnable listener : new ArrayList<>(updateListeners)) {
      try {
        listener.run();
      } catch (RuntimeException e) {
        LOG.log(System.Logger.Level.WARNING, "update listener failed", e);
      }
    }
  }

  static void sendKeepAlive(NoiseSecretStream conn) {
    if (conn.isOpen() && !conn.isEnding()) {
      conn.write(new byte[0]);
    }
  }

}
