package io.protomux.wakeup.adapters.inmemory;

import io.protomux.wakeup.ports.transport.Connection;
import io.protomux.wakeup.ports.transport.Listener;
import io.protomux.wakeup.ports.transport.Transport;
import java.io.IOException;
import java.net.ConnectException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * One node's {@link Transport} on an {@link InMemoryNetwork}. A dial is a round trip: the request
 * reaches the listener after the new link's latency towards it (the listener's {@code onAccept}
 * runs then) and the answer comes back after the latency the other way, completing the future on
 * the loop. Nobody listening at that moment means a {@link ConnectException} "connection refused".
 *
 * <p>{@link #close()} closes this node's listeners and connections; the loop belongs to the test
 * and goes on. Every method must be called on the loop's thread.
 */
public final class InMemoryTransport implements Transport {
  private final InMemoryNetwork network;
  private final String host;
  private final Set<InMemoryListener> listeners = new LinkedHashSet<>();
  private final Set<InMemoryConnection> connections = new LinkedHashSet<>();
  private boolean closed;

  InMemoryTransport(InMemoryNetwork network, String host) {
    this.network = network;
    this.host = host;
  }

  /** The node this transport belongs to: dials come from this host. */
  public String host() {
    return host;
  }

  /**
   * {@inheritDoc}
   *
   * <p>Binds exactly {@code host:port}: dials must name the same host string.
   *
   * @throws java.io.UncheckedIOException wrapping a {@link java.net.BindException} "address in
   *     use" if something listens there already
   */
  @Override
  public Listener listen(String host, int port, Consumer<Connection> onAccept) {
    network.checkThread();
    Objects.requireNonNull(host, "host");
    Objects.requireNonNull(onAccept, "onAccept");
    checkOpen();
    InMemoryListener listener = network.bind(this, host, port, onAccept);
    listeners.add(listener);
    return listener;
  }

  /**
   * {@inheritDoc}
   *
   * <p>Fails with a {@link ConnectException} when nothing listens on exactly {@code host:port}
   * as the request arrives, and with an {@link IOException} when the link drops or this
   * transport closes first (or is closed already).
   */
  @Override
  public CompletableFuture<Connection> dial(String host, int port) {
    network.checkThread();
    Objects.requireNonNull(host, "host");
    CompletableFuture<Connection> future = new CompletableFuture<>();
    if (closed) {
      future.completeExceptionally(new IOException(this + " is closed"));
      return future;
    }
    String target = InMemoryNetwork.address(host, port);
    String origin = InMemoryNetwork.address(this.host, network.freePort(this.host));
    Link link = network.newLink(origin, target);
    adopt(link.initiator());
    network
        .loop()
        .schedule(link.toResponder().latencyMillis(), () -> request(link, target, future));
    return future;
  }

  @Override
  public void close() {
    network.checkThread();
    closed = true;
    for (InMemoryListener listener : new ArrayList<>(listeners)) {
      listener.close();
    }
    for (InMemoryConnection connection : new ArrayList<>(connections)) {
      connection.close();
    }
  }

  @Override
  public String toString() {
    return "in-memory transport of " + host;
  }

  void adopt(InMemoryConnection connection) {
    connections.add(connection);
    connection.onTerminated(connections::remove);
  }

  void forget(InMemoryListener listener) {
    listeners.remove(listener);
  }

  /** The connection request reached {@code target}'s host. */
  private void request(Link link, String target, CompletableFuture<Connection> future) {
    IOException refusal = refusal(link, target);
    if (refusal != null) {
      link.abandon();
      answer(link, () -> future.completeExceptionally(refusal));
      return;
    }
    answer(
        link,
        () -> {
          if (link.isDropped()) {
            future.completeExceptionally(new IOException("link dropped: " + link));
          } else if (closed) {
            future.completeExceptionally(abandoned(target));
          } else {
            future.complete(link.initiator());
          }
        });
    network.listenerAt(target).accept(link.responder());
  }

  private IOException refusal(Link link, String target) {
    if (link.isDropped()) {
      return new IOException("link dropped: " + link);
    }
    if (!link.initiator().isOpen()) {
      return abandoned(target);
    }
    if (network.listenerAt(target) == null) {
      return new ConnectException("connection refused: " + target);
    }
    return null;
  }

  private IOException abandoned(String target) {
    return new IOException("dial to " + target + " abandoned: " + this + " closed");
  }

  private void answer(Link link, Runnable completion) {
    network.loop().schedule(link.toInitiator().latencyMillis(), completion);
  }

  private void checkOpen() {
    if (closed) {
      throw new IllegalStateException(this + " is closed");
    }
  }
}
