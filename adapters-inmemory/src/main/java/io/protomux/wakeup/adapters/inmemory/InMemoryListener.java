package io.protomux.wakeup.adapters.inmemory;

import io.protomux.wakeup.ports.transport.Connection;
import io.protomux.wakeup.ports.transport.Listener;
import java.util.function.Consumer;

/** A bound {@code host:port} of an {@link InMemoryNetwork}, handing accepted connections on. */
final class InMemoryListener implements Listener {
  private final InMemoryNetwork network;
  private final InMemoryTransport owner;
  private final String host;
  private final int port;
  private final Consumer<Connection> onAccept;
  private boolean closed;

  InMemoryListener(
      InMemoryNetwork network,
      InMemoryTransport owner,
      String host,
      int port,
      Consumer<Connection> onAccept) {
    this.network = network;
    this.owner = owner;
    this.host = host;
    this.port = port;
    this.onAccept = onAccept;
  }

  @Override
  public int port() {
    return port;
  }

  @Override
  public String host() {
    return host;
  }

  @Override
  public void close() {
    network.checkThread();
    if (!closed) {
      closed = true;
      network.unbind(this);
      owner.forget(this);
    }
  }

  /** A connection request got through: hands its accepting end over. */
  void accept(InMemoryConnection connection) {
    owner.adopt(connection);
    connection.deliverAccept(onAccept);
  }

  @Override
  public String toString() {
    return "listener " + InMemoryNetwork.address(host, port);
  }
}
