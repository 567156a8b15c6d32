package io.protomux.wakeup.domain.hyperdht;

import io.protomux.wakeup.domain.dht.DhtNode;
import io.protomux.wakeup.domain.dht.IncomingRequest;
import io.protomux.wakeup.domain.dht.PeerAddress;
import io.protomux.wakeup.domain.dht.Query;
import io.protomux.wakeup.domain.dht.QueryOptions;
import io.protomux.wakeup.domain.dht.Reply;
import io.protomux.wakeup.domain.encoding.EncodingException;
import io.protomux.wakeup.domain.stream.NoiseSecretStream;
import io.protomux.wakeup.domain.stream.StreamOptions;
import io.protomux.wakeup.domain.udx.Udx;
import io.protomux.wakeup.domain.udx.UdxStream;
import io.protomux.wakeup.ports.crypto.Crypto;
import io.protomux.wakeup.ports.crypto.KeyPair;
import io.protomux.wakeup.ports.loop.EventLoop;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiPredicate;
import java.util.function.Consumer;

/**
 * A hyperdht 6.34.0 node above a {@link DhtNode}, sans-IO: servers identified by an Ed25519 public
 * key ({@link #createServer}), {@link #connect} by public key with the Noise IK handshake carried
 * over the DHT, and the topic queries ({@link #lookup}, {@link #announce}, {@link #lookupAndUnannounce}).
 * Every stream it hands out is a {@link NoiseSecretStream} over a UDX stream of its {@link Udx},
 * started from the IK result (no Noise XX on the stream; the client is the initiator).
 *
 * <p>Confined to the DHT node's loop. It relays handshakes as every hyperdht node does; while the
 * DHT node is persistent it also stores records, routes and values for others ({@code
 * lib/persistent.js}, bounded by {@link HyperDhtOptions#storage()}), and while it is ephemeral it
 * leaves the storage commands to dht-rpc, which answers them UNKNOWN_COMMAND with closer nodes.
 */
public final class HyperDht {
  private final DhtNode dht;
  private final Udx udx;
  private final Crypto crypto;
  private final KeyPair defaultKeyPair;
  private final HyperDhtOptions options;
  private final Namespaces namespaces;
  private final Router router;
  private final AnnounceSignatures signatures;
  private final TopicQueries topics = new TopicQueries(this);
  private final HyperDhtCounters counters = new HyperDhtCounters();
  private final StorageCounters storageCounters = new StorageCounters();
  private final Map<String, List<PeerAddress>> relayAddressCache;
  private final Set<Connector> connecting = new HashSet<>();
  private final Set<DhtServer> servers = new HashSet<>();
  private List<String> interfaceHosts = List.of();
  private Persistent persistent;
  private boolean destroyed;

  /**
   * @param defaultKeyPair the key pair servers listen under and clients connect with unless told
   *     otherwise
   */
  public HyperDht(
      DhtNode dht, Udx udx, Crypto crypto, KeyPair defaultKeyPair, HyperDhtOptions options) {
    this.dht = dht;
    this.udx = udx;
    this.crypto = crypto;
    this.defaultKeyPair = defaultKeyPair;
    this.options = options;
    this.namespaces = Namespaces.derive(crypto);
    this.router = new Router(dht, options.storage(), () -> storageCounters.routesFull++);
    this.signatures = new AnnounceSignatures(crypto, crypto);
    int cacheSize = options.relayAddressCacheSize();
    this.relayAddressCache =
        new LinkedHashMap<>(16, 0.75f, true) {
          @Override
          protected boolean removeEldestEntry(Map.Entry<String, List<PeerAddress>> eldest) {
            return size() > cacheSize;
          }
        };
    dht.setRequestHandler(this::onRequest);
  }

  /** The dht-rpc node underneath. */
  public DhtNode dht() {
    return dht;
  }

  /** The loop everything runs on. */
  public EventLoop eventLoop() {
    return dht.eventLoop();
  }

  /** The key pair used unless another is given. */
  public KeyPair defaultKeyPair() {
    return defaultKeyPair;
  }

  /** What was refused or dropped. */
  public HyperDhtCounters counters() {
    return counters;
  }

  /** What the storage (on a persistent node) refused, per cause. */
  public StorageCounters storageCounters() {
    return storageCounters;
  }

  /** Outgoing connection attempts still finding or handshaking. */
  public int connectingCount() {
    return connecting.size();
  }

  /**
   * The hosts of this machine's network interfaces (IPv4, not loopback), for a node whose server
   * socket is bound to the wildcard address; the I/O layer that binds the sockets knows them.
   */
  public void setInterfaceHosts(List<String> hosts) {
    this.interfaceHosts = List.copyOf(hosts);
  }

  HyperDhtOptions options() {
    return options;
  }

  Crypto crypto() {
    return crypto;
  }

  Namespaces namespaces() {
    return namespaces;
  }

  Router router() {
    return router;
  }

  byte[] hash(byte[] bytes) {
    return crypto.hash(bytes);
  }

