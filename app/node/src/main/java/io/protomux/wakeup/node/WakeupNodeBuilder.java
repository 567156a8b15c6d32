package io.protomux.wakeup.node;

import io.protomux.wakeup.adapters.bouncycastle.BouncyCastleCrypto;
import io.protomux.wakeup.adapters.nio.NioOptions;
import io.protomux.wakeup.adapters.nio.NioTransport;
import io.protomux.wakeup.domain.dht.DhtNodeOptions;
import io.protomux.wakeup.domain.dht.PeerAddress;
import io.protomux.wakeup.domain.hyperdht.HyperDhtOptions;
import io.protomux.wakeup.domain.hyperswarm.HyperswarmOptions;
import io.protomux.wakeup.domain.protomux.ProtomuxOptions;
import io.protomux.wakeup.domain.stream.NoiseSecretStream;
import io.protomux.wakeup.domain.stream.StreamOptions;
import io.protomux.wakeup.domain.wakeup.OnWakeup;
import io.protomux.wakeup.domain.wakeup.WakeupSwarm;
import io.protomux.wakeup.ports.crypto.Crypto;
import io.protomux.wakeup.ports.crypto.KeyPair;
import io.protomux.wakeup.ports.datagram.DatagramTransport;
import io.protomux.wakeup.ports.loop.EventLoop;
import io.protomux.wakeup.ports.transport.Transport;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.function.Consumer;

/**
 * Options of a {@link WakeupNode}; every one has the reference's default or a safe one. Not
 * thread-safe; {@link #build()} may be called more than once (each node gets its own loops).
 */
public final class WakeupNodeBuilder {
  /** The default of {@link #closeGraceMillis(long)}. */
  public static final long DEFAULT_CLOSE_GRACE_MILLIS = 1000;

  private static final System.Logger LOG = System.getLogger(WakeupNode.class.getName());

  private byte[] keySeed;
  private KeyPair keyPair;
  private StreamOptions streamOptions = StreamOptions.DEFAULTS;
  private ProtomuxOptions protomuxOptions = ProtomuxOptions.DEFAULTS;
  private OnWakeup onWakeup = OnWakeup.IGNORE;
  private long gcTickMillis = WakeupSwarm.DEFAULT_GC_TICK_MILLIS;
  private int maxTopicsPerConnection = WakeupSwarm.DEFAULT_MAX_TOPICS_PER_CONNECTION;
  private int maxWakeupsPerAnnounce = WakeupSwarm.DEFAULT_MAX_WAKEUPS_PER_ANNOUNCE;
  private int loops = 1;
  private NioOptions nioOptions = NioOptions.defaults();
  private Executor handlerExecutor;
  private Consumer<Throwable> errorHandler =
      e -> LOG.log(System.Logger.Level.WARNING, "a wakeup handler failed", e);
  private Crypto crypto;
  private Transport transport;
  private List<EventLoop> transportLoops;
  private long closeGraceMillis = DEFAULT_CLOSE_GRACE_MILLIS;
  private Consumer<NoiseSecretStream> onConnection = stream -> {};
  private List<String> bootstrap = List.of();
  private String dhtHost = "0.0.0.0";
  private int dhtPort = DhtSettings.HYPERDHT_PORTS;
  private DhtNodeOptions dhtNodeOptions = DhtNodeOptions.DEFAULTS;
  private boolean serveDht;
  private HyperDhtOptions hyperDhtOptions = HyperDhtOptions.DEFAULTS;
  private HyperswarmOptions hyperswarmOptions = HyperswarmOptions.DEFAULTS;
  private DatagramTransport datagrams;
  private boolean joinSessionTopics;

  WakeupNodeBuilder() {}

  /**
   * Derives the node's key pair from this 32-byte seed, so its public key stays the same across
   * runs (default: a fresh random key pair).
   */
  public WakeupNodeBuilder keySeed(byte[] seed) {
    if (seed.length != 32) {
      throw new IllegalArgumentException("key seed must be 32 bytes, got " + seed.length);
    }
    this.keySeed = seed.clone();
    this.keyPair = null;
    return this;
  }

