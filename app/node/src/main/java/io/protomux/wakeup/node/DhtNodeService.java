package io.protomux.wakeup.node;

import io.protomux.wakeup.adapters.bouncycastle.BouncyCastleCrypto;
import io.protomux.wakeup.adapters.nio.NioDatagrams;
import io.protomux.wakeup.adapters.nio.NioEventLoop;
import io.protomux.wakeup.domain.dht.DhtNode;
import io.protomux.wakeup.domain.dht.DhtNodeOptions;
import io.protomux.wakeup.domain.dht.PeerAddress;
import io.protomux.wakeup.domain.hyperdht.HyperDht;
import io.protomux.wakeup.domain.hyperdht.HyperDhtOptions;
import io.protomux.wakeup.domain.udx.Udx;
import io.protomux.wakeup.domain.udx.UdxSocket;
import io.protomux.wakeup.ports.crypto.Crypto;
import io.protomux.wakeup.ports.datagram.DatagramSocket;
import io.protomux.wakeup.ports.datagram.DatagramTransport;
import io.protomux.wakeup.ports.loop.Cancellable;
import io.protomux.wakeup.ports.loop.EventLoop;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * A HyperDHT node that serves the network and does nothing else: it routes, stores announcements
 * and values for others and relays their handshakes, as a JavaScript {@code hyperdht} node started
 * with {@code ephemeral: false} does. Run one for a bootstrap node, a wakeup relay or a blind
 * peer's sidecar; with no bootstrap nodes it is the first node of a new network, persistent at
 * once under the IPv4 address it is given (dht-rpc's {@code DHT.bootstrapper}).
 *
 * <p>It runs on a loop of its own (or the one given with {@link Builder#datagrams}); the methods
 * here are safe from any thread. {@link #stats()} is a snapshot the loop publishes every second.
 */
public final class DhtNodeService implements AutoCloseable {
  private static final long STATS_INTERVAL_MILLIS = 1000;

  private final EventLoop loop;
  private final boolean ownsLoop;
  private final DatagramSocket serverDatagrams;
  private final DatagramSocket clientDatagrams;
  private final CompletableFuture<Void> bootstrapped = new CompletableFuture<>();
  private final CompletableFuture<Void> closed = new CompletableFuture<>();
  private final AtomicBoolean closeCalled = new AtomicBoolean();
  private volatile DhtNodeStats stats = DhtNodeStats.EMPTY;
  private HyperDht hyperDht;
  private Cancellable statsTimer;
  private boolean closing;

  private DhtNodeService(Builder builder, List<PeerAddress> bootstrap) {
    if (builder.loop != null) {
      loop = builder.loop;
      ownsLoop = false;
    } else {
      loop = new NioEventLoop("dht-node");
      ownsLoop = true;
    }
    DatagramTransport datagrams =
        builder.datagrams != null ? builder.datagrams : new NioDatagrams((NioEventLoop) loop);
    try {
      serverDatagrams = datagrams.bind(builder.host, builder.port);
    } catch (RuntimeException e) {
      closeOwnedLoop();
      throw e;
    }
    try {
      clientDatagrams = datagrams.bind(builder.host, 0);
    } catch (RuntimeException e) {
      serverDatagrams.close();
      closeOwnedLoop();
      throw e;
    }
    Crypto crypto = builder.crypto != null ? builder.crypto : new BouncyCastleCrypto();
    DhtNodeOptions options = nodeOptions(builder, bootstrap, serverDatagrams.localAddress());
    loop.execute(() -> start(crypto, options, wallClockBumps(builder.hyperDhtOptions, loop),
        builder.onTableChange));
  }

  /** A builder with the defaults: all interfaces, hyperdht's port 49737, no bootstrap nodes. */
  public static Builder builder() {
    return new Builder();
  }

  private static DhtNodeOptions nodeOptions(
      Builder builder, List<PeerAddress> bootstrap, InetSocketAddress bound) {
    DhtNodeOptions options = builder.dhtNodeOptions.withBootstrap(bootstrap);
    if (bootstrap.isEmpty()) {
      return DhtNodeOptions.bootstrapper(publicHost(builder), bound.getPort(), options);
    }
    // As createTestnet's nodes: reachable from the start, persistent once the network agrees.
    return options.withEphemeral(Boolean.FALSE).withFirewalled(false);
  }

  /**
   * JavaScript peers' bumps are wall-clock milliseconds, the loop's clock starts anywhere: the
   * storage compares them once told the difference, which only the app layer may read.
   */
  static HyperDhtOptions wallClockBumps(HyperDhtOptions options, EventLoop loop) {
    long offset = System.currentTimeMillis() - loop.nowMillis();
    return options.withStorage(options.storage().withBumpClockOffsetMillis(offset));
  }

  private static String publicHost(Builder builder) {
    String host = builder.publicHost != null ? builder.publicHost : builder.host;
    if (host.equals("0.0.0.0") || host.equals("::")) {
      throw new IllegalArgumentException(
          "the first node of a network needs the IPv4 address others reach it at, not " + host
              + " (give publicHost, or a host to bind)");
    }
    return host;
  }

  private void start(
      Crypto crypto, DhtNodeOptions options, HyperDhtOptions hyperDhtOptions,
      Consumer<TableChange> onTableChange) {
    try {
      Udx udx = new Udx(loop, crypto.random());
      UdxSocket serverSocket = udx.socket(serverDatagrams);
      UdxSocket clientSocket = udx.socket(clientDatagrams);
      DhtNode node =
          new DhtNode(loop, crypto, crypto.random(), serverSocket, clientSocket, options);
      if (onTableChange != null) {
        node.onTableChange(
            (added, peer) ->
                onTableChange.accept(
                    new TableChange(added, peer.address().host(), peer.address().port(),
                        peer.id())));
      }
      hyperDht = new HyperDht(node, udx, crypto, crypto.keyPair(), hyperDhtOptions);
      node.whenBootstrapped(n -> {
        publishStats();
        bootstrapped.complete(null);
      });
      node.bootstrap();
      statsTimer = loop.schedule(STATS_INTERVAL_MILLIS, this::onStatsTick);
    } catch (RuntimeException e) {
      bootstrapped.completeExceptionally(e);
      serverDatagrams.close();
      clientDatagrams.close();
    }
  }

  private void onStatsTick() {
    if (closing) {
      return;
    }
    publishStats();
    statsTimer = loop.schedule(STATS_INTERVAL_MILLIS, this::onStatsTick);
  }

  private void publishStats() {
    stats = DhtNodeStats.of(hyperDht);
  }

  /** Completes once the first bootstrap (and the network check) is done. */
  public CompletableFuture<Void> bootstrapped() {
    return bootstrapped;
  }

  /** The server socket's address: what other nodes put in their bootstrap lists. */
  public InetSocketAddress address() {
    return serverDatagrams.localAddress();
  }

  /** The last snapshot of the node's state and counters. */
  public DhtNodeStats stats() {
    return stats;
  }

  /** A fresh snapshot, taken on the node's loop. */
  public CompletableFuture<DhtNodeStats> currentStats() {
    CompletableFuture<DhtNodeStats> result = new CompletableFuture<>();
    loop.execute(() -> {
      if (hyperDht != null) {
        publishStats();
      }
      result.complete(stats);
    });
    return result;
  }

  /**
   * Stops serving: the DHT node and its sockets close at once (a serving node has nothing of its
   * own to unannounce), then its own loop. Waits up to 5 s for that.
   */
  @Override
  public void close() {
    if (closeCalled.getAndSet(true)) {
      return;
    }
    loop.execute(() -> {
      if (closing) {
        return;
      }
      closing = true;
      if (statsTimer != null) {
        statsTimer.cancel();
      }
      if (hyperDht != null) {
        hyperDht.destroy();
      }
      serverDatagrams.close();
      clientDatagrams.close();
      closed.complete(null);
    });
    try {
      closed.get(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (Exception e) {
      // The loop is gone or stuck: closing it below is all that is left to do.
    }
    closeOwnedLoop();
  }

  private void closeOwnedLoop() {
    if (ownsLoop) {
      ((NioEventLoop) loop).close();
    }
  }

  /**
   * A node that entered or left the routing table (dht-rpc's {@code add-node} / {@code
   * remove-node}).
   *
   * @param added true when it entered
   * @param id its 32-byte id
   */
  public record TableChange(boolean added, String host, int port, byte[] id) {}

  /** How the service is set up. Not thread-safe; {@link #build()} once. */
  public static final class Builder {
    private String host = "0.0.0.0";
    private String publicHost;
    private int port = DhtSettings.FIRST_HYPERDHT_PORT;
    private List<String> bootstrap = List.of();
    private Crypto crypto;
    private DhtNodeOptions dhtNodeOptions = DhtNodeOptions.DEFAULTS;
    private HyperDhtOptions hyperDhtOptions = HyperDhtOptions.DEFAULTS;
    private DatagramTransport datagrams;
    private EventLoop loop;
    private Consumer<TableChange> onTableChange;

    private Builder() {}

    /** The address the UDP sockets bind to (default all interfaces). */
    public Builder host(String value) {
      host = Objects.requireNonNull(value, "host");
      return this;
    }

    /**
     * The IPv4 address others reach a first node at (default the bound host); only read when
     * there are no bootstrap nodes, since otherwise the network tells the node its address.
     */
    public Builder publicHost(String value) {
      publicHost = Objects.requireNonNull(value, "publicHost");
      return this;
    }

    /** The server socket's port (default 49737, hyperdht's); 0 for any free one. */
    public Builder port(int value) {
      if (value < 0 || value > 65535) {
        throw new IllegalArgumentException("port must be 0..65535, got " + value);
      }
      port = value;
      return this;
    }

    /** The nodes to join through, {@code host:port}; none makes this the first node. */
    public Builder bootstrap(List<String> nodes) {
      nodes.forEach(BootstrapNodes::check);
      bootstrap = List.copyOf(nodes);
      return this;
    }

    /** The crypto provider (default Bouncy Castle). */
    public Builder crypto(Crypto value) {
      crypto = Objects.requireNonNull(value, "crypto");
      return this;
    }

    /** dht-rpc settings; the bootstrap list and persistence are set from this builder. */
    public Builder dhtNodeOptions(DhtNodeOptions value) {
      dhtNodeOptions = Objects.requireNonNull(value, "dhtNodeOptions");
      return this;
    }

    /** hyperdht settings, the storage limits among them. */
    public Builder hyperDhtOptions(HyperDhtOptions value) {
      hyperDhtOptions = Objects.requireNonNull(value, "hyperDhtOptions");
      return this;
    }

    /**
     * Another datagram transport (the in-memory network, say) and the loop its sockets run on,
     * instead of NIO on a loop of the service's own.
     */
    public Builder datagrams(DatagramTransport transport, EventLoop transportLoop) {
      datagrams = Objects.requireNonNull(transport, "transport");
      loop = Objects.requireNonNull(transportLoop, "transportLoop");
      return this;
    }

    /** Called on the node's loop for every node entering or leaving the routing table. */
    public Builder onTableChange(Consumer<TableChange> listener) {
      onTableChange = Objects.requireNonNull(listener, "listener");
      return this;
    }

    /**
     * Binds the sockets (here, so that a port in use fails now) and starts bootstrapping.
     *
     * @throws IllegalArgumentException if a bootstrap host cannot be resolved, or a first node
     *     has no IPv4 address to be reached at
     * @throws java.io.UncheckedIOException if a socket cannot be bound
     */
    public DhtNodeService build() {
      List<PeerAddress> resolved = BootstrapNodes.resolveAll(bootstrap);
      if (resolved.isEmpty()) {
        DhtNodeService.publicHost(this);
      }
      return new DhtNodeService(this, resolved);
    }
  }
}
