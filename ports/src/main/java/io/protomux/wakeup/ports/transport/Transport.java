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

  /** Connects to a listener; the future completes on the new connection's event loop. */
  CompletableFuture<Connection> dial(String host, int port);

  /** Stops every loop and closes every connection and listener this transport made. */
  @Override
  void close();
}
