package io.protomux.wakeup.ports.transport;

import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/** Makes connections: accepts them on a listener, or dials them. */
public interface Transport extends AutoCloseable {
  /**
   * Starts accepting connections; each is handed to {@code onAccept} on its own event loop.
   *
   * @param port 0 for any free port
   * @throws java.io.UncheckedIOException if the address cannot be bound
   */
  Listener listen(String host, int port, Consumer<Connection> onAccept);

  /**
   * Connects to a listener; the future completes on the new connection's event loop, or fails
   * with a {@link java.net.ConnectException} when refused and another {@link java.io.IOException}
   * otherwise. Whether {@code listen} and {@code dial} may be called off the loop is up to the
   * implementation; calling them on it is always allowed.
   */
  CompletableFuture<Connection> dial(String host, int port);

  /** Closes every connection and listener this transport made, and stops the loops it owns. */
  @Override
  void close();
}
