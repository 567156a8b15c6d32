package io.protomux.wakeup.node;

import io.protomux.wakeup.adapters.nio.NioDatagrams;
import io.protomux.wakeup.adapters.nio.NioEventLoop;
import io.protomux.wakeup.domain.Key32;
import io.protomux.wakeup.domain.dht.DhtNode;
import io.protomux.wakeup.domain.dht.PeerAddress;
import io.protomux.wakeup.domain.hyperdht.HyperDht;
import io.protomux.wakeup.domain.hyperswarm.HyperDhtSwarm;
import io.protomux.wakeup.domain.hyperswarm.Hyperswarm;
import io.protomux.wakeup.domain.hyperswarm.JoinOptions;
import io.protomux.wakeup.domain.hyperswarm.PeerDiscoverySession;
import io.protomux.wakeup.domain.hyperswarm.SwarmDht;
import io.protomux.wakeup.domain.stream.NoiseSecretStream;
import io.protomux.wakeup.domain.stream.SecretStreamException;
import io.protomux.wakeup.domain.udx.Udx;
import io.protomux.wakeup.domain.udx.UdxSocket;
import io.protomux.wakeup.ports.crypto.Crypto;
import io.protomux.wakeup.ports.crypto.KeyPair;
import io.protomux.wakeup.ports.datagram.DatagramSocket;
import io.protomux.wakeup.ports.datagram.DatagramTransport;
import java.io.UncheckedIOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * The node's HyperDHT stack on its first loop: two UDP sockets under one {@link Udx}, the dht-rpc
 * node, HyperDHT above it and one Hyperswarm, whose every connection joins the first loop's wakeup
 * swarm. What the facade asks before the node has bootstrapped waits for it, in order. Everything
 * but the constructor runs on that loop.
 */
final class NodeDht {
  private final Shard shard;
  private final KeyPair keyPair;
  private final DhtSettings settings;
  private final DatagramSocket serverDatagrams;
  private final DatagramSocket clientDatagrams;
  private final CompletableFuture<Void> bootstrapped = new CompletableFuture<>();
  // Futures handed out and not completed yet: closing fails them instead of leaving them hanging.
  private final Set<CompletableFuture<?>> pending = Collections.newSetFromMap(new IdentityHashMap<>());
  private final Map<NodeSession, PeerDiscoverySession> sessionJoins = new IdentityHashMap<>();
  private UdxSocket serverSocket;
  private UdxSocket clientSocket;
  private DhtNode dhtNode;
  private HyperDht hyperDht;
  private HyperDhtSwarm swarmDht;
  private Hyperswarm swarm;
  // Tasks asked for before the node bootstrapped, in order (a future's dependents would run LIFO).
  private final List<Runnable> waiting = new ArrayList<>();
  private boolean ready;
  private RuntimeException startFailure;
  private boolean closing;
  private boolean socketsClosed;

  /**
   * Binds the sockets on the calling thread, so that an address in use fails here, then sets the
   * rest up and bootstraps on the loop.
   *
   * @throws UncheckedIOException if a socket cannot be bound
   * @throws IllegalStateException if no datagram transport was given and the loop is not NIO's
   */
  NodeDht(Shard shard, Crypto crypto, KeyPair keyPair, List<PeerAddress> bootstrap,
      DhtSettings settings) {
    this.shard = shard;
    this.keyPair = keyPair;
    this.settings = settings;
    DatagramTransport datagrams = settings.datagrams();
    if (datagrams == null) {
      if (!(shard.loop() instanceof NioEventLoop nio)) {
        throw new IllegalStateException(
            "a DHT on another transport than TCP needs datagrams(DatagramTransport)");
      }
      datagrams = new NioDatagrams(nio);
    }
    this.serverDatagrams = bindServer(datagrams, settings.host(), settings.port());
    try {
      this.clientDatagrams = datagrams.bind(settings.host(), 0);
    } catch (RuntimeException e) {
      serverDatagrams.close();
      throw e;
    }
    shard.run(() -> start(crypto, bootstrap));
  }

