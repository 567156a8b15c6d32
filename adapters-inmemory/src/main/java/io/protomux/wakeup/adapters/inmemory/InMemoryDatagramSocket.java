package io.protomux.wakeup.adapters.inmemory;

import io.protomux.wakeup.ports.datagram.DatagramHandler;
import io.protomux.wakeup.ports.datagram.DatagramSocket;
import io.protomux.wakeup.ports.loop.EventLoop;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.Objects;

/**
 * A socket of a {@link DatagramNetwork}: sends through the network's paths, receives from them.
 * It has no send queue of its own (a rate-limited path queues, and drops, inside the network, as
 * a congested link would), so it is writable while open and never calls {@code onWritable}.
 */
final class InMemoryDatagramSocket implements DatagramSocket {
  // The most payload one IPv4 UDP datagram carries, the port's ceiling for any socket.
  private static final int MAX_DATAGRAM_BYTES = 65_507;

  private final DatagramNetwork network;
  private final Realm realm;
  private final InetSocketAddress local;
  private DatagramHandler handler;
  private boolean closed;

  InMemoryDatagramSocket(DatagramNetwork network, Realm realm, InetSocketAddress local) {
    this.network = network;
    this.realm = realm;
    this.local = local;
  }

  @Override
  public EventLoop eventLoop() {
    return network.loop();
  }

  @Override
  public InetSocketAddress localAddress() {
    return local;
  }

  @Override
  public void setHandler(DatagramHandler handler) {
    network.checkLoop();
    this.handler = Objects.requireNonNull(handler, "handler");
  }

  @Override
  public boolean send(ByteBuffer datagram, InetSocketAddress target) {
    network.checkLoop();
    if (datagram.remaining() > MAX_DATAGRAM_BYTES) {
      throw new IllegalArgumentException("datagram of " + datagram.remaining()
          + " bytes is longer than a UDP datagram can be (" + MAX_DATAGRAM_BYTES + ")");
    }
    if (closed) {
      return false;
    }
    byte[] copy = new byte[datagram.remaining()];
    datagram.get(copy);
    network.transmit(this, copy, target);
    return true;
  }

  @Override
  public boolean isWritable() {
    network.checkLoop();
    return !closed;
  }

  Realm realm() {
    return realm;
  }

  /** Whether an arriving datagram would reach a handler. */
  boolean accepts() {
    return !closed && handler != null;
  }

  /** Hands an arriving datagram to the handler (the caller checked {@link #accepts()}). */
  void deliver(ByteBuffer datagram, InetSocketAddress source) {
    handler.onDatagram(datagram.asReadOnlyBuffer(), source);
  }

  @Override
  public boolean isOpen() {
    return !closed;
  }

  @Override
  public void close() {
    network.checkLoop();
    if (closed) {
      return;
    }
    closed = true;
    network.unbind(this);
    if (handler != null) {
      handler.onClose(null);
    }
  }

  @Override
  public String toString() {
    return "InMemoryDatagramSocket[" + local.getAddress().getHostAddress() + ":" + local.getPort() + "]";
  }
}
