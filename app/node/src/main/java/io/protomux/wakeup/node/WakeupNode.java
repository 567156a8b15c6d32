package io.protomux.wakeup.node;

import io.protomux.wakeup.adapters.nio.NioTransport;
import io.protomux.wakeup.domain.Key32;
import io.protomux.wakeup.domain.hyperswarm.JoinOptions;
import io.protomux.wakeup.domain.stream.NoiseSecretStream;
import io.protomux.wakeup.domain.wakeup.Capability;
import io.protomux.wakeup.domain.wakeup.SessionOptions;
import io.protomux.wakeup.domain.wakeup.WakeupStats;
import io.protomux.wakeup.ports.crypto.Crypto;
import io.protomux.wakeup.ports.crypto.KeyPair;
import io.protomux.wakeup.ports.loop.Cancellable;
import io.protomux.wakeup.ports.loop.EventLoop;
import io.protomux.wakeup.ports.transport.Connection;
import io.protomux.wakeup.ports.transport.Listener;
import io.protomux.wakeup.ports.transport.Transport;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * A wakeup node: a key pair, sessions on topics, and the connections that carry them (TCP on
 * {@code java.nio}, Noise secret streams, Protomux), in plain Java.
 *
 * <pre>{@code
 * try (WakeupNode node = WakeupNode.builder().keySeed(seed).build()) {
 *   NodeSession session = node.session(capability, handlers);
 *   InetSocketAddress bound = node.listen("127.0.0.1", 0);
 *   node.dial("127.0.0.1", port).get(10, TimeUnit.SECONDS);  // done once the handshake is
 * }
 * }</pre>
 *
 * <p><b>The DHT.</b> Given {@linkplain WakeupNodeBuilder#bootstrap bootstrap nodes}, the node also
 * runs a HyperDHT node and a Hyperswarm on its first loop: {@link #join} topics, {@link
 * #listenOnDht}, {@link #connect} by public key. Their connections join the sessions as TCP ones
 * do; the node owns the DHT and closes it, sockets and all, on {@link #close()}.
 *
 * <p><b>Threads.</b> Every method may be called from any thread, including handlers, and none
 * waits on a loop: work for a loop runs at once when the caller is on it and is queued otherwise;
 * where a result exists it comes as a {@link CompletableFuture}. Only {@link #close()} waits, for a
 * bounded time, and not at all when called on one of the node's loops. Handlers run on the loops
 * unless a {@linkplain WakeupNodeBuilder#handlerExecutor handler executor} is set (see {@link
 * NodeHandlers}). The node's loop threads are daemon threads: a program that forgets {@code
 * close()} still exits, though its peers then see the connection break rather than end.
 */
public final class WakeupNode implements AutoCloseable {
  // What close() waits beyond the grace period for the loops to stop.
  private static final long CLOSE_MARGIN_MILLIS = 5000;
  private static final System.Logger LOG = System.getLogger(WakeupNode.class.getName());

  private final Crypto crypto;
  private final KeyPair keyPair;
  private final Transport transport;
  private final NioTransport nio;
  private final List<Shard> shards;
  private final NodeDht dht; // null without bootstrap nodes
  private final boolean joinSessionTopics;
  private final Map<EventLoop, Shard> shardsByLoop = new IdentityHashMap<>();
  private final Executor handlerExecutor;
  private final Consumer<Throwable> errorHandler;
  private final long closeGraceMillis;
  private final List<NodeSession> sessions = new CopyOnWriteArrayList<>();
  private final List<Listener> listeners = new CopyOnWriteArrayList<>();
  private final AtomicBoolean closing = new AtomicBoolean();
  private final CompletableFuture<Void> closed = new CompletableFuture<>();

  WakeupNode(
      Crypto crypto,
      KeyPair keyPair,
      Transport transport,
      List<Shard> shards,
      NodeDht dht,
      boolean joinSessionTopics,
      Executor handlerExecutor,
      Consumer<Throwable> errorHandler,
      long closeGraceMillis) {
    this.crypto = crypto;
    this.keyPair = keyPair;
    this.transport = transport;
    this.nio = transport instanceof NioTransport owned ? owned : null;
    this.handlerExecutor = handlerExecutor;
    this.errorHandler = errorHandler;
    this.closeGraceMillis = closeGraceMillis;
    this.dht = dht;
    this.joinSessionTopics = joinSessionTopics;
    this.shards = List.copyOf(shards);
    for (Shard shard : shards) {
      shardsByLoop.put(shard.loop(), shard);
    }
  }

  /** Starts building a node: NIO with one loop, Bouncy Castle, a random key pair by default. */
  public static WakeupNodeBuilder builder() {
    return new WakeupNodeBuilder();
  }

  /** This node's static public key, which remotes see. */
  public Key32 publicKey() {
    return Key32.of(keyPair.publicKey());
  }

  /**
   * Joins the topic of {@code capability} (its discovery key) with the handlers; the topic's
   * channel opens on every connection, present and future. Any thread; returns at once.
   *
   * @throws IllegalStateException once the node is closing
   */
  public NodeSession session(Capability capability, NodeHandlers handlers) {
    return session(capability, handlers, SessionOptions.DEFAULTS);
  }

  /**
   * {@link #session(Capability, NodeHandlers)} with options: start inactive, or another topic id
   * than the capability's discovery key.
   */
  public NodeSession session(Capability capability, NodeHandlers handlers, SessionOptions options) {
    Objects.requireNonNull(capability, "capability");
    Objects.requireNonNull(options, "options");
    ensureOpen();
    Key32 topic =
        options.discoveryKey() != null
            ? options.discoveryKey()
            : Key32.of(crypto.discoveryKey(capability.bytes()));
    NodeSession session = new NodeSession(this, topic, handlers, handlerExecutor, errorHandler);
    sessions.add(session);
    session.open(capability, options);
    if (joinSessionTopics) {
      dht.joinSession(session);
    }
    return session;
  }

  /** The sessions not destroyed, in the order they were made. */
  public List<NodeSession> sessions() {
    return List.copyOf(sessions);
  }

  /**
   * Accepts connections on {@code host:port}; each becomes a secret stream whose remote is a peer
   * of every topic both sides share. Binds on the calling thread, so a bad address fails here.
   *
   * @param port 0 for any free port
   * @return the address actually bound
   * @throws java.io.UncheckedIOException if the address cannot be bound
   * @throws IllegalStateException once the node is closing
   */
  public InetSocketAddress listen(String host, int port) {
    ensureOpen();
    Listener listener = transport.listen(host, port, this::accept);
    listeners.add(listener);
    if (closing.get()) {
      // close() may have missed it: it must not outlive the node.
      shards.get(0).run(listener::close);
    }
    return new InetSocketAddress(listener.host(), listener.port());
  }

  /**
   * Dials a peer.
   *
   * @return completes, on the stream's loop, once the handshake is done (touch the stream there
   *     only); fails with the transport's {@link java.io.IOException} if the dial fails, or a
   *     {@link io.protomux.wakeup.domain.stream.SecretStreamException} if the connection closes
   *     during the handshake
   */
  public CompletableFuture<NoiseSecretStream> dial(String host, int port) {
    CompletableFuture<NoiseSecretStream> opened = new CompletableFuture<>();
    if (closing.get()) {
      opened.completeExceptionally(new IllegalStateException("the node is closing"));
      return opened;
    }
    transport
        .dial(host, port)
        .whenComplete(
            (connection, failure) -> {
              if (failure != null) {
                opened.completeExceptionally(unwrap(failure));
                return;
              }
              Shard shard = shardsByLoop.get(connection.eventLoop());
              if (shard == null) {
                connection.close();
                opened.completeExceptionally(
                    new IllegalStateException(
                        "the transport put the connection on a loop the node was not given"));
                return;
              }
              try {
                // The dial may have completed before this callback was attached, which runs it
                // on the caller's thread: a connection is only touched on its loop.
                connection.eventLoop().execute(() -> shard.adoptDialed(connection, opened));
              } catch (RuntimeException e) {
                opened.completeExceptionally(e);
              }
            });
    return opened;
  }

  /**
   * Joins {@code topic} on the DHT as server and client (Hyperswarm's {@code join}): the node
   * announces itself under the topic and dials the peers it finds; every connection, either way,
   * joins the node's sessions. Any thread; waits for the DHT to bootstrap first.
   *
   * @return completes once the topic is announced and the peers found so far have been tried
   *     (Hyperswarm's {@code flushed}); fails without a DHT ({@link WakeupNodeBuilder#bootstrap})
   *     or once the node closes
   */
  public CompletableFuture<Void> join(Key32 topic) {
    return join(topic, JoinOptions.DEFAULTS);
  }

  /** {@link #join(Key32)} as server, client or both ({@link JoinOptions#serverOnly()}...). */
  public CompletableFuture<Void> join(Key32 topic, JoinOptions options) {
    Objects.requireNonNull(topic, "topic");
    Objects.requireNonNull(options, "options");
    return withDht(() -> dht.join(topic, options));
  }

  /**
   * Leaves {@code topic} on the DHT (every join of it, a session's too): unannounces it and stops
   * looking for peers there; connections stay. Completes once done.
   */
  public CompletableFuture<Void> leave(Key32 topic) {
    Objects.requireNonNull(topic, "topic");
    return withDht(() -> dht.leave(topic));
  }

  /**
   * Completes once every topic joined so far is announced and looked up, and the peers found have
   * been tried (Hyperswarm's {@code flush}), sessions' topics ({@link
   * WakeupNodeBuilder#joinSessionTopics}) included.
   */
  public CompletableFuture<Void> flush() {
    return withDht(() -> dht.flush());
  }

  /**
   * Dials the DHT server of {@code publicKey} (HyperDHT's {@code connect}, holepunching if need
   * be); the stream joins the node's sessions, as a {@link #dial} does.
   *
   * @return completes, on the node's first loop, once the stream is open; fails with the {@link
   *     io.protomux.wakeup.domain.hyperdht.HyperDhtException} that closed it (its {@code code()}:
   *     {@code PEER_NOT_FOUND}, ...)
   */
  public CompletableFuture<NoiseSecretStream> connect(Key32 publicKey) {
    Objects.requireNonNull(publicKey, "publicKey");
    return withDht(() -> dht.connect(publicKey));
  }

  /**
   * Makes the node a DHT server under its key pair, which others {@link #connect} to by its
   * {@link #publicKey()}. It is the same server a server {@link #join} starts; calling it again
   * does nothing more.
   *
   * @return completes once the server has announced itself
   */
  public CompletableFuture<Void> listenOnDht() {
    return withDht(() -> dht.listen());
  }

  /** The address of the DHT's server socket (the one other nodes reach), or null without a DHT. */
  public InetSocketAddress dhtAddress() {
    return dht == null ? null : dht.serverAddress();
  }

  /** Completes once the node's DHT has bootstrapped; fails without a DHT. */
  public CompletableFuture<Void> dhtBootstrapped() {
    return withDht(() -> dht.bootstrapped().copy());
  }

  /** The loops of this node, for host work that must share a loop with its streams. */
  public List<EventLoop> eventLoops() {
    List<EventLoop> loops = new ArrayList<>();
    shards.forEach(shard -> loops.add(shard.loop()));
    return List.copyOf(loops);
  }

  /**
   * The counters of every loop's swarm, summed; any thread, without waiting on a loop (each loop
   * publishes its counters at the end of every turn that changed one).
   */
  public WakeupStats stats() {
    WakeupStats total = WakeupStats.EMPTY;
    for (Shard shard : shards) {
      total = total.plus(shard.swarm().stats());
    }
    return total;
  }

  /** Connections the listeners refused because they were full ({@code maxConnectionsPerListener}). */
  public long refusedConnections() {
    return nio == null ? 0 : nio.refusedConnections();
  }

  /**
   * Closes in order without waiting: listeners stop, every stream ends (remotes see their peers
   * leave), and after they closed or the grace period passed, topics are torn down, streams still
   * open are closed, and the loops stop. Idempotent; any thread.
   *
   * @return completes once the loops have stopped
   */
  public CompletableFuture<Void> closeAsync() {
    if (!closing.compareAndSet(false, true)) {
      return closed.copy();
    }
    List<CompletableFuture<Void>> shardsDone = new ArrayList<>();
    for (Shard shard : shards) {
      CompletableFuture<Void> done = new CompletableFuture<>();
      shardsDone.add(done);
      try {
        shard.run(() -> closeShard(shard, done));
      } catch (RejectedExecutionException stopped) {
        done.complete(null);
      }
    }
    CompletableFuture.allOf(shardsDone.toArray(CompletableFuture[]::new))
        .whenComplete((ignored, failure) -> stopTransport());
    return closed.copy();
  }

  /**
   * {@link #closeAsync()}, then waits until the loops have stopped, for at most the grace period
   * and five seconds more; on one of the node's loops (in a handler) it does not wait, and the
   * rest happens once the handler returns.
   */
  @Override
  public void close() {
    CompletableFuture<Void> done = closeAsync();
    if (onOwnLoop()) {
      return;
    }
    try {
      done.get(closeGraceMillis + CLOSE_MARGIN_MILLIS, TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      LOG.log(System.Logger.Level.WARNING, "the node's loops did not stop in time");
    } catch (ExecutionException e) {
      LOG.log(System.Logger.Level.WARNING, "closing the node failed", e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Whether {@link #close()} or {@link #closeAsync()} was called. */
  public boolean isClosing() {
    return closing.get();
  }

  private void closeShard(Shard shard, CompletableFuture<Void> done) {
    boolean first = shard.index() == 0;
    if (first) {
      // Listeners accept on the first loop: closing them there waits for nothing.
      listeners.forEach(Listener::close);
      if (dht != null) {
        dht.beginClose();
      }
    }
    CompletableFuture<Void> ended = shard.endStreams();
    Cancellable grace = shard.loop().schedule(closeGraceMillis, () -> ended.complete(null));
    // Streams close and the grace timer fires on the loop, so this runs there.
    ended.whenComplete(
        (ignored, failure) -> {
          grace.cancel();
          if (first && dht != null) {
            // Its streams ended with the others; now unannounce and let the sockets go.
            try {
              dht.close(closeGraceMillis, () -> finishShard(shard, done));
            } catch (RuntimeException e) {
              errorHandler.accept(e);
              finishShard(shard, done);
            }
            return;
          }
          finishShard(shard, done);
        });
  }

  private void finishShard(Shard shard, CompletableFuture<Void> done) {
    try {
      shard.finish();
    } catch (RuntimeException e) {
      errorHandler.accept(e);
    } finally {
      done.complete(null);
    }
  }

  private void stopTransport() {
    if (nio != null) {
      // NioTransport.close waits for its loops to end: never on one of them.
      Thread closer =
          new Thread(
              () -> {
                nio.close();
                closed.complete(null);
              },
              "wakeup-node-close");
      closer.setDaemon(true);
      closer.start();
      return;
    }
    // A transport given to the builder (an in-memory one) is closed on its loop.
    try {
      shards.get(0).run(
          () -> {
            transport.close();
            closed.complete(null);
          });
    } catch (RejectedExecutionException stopped) {
      closed.complete(null);
    }
  }

  private void accept(Connection connection) {
    Shard shard = shardsByLoop.get(connection.eventLoop());
    if (shard == null || closing.get()) {
      connection.close();
      return;
    }
    shard.adopt(connection, false);
  }

  List<Shard> shards() {
    return shards;
  }

  Shard shardOf(NoiseSecretStream stream) {
    Shard shard = shardsByLoop.get(stream.connection().eventLoop());
    if (shard == null) {
      throw new IllegalArgumentException("the stream is not one of this node's");
    }
    return shard;
  }

  void forget(NodeSession session) {
    if (sessions.remove(session) && joinSessionTopics) {
      dht.leaveSession(session);
    }
  }

  private <T> CompletableFuture<T> withDht(Supplier<CompletableFuture<T>> operation) {
    if (dht == null) {
      return CompletableFuture.failedFuture(
          new IllegalStateException("the node has no DHT: give its builder bootstrap nodes"));
    }
    if (closing.get()) {
      return CompletableFuture.failedFuture(new IllegalStateException("the node is closing"));
    }
    return operation.get();
  }

  private boolean onOwnLoop() {
    for (Shard shard : shards) {
      if (shard.loop().inEventLoop()) {
        return true;
      }
    }
    return false;
  }

  private void ensureOpen() {
    if (closing.get()) {
      throw new IllegalStateException("the node is closing");
    }
  }

  private static Throwable unwrap(Throwable failure) {
    return failure instanceof CompletionException && failure.getCause() != null
        ? failure.getCause()
        : failure;
  }

  @Override
  public String toString() {
    return "WakeupNode[publicKey=" + publicKey().toHex() + ", loops=" + shards.size() + "]";
  }
}