  /** The node's static key pair (instead of {@link #keySeed}). */
  public WakeupNodeBuilder keyPair(KeyPair keyPair) {
    this.keyPair = Objects.requireNonNull(keyPair, "keyPair");
    this.keySeed = null;
    return this;
  }

  /**
   * Limits and timers of every secret stream. The default, {@link StreamOptions#DEFAULTS}, is the
   * reference's (no timeouts). A node that listens where anyone can reach it should use {@link
   * StreamOptions#PUBLIC_NODE}: frame limit, handshake and idle timeouts, keep-alives.
   */
  public WakeupNodeBuilder streamOptions(StreamOptions options) {
    this.streamOptions = Objects.requireNonNull(options, "options");
    return this;
  }

  /** Limits of each connection's Protomux (default {@link ProtomuxOptions#DEFAULTS}). */
  public WakeupNodeBuilder protomuxOptions(ProtomuxOptions options) {
    this.protomuxOptions = Objects.requireNonNull(options, "options");
    return this;
  }

  /**
   * Told when a remote opens a topic this node has no session for (the reference's {@code
   * onwakeup}). It runs on the stream's loop, always (the answer is due before the call returns):
   * to accept, call {@link WakeupNode#session} and {@link NodeSession#addStream} in it.
   */
  public WakeupNodeBuilder onWakeup(OnWakeup onWakeup) {
    this.onWakeup = Objects.requireNonNull(onWakeup, "onWakeup");
    return this;
  }

  /** How often idle topics are checked for collection (default 2000 ms, as the reference). */
  public WakeupNodeBuilder gcTickMillis(long millis) {
    if (millis <= 0) {
      throw new IllegalArgumentException("gcTickMillis must be positive, got " + millis);
    }
    this.gcTickMillis = millis;
    return this;
  }

  /** See {@link WakeupSwarm.Builder#maxTopicsPerConnection(int)} (default 4096). */
  public WakeupNodeBuilder maxTopicsPerConnection(int topics) {
    if (topics < 1) {
      throw new IllegalArgumentException("maxTopicsPerConnection must be positive, got " + topics);
    }
    this.maxTopicsPerConnection = topics;
    return this;
  }

  /** See {@link WakeupSwarm.Builder#maxWakeupsPerAnnounce(int)} (default 4096). */
  public WakeupNodeBuilder maxWakeupsPerAnnounce(int wakeups) {
    if (wakeups < 1) {
      throw new IllegalArgumentException("maxWakeupsPerAnnounce must be positive, got " + wakeups);
    }
    this.maxWakeupsPerAnnounce = wakeups;
    return this;
  }

  /**
   * How many loop threads share the connections (default 1). Each loop runs its own swarm with
   * every session, so a session's handlers may run on several loops at once unless a {@link
   * #handlerExecutor} orders them.
   */
  public WakeupNodeBuilder loops(int count) {
    if (count < 1) {
      throw new IllegalArgumentException("loops must be at least 1, got " + count);
    }
    this.loops = count;
    return this;
  }

  /**
   * TCP settings: water marks, read buffer, connect timeout, {@code maxConnectionsPerListener},
   * {@code maxQueuedBytes} (default {@link NioOptions#defaults()}); its loop count is replaced by
   * {@link #loops(int)}.
   */
  public WakeupNodeBuilder nioOptions(NioOptions options) {
    this.nioOptions = Objects.requireNonNull(options, "options");
    return this;
  }

  /**
   * Runs the session handlers on this executor instead of the loops, one at a time and in order
   * for each session (different sessions in parallel if the executor has threads for it). Use it
   * when handlers block. The node does not shut it down.
   */
  public WakeupNodeBuilder handlerExecutor(Executor executor) {
    this.handlerExecutor = Objects.requireNonNull(executor, "executor");
    return this;
  }

  /** Where what a handler throws goes (default: a warning on {@link System.Logger}). */
  public WakeupNodeBuilder errorHandler(Consumer<Throwable> handler) {
    this.errorHandler = Objects.requireNonNull(handler, "handler");
    return this;
  }

  /** How long {@link WakeupNode#close()} waits for remotes to end their side (default 1000 ms). */
  public WakeupNodeBuilder closeGraceMillis(long millis) {
    if (millis < 0) {
      throw new IllegalArgumentException("closeGraceMillis must not be negative, got " + millis);
    }
    this.closeGraceMillis = millis;
    return this;
  }

