package io.protomux.wakeup.adapters.inmemory;

import io.protomux.wakeup.ports.datagram.DatagramHandler;
import io.protomux.wakeup.ports.datagram.DatagramSocket;
import io.protomux.wakeup.ports.loop.EventLoop;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.Objects;

/** A socket of a {@link DatagramNetwork}: sends through the network's paths, receives from them. */
final class InMemoryDatagramSocket implements DatagramSocket {
  private final DatagramNetwork network;
  private final InetSocketAddress local;
  private DatagramHandler handler;
  private boolean closed;

  InMemoryDatagramSocket(DatagramNetwork network, InetSocketAddress local) {
    this.network = network;
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
    if (closed) {
      return false;
    }
    byte[] copy = new byte[datagram.remaining()];
    datagram.get(copy);
    network.transmit(this, copy, target);
    return true;
  }

  /** Hands an arriving datagram to the handler; false if nobody can take it. */
  boolean deliver(ByteBuffer datagram, InetSocketAddress source) {
    if (closed || handler == null) {
      return false;
    }
    handler.onDatagram(datagram.asReadOnlyBuffer(), source);
    return true;
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
