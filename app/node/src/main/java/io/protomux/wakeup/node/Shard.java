package io.protomux.wakeup.node;

import io.protomux.wakeup.domain.stream.NoiseSecretStream;
import io.protomux.wakeup.domain.stream.SecretStreamException;
import io.protomux.wakeup.domain.stream.StreamOptions;
import io.protomux.wakeup.domain.wakeup.WakeupSwarm;
import io.protomux.wakeup.ports.crypto.Crypto;
import io.protomux.wakeup.ports.crypto.KeyPair;
import io.protomux.wakeup.ports.loop.EventLoop;
import io.protomux.wakeup.ports.transport.Connection;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * One loop of a node and what lives on it: a swarm and the secret streams of the connections the
 * transport put on that loop (and, on the first loop, the DHT's). Everything but {@link #run} and {@link #query} is called on the
 * loop.
 */
final class Shard {
  private static final System.Logger LOG = System.getLogger(Shard.class.getName());

  private final int index;
  private final EventLoop loop;
  private final WakeupSwarm swarm;
  private final Crypto crypto;
  private final KeyPair keyPair;
  private final StreamOptions streamOptions;
  private final Consumer<NoiseSecretStream> onConnection;
  private final Consumer<Throwable> errorHandler;
  private final Set<NoiseSecretStream> streams = new LinkedHashSet<>();
  private boolean closing;

  Shard(
      int index,
      EventLoop loop,
      WakeupSwarm swarm,
      Crypto crypto,
      KeyPair keyPair,
      StreamOptions streamOptions,
      Consumer<NoiseSecretStream> onConnection,
      Consumer<Throwable> errorHandler) {
    this.index = index;
    this.loop = loop;
    this.swarm = swarm;
    this.crypto = crypto;
    this.keyPair = keyPair;
    this.streamOptions = streamOptions;
    this.onConnection = onConnection;
    this.errorHandler = errorHandler;
  }

  int index() {
    return index;
  }

  EventLoop loop() {
    return loop;
  }

  WakeupSwarm swarm() {
    return swarm;
  }

  /** Runs the task on this loop: at once when called there, otherwise queued. Any thread. */
  void run(Runnable task) {
    if (loop.inEventLoop()) {
      task.run();
    } else {
      loop.execute(task);
    }
  }

  /** {@link #run} with a result. Any thread. */
  <T> CompletableFuture<T> query(Supplier<T> task) {
    if (loop.inEventLoop()) {
      try {
        return CompletableFuture.completedFuture(task.get());
      } catch (RuntimeException e) {
        return CompletableFuture.failedFuture(e);
      }
    }
    return loop.submit(task);
  }

  /** A new connection of this loop becomes a secret stream of the swarm. */
  NoiseSecretStream adopt(Connection connection, boolean initiator) {
    if (closing) {
      connection.close();
      throw new IllegalStateException("the node is closing");
    }
    // Protomux replaces this handler as the stream joins the swarm, before any message arrives.
    NoiseSecretStream stream =
        new NoiseSecretStream(crypto, initiator, keyPair, connection, streamOptions, message -> {});
    track(stream);
    stream.start();
    swarm.addStream(stream);
    LOG.log(System.Logger.Level.DEBUG, "stream with {0} added", connection.remoteDescription());
    return stream;
  }

  /**
   * A secret stream made elsewhere on this loop (the DHT's, already started) joins the swarm; while
   * the node closes it is destroyed instead.
   */
  void adoptStream(NoiseSecretStream stream) {
    if (closing) {
      stream.destroy(null);
      return;
    }
    if (streams.contains(stream)) {
      return;
    }
    track(stream);
    swarm.addStream(stream);
    LOG.log(System.Logger.Level.DEBUG, "DHT stream added");
  }

  private void track(NoiseSecretStream stream) {
    streams.add(stream);
    stream.whenClosed(cause -> streams.remove(stream));
    stream.whenOpen(
        () -> {
          try {
            onConnection.accept(stream);
          } catch (RuntimeException e) {
            errorHandler.accept(e);
          }
        });
  }

  /** Adopts a dialed connection; {@code opened} completes once its handshake is done. */
  void adoptDialed(Connection connection, CompletableFuture<NoiseSecretStream> opened) {
    NoiseSecretStream stream;
    try {
      stream = adopt(connection, true);
    } catch (RuntimeException e) {
      opened.completeExceptionally(e);
      return;
    }
    stream.whenOpen(() -> opened.complete(stream));
    // After the handshake this finds the future complete already and does nothing.
    stream.whenClosed(
        cause ->
            opened.completeExceptionally(
                new SecretStreamException(
                    "the connection closed during the handshake"
                        + (cause == null ? "" : ": " + cause.getMessage()),
                    cause)));
  }

  /**
   * The first step of closing: no new streams, and every stream ends so that its remote sees the
   * peer leave. The future completes once every stream has closed (the remote ended back).
   */
  CompletableFuture<Void> endStreams() {
    closing = true;
    List<CompletableFuture<Void>> closings = new ArrayList<>();
    for (NoiseSecretStream stream : List.copyOf(streams)) {
      CompletableFuture<Void> closed = new CompletableFuture<>();
      stream.whenClosed(cause -> closed.complete(null));
      stream.end();
      closings.add(closed);
    }
    return CompletableFuture.allOf(closings.toArray(CompletableFuture[]::new));
  }

  /** The last step: topics torn down, and what did not end in time is closed hard. */
  void finish() {
    swarm.destroy();
    for (NoiseSecretStream stream : List.copyOf(streams)) {
      stream.destroy(null);
    }
  }
}