  /** The crypto provider (default: Bouncy Castle with a secure random source). */
  public WakeupNodeBuilder crypto(Crypto crypto) {
    this.crypto = Objects.requireNonNull(crypto, "crypto");
    return this;
  }

  /**
   * Another transport than TCP, such as the in-memory one of tests, whose connections live on
   * {@code loops}. The node owns it: {@link WakeupNode#close()} closes it, on its first loop.
   */
  public WakeupNodeBuilder transport(Transport transport, EventLoop... loops) {
    if (loops.length == 0) {
      throw new IllegalArgumentException("a transport needs the loops its connections live on");
    }
    this.transport = Objects.requireNonNull(transport, "transport");
    this.transportLoops = List.of(loops);
    return this;
  }

  /**
   * Told of every connection of the node once its handshake is done, TCP or DHT, dialled or
   * accepted; on the stream's loop (read {@code remotePublicKey()}, {@code isInitiator()} there).
   * What it throws goes to the {@link #errorHandler}.
   */
  public WakeupNodeBuilder onConnection(Consumer<NoiseSecretStream> onConnection) {
    this.onConnection = Objects.requireNonNull(onConnection, "onConnection");
    return this;
  }

  /**
   * Gives the node a HyperDHT node and a Hyperswarm, bootstrapping from these nodes ({@code
   * host:port}; names are resolved to IPv4 when the node is built, {@link
   * BootstrapNodes#PUBLIC} for the public network). Without it (the default) the node has no DHT
   * and {@link WakeupNode#join}, {@link WakeupNode#connect} and {@link WakeupNode#listenOnDht}
   * fail. The DHT runs on the node's first loop, and so do its connections.
   *
   * @throws IllegalArgumentException if one is not {@code HOST:PORT}
   */
  public WakeupNodeBuilder bootstrap(List<String> nodes) {
    nodes.forEach(BootstrapNodes::check);
    this.bootstrap = List.copyOf(nodes);
    return this;
  }

  /** {@link #bootstrap(List)}. */
  public WakeupNodeBuilder bootstrap(String... nodes) {
    return bootstrap(List.of(nodes));
  }

  /**
   * The address the DHT's two UDP sockets bind to (default {@code 0.0.0.0}, as hyperdht; {@code
   * 127.0.0.1} keeps a node on this machine).
   */
  public WakeupNodeBuilder dhtHost(String host) {
    this.dhtHost = Objects.requireNonNull(host, "host");
    return this;
  }