  private void start(Crypto crypto, List<PeerAddress> bootstrap) {
    try {
      Udx udx = new Udx(shard.loop(), crypto.random());
      serverSocket = udx.socket(serverDatagrams);
      clientSocket = udx.socket(clientDatagrams);
      dhtNode = new DhtNode(shard.loop(), crypto, crypto.random(), serverSocket, clientSocket,
          settings.dhtNodeOptions().withBootstrap(bootstrap));
      hyperDht = new HyperDht(dhtNode, udx, crypto, keyPair,
          DhtNodeService.wallClockBumps(settings.hyperDhtOptions(), shard.loop()));
      if (serverDatagrams.localAddress().getAddress().isAnyLocalAddress()) {
        hyperDht.setInterfaceHosts(interfaceHosts());
      }
      swarmDht = new HyperDhtSwarm(hyperDht);
      swarm = new Hyperswarm(swarmDht, keyPair, crypto.random(), settings.hyperswarmOptions());
      swarm.onConnection((stream, peer) -> shard.adoptStream(stream));
      dhtNode.whenBootstrapped(node -> onBootstrapped());
      dhtNode.bootstrap();
    } catch (RuntimeException e) {
      startFailure = e;
      closeSockets();
      bootstrapped.completeExceptionally(e);
      runWaiting();
    }
  }

  /** Completes once the node has bootstrapped (whether or not a bootstrap node answered). */
  CompletableFuture<Void> bootstrapped() {
    return bootstrapped;
  }

  /** The server socket's address (the port others reach the node on). */
  InetSocketAddress serverAddress() {
    return serverDatagrams.localAddress();
  }

  /** Joins {@code topic}; completes once it is announced (server) and flushed. */
  CompletableFuture<Void> join(Key32 topic, JoinOptions options) {
    CompletableFuture<Void> joined = track(new CompletableFuture<>());
    whenReady(joined, () -> swarm.join(topic.bytes(), options).flushed(ok -> {
      if (ok) {
        joined.complete(null);
      } else {
        joined.completeExceptionally(new IllegalStateException("the node closed"));
      }
    }));
    return joined;
  }

  /** Leaves {@code topic}: unannounces it and stops looking; connections stay. */
  CompletableFuture<Void> leave(Key32 topic) {
    CompletableFuture<Void> left = track(new CompletableFuture<>());
    whenReady(left, () -> {
      swarm.leave(topic.bytes());
      left.complete(null);
    });
    return left;
  }

  /** Completes once every topic's refresh under way is done and the peers found were tried. */
  CompletableFuture<Void> flush() {
    CompletableFuture<Void> flushed = track(new CompletableFuture<>());
    whenReady(flushed, () -> swarm.flush(ok -> {
      if (ok) {
        flushed.complete(null);
      } else {
        flushed.completeExceptionally(new IllegalStateException("the node closed"));
      }
    }));
    return flushed;
  }

  /** A session of the node joins its topic (as server and client) until it is destroyed. */
  void joinSession(NodeSession session) {
    whenReady(null, () -> sessionJoins.put(session, swarm.join(session.topic().bytes())));
  }

  /** The DHT part of a session's destroy: its discovery session ends, the topic may be left. */
  void leaveSession(NodeSession session) {
    whenReady(null, () -> {
      PeerDiscoverySession joined = sessionJoins.remove(session);
      if (joined != null) {
        joined.destroy();
      }
    });
  }

  /** Dials the server of {@code publicKey}; completes once the stream is open. */
  CompletableFuture<NoiseSecretStream> connect(Key32 publicKey) {
    CompletableFuture<NoiseSecretStream> opened = track(new CompletableFuture<>());
    whenReady(opened, () -> {
      NoiseSecretStream stream = hyperDht.connect(publicKey.bytes(), List.of(), keyPair);
      stream.whenOpen(() -> opened.complete(stream));
      // After the open this finds the future complete and does nothing.
      stream.whenClosed(cause -> opened.completeExceptionally(
          cause != null ? cause : new SecretStreamException("the connection closed before it opened")));
      shard.adoptStream(stream);
    });
    return opened;
  }

  /** Starts the node's server under its key pair; completes once it has announced itself. */
  CompletableFuture<Void> listen() {
    CompletableFuture<Void> listening = track(new CompletableFuture<>());
    whenReady(listening, () -> {
      swarm.listen();
      SwarmDht.Query query = swarmDht.listening();
      if (query == null) {
        listening.completeExceptionally(new IllegalStateException("the swarm did not listen"));
        return;
      }
      query.whenDone((nodes, error) -> {
        if (error == null) {
          listening.complete(null);
        } else {
          listening.completeExceptionally(error);
        }
      });
    });
    return listening;
  }