  /**
   * Our candidate local addresses (hyperdht's {@code localAddresses(serverSocket)}): the server
   * socket's own host when bound to one, else every interface host, with the server socket's port.
   */
  List<PeerAddress> localAddresses() {
    InetSocketAddress bound = dht.io().serverSocket().localAddress();
    int port = bound.getPort();
    String host = bound.getAddress().getHostAddress();
    if (!bound.getAddress().isAnyLocalAddress() && bound.getAddress() instanceof java.net.Inet4Address) {
      return List.of(new PeerAddress(host, port));
    }
    List<PeerAddress> addresses = new ArrayList<>();
    for (String interfaceHost : interfaceHosts) {
      addresses.add(new PeerAddress(interfaceHost, port));
    }
    if (addresses.isEmpty()) {
      addresses.add(new PeerAddress("127.0.0.1", port));
    }
    return addresses;
  }

  /**
   * hyperdht {@code connect(publicKey, {relayAddresses, keyPair})}: returns at once a secret
   * stream (initiator) that opens once the handshake through the DHT succeeded and the UDX stream
   * is connected, or closes with a {@link HyperDhtException} naming why not.
   *
   * @param relayAddresses nodes to try first (a topic record's), may be empty
   * @param keyPair null for the default key pair
   */
  public NoiseSecretStream connect(
      byte[] publicKey, List<PeerAddress> relayAddresses, KeyPair keyPair) {
    UdxStream rawStream = createRawStream();
    NoiseSecretStream encrypted = createSecretStream(true, rawStream);
    if (destroyed) {
      rawStream.close();
      encrypted.destroy(new HyperDhtException(HyperDhtException.NODE_DESTROYED, "node destroyed"));
      return encrypted;
    }
    if (connecting.size() >= options.maxConnecting()) {
      counters.connectsRefused++;
      rawStream.close();
      encrypted.destroy(
          new HyperDhtException(HyperDhtException.LIMIT,
              "too many connection attempts at once: " + connecting.size() + " (maxConnecting "
                  + options.maxConnecting() + ")"));
      return encrypted;
    }
    Connector connector =
        new Connector(
            this,
            publicKey,
            keyPair != null ? keyPair : defaultKeyPair,
            relayAddresses == null ? List.of() : List.copyOf(relayAddresses),
            rawStream,
            encrypted);
    connecting.add(connector);
    connector.start();
    return encrypted;
  }

  /**
   * A server that is not listening yet ({@code dht.createServer({firewall})}).
   *
   * @param firewall called with (remote public key, client address) for each handshake; true
   *     rejects it without an answer
   * @param onConnection gets each accepted stream (responder)
   */
  public DhtServer createServer(
      BiPredicate<byte[], PeerAddress> firewall, Consumer<NoiseSecretStream> onConnection) {
    DhtServer server = new DhtServer(this, firewall, onConnection);
    servers.add(server);
    return server;
  }

  /** A FIND_PEER query for the hash of {@code publicKey}; {@code onPeer} gets each record found. */
  public Query findPeer(byte[] publicKey, QueryOptions queryOptions, Consumer<FoundPeer> onPeer) {
    return findPeerTarget(hash(publicKey), queryOptions, onPeer);
  }

  Query findPeerTarget(byte[] target, QueryOptions queryOptions, Consumer<FoundPeer> onPeer) {
    return dht.query(
        target,
        HyperDhtConstants.FIND_PEER,
        null,
        queryOptions,
        reply -> {
          if (reply.value() == null) {
            return;
          }
          PeerRecord record;
          try {
            record = PeerRecords.decode(reply.value());
          } catch (EncodingException e) {
            counters.badReplyValues++;
            return;
          }
          onPeer.accept(
              new FoundPeer(reply.from(), reply.fromId(), reply.to(), reply.token(),
                  List.of(record), 0));
        });
  }

  /** hyperdht {@code lookup(topic)}: {@code onPeers} gets each node's records. */
  public Query lookup(byte[] topic, QueryOptions queryOptions, Consumer<FoundPeer> onPeers) {
    return topics.lookup(topic, queryOptions, onPeers);
  }

  /**
   * hyperdht {@code announce(topic, keyPair, relayAddresses, {clear})}: a LOOKUP whose commit
   * stores a record signed for each closest node there; with {@code clear}, our own stale records
   * are unannounced first.
   */
  public Query announce(
      byte[] topic,
      KeyPair keyPair,
      List<PeerAddress> relayAddresses,
      boolean clear,
      QueryOptions queryOptions,
      Consumer<FoundPeer> onPeers) {
    return topics.announce(topic, keyPair, relayAddresses, clear, queryOptions, onPeers);
  }

  /**
   * hyperdht {@code lookupAndUnannounce(topic, keyPair)}: a lookup that sends a signed UNANNOUNCE
   * to every node whose reply lists our key.
   */
  public Query lookupAndUnannounce(
      byte[] topic, KeyPair keyPair, QueryOptions queryOptions, Consumer<FoundPeer> onPeers) {
    if (persistent != null) {
      // As the reference: what this node stores for the key goes first.
      persistent.unannounce(topic, keyPair.publicKey());
    }
    return topics.lookupAndUnannounce(topic, keyPair, queryOptions, onPeers);
  }