  /**
   * The port of the DHT's server socket, the one other nodes reach (0: any free one). Default:
   * hyperdht's, the first free one of 49737..49741, else any.
   */
  public WakeupNodeBuilder dhtPort(int port) {
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("dhtPort must be from 0 to 65535, got " + port);
    }
    this.dhtPort = port;
    return this;
  }

  /**
   * The dht-rpc node's settings (default {@link DhtNodeOptions#DEFAULTS}: firewalled until the
   * network says otherwise); their bootstrap list is replaced by {@link #bootstrap(List)}.
   */
  public WakeupNodeBuilder dhtNodeOptions(DhtNodeOptions options) {
    this.dhtNodeOptions = Objects.requireNonNull(options, "options");
    return this;
  }

  /**
   * Whether the node's own DHT node also serves the network from the start (default false): it
   * sends from its server socket, becomes persistent once the network confirms its address, and
   * then routes, stores announcements and relays handshakes for others, as a JavaScript node with
   * {@code ephemeral: false} does. For a node on a public address (a wakeup relay); a node behind
   * a NAT stays a client whatever this says. For a node that only serves, see {@link
   * DhtNodeService}.
   */
  public WakeupNodeBuilder serveDht(boolean serve) {
    this.serveDht = serve;
    return this;
  }

  /**
   * HyperDHT's settings (default {@link HyperDhtOptions#DEFAULTS}), among them the limits and
   * keep-alive of the DHT's secret streams: {@link #streamOptions} is for TCP.
   */
  public WakeupNodeBuilder hyperDhtOptions(HyperDhtOptions options) {
    this.hyperDhtOptions = Objects.requireNonNull(options, "options");
    return this;
  }

  /** Hyperswarm's bounds (default {@link HyperswarmOptions#DEFAULTS}). */
  public WakeupNodeBuilder hyperswarmOptions(HyperswarmOptions options) {
    this.hyperswarmOptions = Objects.requireNonNull(options, "options");
    return this;
  }

  /**
   * Where the DHT's UDP sockets come from, for a node on another {@link #transport} (default:
   * {@code java.nio} on the node's first loop, which must then be a NIO loop).
   */
  public WakeupNodeBuilder datagrams(DatagramTransport datagrams) {
    this.datagrams = Objects.requireNonNull(datagrams, "datagrams");
    return this;
  }

  /**
   * Whether every {@link WakeupNode#session session} also joins its topic on the DHT, as server
   * and client, until it is destroyed (default false): the topic is the capability's discovery
   * key, so peers that share a capability find each other, as an Autobase app's do. Needs {@link
   * #bootstrap}.
   */
  public WakeupNodeBuilder joinSessionTopics(boolean join) {
    this.joinSessionTopics = join;
    return this;
  }

  /**
   * The node; with the default transport its loop threads start now, and with {@link #bootstrap}
   * its DHT sockets are bound here and it starts bootstrapping.
   *
   * @throws IllegalArgumentException if a bootstrap host cannot be resolved
   * @throws java.io.UncheckedIOException if the DHT's sockets cannot be bound
   * @throws IllegalStateException for {@link #joinSessionTopics} without {@link #bootstrap}
   */
  public WakeupNode build() {
    DhtSettings dht =
        new DhtSettings(bootstrap, dhtHost, dhtPort,
            serveDht ? dhtNodeOptions.withEphemeral(Boolean.FALSE).withFirewalled(false)
                : dhtNodeOptions,
            hyperDhtOptions,
            hyperswarmOptions, datagrams, joinSessionTopics);
    if (joinSessionTopics && !dht.enabled()) {
      throw new IllegalStateException("joinSessionTopics needs bootstrap nodes");
    }
    List<PeerAddress> bootstrapAddresses = BootstrapNodes.resolveAll(bootstrap);
    Crypto usedCrypto = crypto != null ? crypto : new BouncyCastleCrypto();
    KeyPair usedKeyPair =
        keyPair != null
            ? keyPair
            : keySeed != null ? usedCrypto.keyPair(keySeed) : usedCrypto.keyPair();
    Transport usedTransport;
    List<EventLoop> usedLoops;
    if (transport != null) {
      usedTransport = transport;
      usedLoops = transportLoops;
    } else {
      NioTransport nio = new NioTransport(nioOptions.withLoopCount(loops));
      usedTransport = nio;
      usedLoops = nio.eventLoops();
    }
    List<Shard> shards = new ArrayList<>();
    for (EventLoop loop : usedLoops) {
      WakeupSwarm swarm =
          WakeupSwarm.builder(usedCrypto, loop)
              .onWakeup(onWakeup)
              .gcTickMillis(gcTickMillis)
              .errorHandler(errorHandler)
              .protomuxOptions(protomuxOptions)
              .maxTopicsPerConnection(maxTopicsPerConnection)
              .maxWakeupsPerAnnounce(maxWakeupsPerAnnounce)
              .build();
      shards.add(
          new Shard(shards.size(), loop, swarm, usedCrypto, usedKeyPair, streamOptions,
              onConnection, errorHandler));
    }
    NodeDht nodeDht = null;
    if (dht.enabled()) {
      try {
        nodeDht = new NodeDht(shards.get(0), usedCrypto, usedKeyPair, bootstrapAddresses, dht);
      } catch (RuntimeException e) {
        // The loops started above would outlive a node that was never made.
        if (transport == null) {
          ((NioTransport) usedTransport).close();
        }
        throw e;
      }
    }
    return new WakeupNode(
        usedCrypto,
        usedKeyPair,
        usedTransport,
        shards,
        nodeDht,
        joinSessionTopics,
        handlerExecutor,
        errorHandler,
        closeGraceMillis);
  }
}