  /** The first step of the node's close: nothing new starts, and what waits fails. */
  void beginClose() {
    closing = true;
    for (CompletableFuture<?> future : List.copyOf(pending)) {
      future.completeExceptionally(new IllegalStateException("the node closed"));
    }
    pending.clear();
    runWaiting();
  }

  /**
   * The last step: topics and the server unannounced, what is in flight given up to {@code
   * graceMillis} (the reference awaits its unannounces too, so storage nodes forget us at once),
   * then the DHT node and its sockets gone; {@code onClosed} runs after, on the loop.
   */
  void close(long graceMillis, Runnable onClosed) {
    beginClose();
    try {
      if (swarm != null) {
        swarm.destroy();
      }
      if (hyperDht != null) {
        hyperDht.close(graceMillis, () -> {
          closeSockets();
          onClosed.run();
        });
        return;
      }
    } catch (RuntimeException e) {
      closeSockets();
      throw e;
    }
    closeSockets();
    onClosed.run();
  }

  /**
   * Runs {@code task} once bootstrapped, after the tasks queued before it; {@code future} (may be
   * null) fails instead if the node is closing, the DHT could not start, or the task throws.
   */
  private void whenReady(CompletableFuture<?> future, Runnable task) {
    shard.run(() -> {
      Runnable guarded = () -> {
        if (future != null && future.isDone()) {
          return;
        }
        if (closing || startFailure != null) {
          fail(future, closing ? new IllegalStateException("the node is closing") : startFailure);
          return;
        }
        try {
          task.run();
        } catch (RuntimeException e) {
          fail(future, e);
        }
      };
      if (ready || closing || startFailure != null) {
        guarded.run();
      } else {
        waiting.add(guarded);
      }
    });
  }

  private void onBootstrapped() {
    ready = true;
    runWaiting();
    bootstrapped.complete(null);
  }

  private void runWaiting() {
    List<Runnable> queued = List.copyOf(waiting);
    waiting.clear();
    queued.forEach(Runnable::run);
  }

  private static void fail(CompletableFuture<?> future, Throwable cause) {
    if (future != null) {
      future.completeExceptionally(cause);
    }
  }

  private <T> CompletableFuture<T> track(CompletableFuture<T> future) {
    shard.run(() -> {
      if (!future.isDone()) {
        pending.add(future);
        future.whenComplete((value, failure) -> shard.run(() -> pending.remove(future)));
      }
    });
    return future;
  }

  private void closeSockets() {
    if (socketsClosed) {
      return;
    }
    socketsClosed = true;
    // A UdxSocket closes the socket it took over; one not taken over yet is closed as it is.
    if (serverSocket != null) {
      serverSocket.close();
    } else {
      serverDatagrams.close();
    }
    if (clientSocket != null) {
      clientSocket.close();
    } else {
      clientDatagrams.close();
    }
  }

  /** hyperdht's choice unless a port is given: 49737..49741, the first free one, else any. */
  private static DatagramSocket bindServer(DatagramTransport datagrams, String host, int port) {
    if (port != DhtSettings.HYPERDHT_PORTS) {
      return datagrams.bind(host, port);
    }
    for (int i = 0; i < DhtSettings.HYPERDHT_PORT_COUNT; i++) {
      try {
        return datagrams.bind(host, DhtSettings.FIRST_HYPERDHT_PORT + i);
      } catch (UncheckedIOException inUse) {
        // The next one, as hyperdht does.
      }
    }
    return datagrams.bind(host, 0);
  }

  /** This machine's IPv4 addresses but loopback, for a server socket on the wildcard address. */
  private static List<String> interfaceHosts() {
    Set<String> hosts = new LinkedHashSet<>();
    try {
      for (NetworkInterface network : Collections.list(NetworkInterface.getNetworkInterfaces())) {
        if (!network.isUp()) {
          continue;
        }
        for (InetAddress address : Collections.list(network.getInetAddresses())) {
          if (address instanceof Inet4Address && !address.isLoopbackAddress()) {
            hosts.add(address.getHostAddress());
          }
        }
      }
    } catch (SocketException e) {
      // No interfaces to offer: the DHT falls back to what the network tells it.
    }
    return new ArrayList<>(hosts);
  }
}