  /**
   * Unannounces the topic at exactly these nodes (hyperswarm's leave): a LOOKUP to each, one send,
   * outside the congestion window, and a signed UNANNOUNCE where the reply lists our key.
   */
  public void unannounceAt(byte[] topic, KeyPair keyPair, List<PeerAddress> nodes) {
    topics.unannounceAt(topic, keyPair, nodes);
  }

  /** The value of an ANNOUNCE (or UNANNOUNCE) signed for the storing node {@code nodeId}. */
  byte[] signedAnnounce(
      byte[] target, byte[] token, byte[] nodeId, PeerRecord record, KeyPair keyPair,
      boolean unannounce) {
    byte[] signature =
        unannounce
            ? signatures.signUnannounce(target, nodeId, token, record, null, keyPair.secretKey())
            : signatures.signAnnounce(target, nodeId, token, record, null, keyPair.secretKey());
    return PeerRecords.encode(new AnnounceMessage(record, null, signature, 0));
  }

  UdxStream createRawStream() {
    return udx.createStream(options.udxStreamOptions());
  }

  NoiseSecretStream createSecretStream(boolean initiator, UdxStream rawStream) {
    StreamOptions streamOptions =
        options.streamOptions().withKeepAliveMillis(options.connectionKeepAliveMillis());
    return NoiseSecretStream.fromHandshake(crypto, initiator, rawStream, streamOptions);
  }

  List<PeerAddress> cachedRelayAddresses(String key) {
    return relayAddressCache.get(key);
  }

  void cacheRelayAddresses(String key, List<PeerAddress> addresses) {
    if (options.relayAddressCacheSize() > 0) {
      relayAddressCache.put(key, List.copyOf(addresses.subList(0, Math.min(3, addresses.size()))));
    }
  }

  void connectorFinished(Connector connector) {
    connecting.remove(connector);
  }

  void serverClosed(DhtServer server) {
    servers.remove(server);
  }

  private boolean onRequest(IncomingRequest request) {
    long command = request.command();
    if (command == HyperDhtConstants.PEER_HANDSHAKE) {
      router.onPeerHandshake(request);
      return true;
    }
    if (command == HyperDhtConstants.PEER_HOLEPUNCH) {
      router.onPeerHolepunch(request);
      return true;
    }
    // Checked per request: the node may have turned persistent (or back) since the last one.
    if (dht.ephemeral() || command < HyperDhtConstants.FIND_PEER
        || command > HyperDhtConstants.PLUGIN) {
      return false;
    }
    Persistent storage = persistent();
    switch ((int) command) {
      case HyperDhtConstants.FIND_PEER -> storage.onFindPeer(request);
      case HyperDhtConstants.LOOKUP -> storage.onLookup(request);
      case HyperDhtConstants.ANNOUNCE -> storage.onAnnounce(request);
      case HyperDhtConstants.UNANNOUNCE -> storage.onUnannounce(request);
      case HyperDhtConstants.MUTABLE_PUT -> storage.onMutablePut(request);
      case HyperDhtConstants.MUTABLE_GET -> storage.onMutableGet(request);
      case HyperDhtConstants.IMMUTABLE_PUT -> storage.onImmutablePut(request);
      case HyperDhtConstants.IMMUTABLE_GET -> storage.onImmutableGet(request);
      case HyperDhtConstants.PLUGIN -> storage.onPlugin(request);
      default -> throw new IllegalStateException("command " + command + " is in the range");
    }
    return true;
  }

  /** What this node stores for others now ({@link StorageSizes#NONE} before it first stored). */
  public StorageSizes storageSizes() {
    return persistent == null ? StorageSizes.NONE : persistent.sizes();
  }

  /** The storage, made on first use once the node is persistent (the reference: on 'persistent'). */
  private Persistent persistent() {
    if (persistent == null) {
      persistent =
          new Persistent(dht, router, crypto, signatures, options.storage(), storageCounters);
    }
    return persistent;
  }

  /** Closes every server and the DHT node at once; streams already open stay. */
  public void destroy() {
    close(0, () -> {});
  }

  /**
   * Closes every server, lets their unannounces (and whatever else is in flight) finish for up to
   * {@code graceMillis}, then destroys the DHT node and runs {@code onClosed}: the reference awaits
   * its servers' unannounces before destroying the node, so JS storage nodes forget our records at
   * once instead of after their 20 minutes.
   */
  public void close(long graceMillis, Runnable onClosed) {
    if (destroyed) {
      onClosed.run();
      return;
    }
    destroyed = true;
    if (persistent != null) {
      persistent.clear();
    }
    for (DhtServer server : List.copyOf(servers)) {
      server.close();
    }
    long deadline = dht.eventLoop().nowMillis() + graceMillis;
    finishClose(deadline, onClosed);
  }

  private void finishClose(long deadline, Runnable onClosed) {
    if (dht.io().inflightCount() == 0 || dht.eventLoop().nowMillis() >= deadline) {
      dht.destroy();
      onClosed.run();
      return;
    }
    dht.eventLoop().schedule(50, () -> finishClose(deadline, onClosed));
  }
}
