package io.protomux.wakeup.adapters.nio;

import io.protomux.wakeup.ports.datagram.DatagramSocket;
import io.protomux.wakeup.ports.datagram.DatagramTransport;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.util.Objects;

/**
 * UDP sockets on one {@link NioEventLoop}, next to the TCP connections it may already run: a
 * node's datagram engines (UDX, the DHT) share the loop of its streams.
 */
public final class NioDatagrams implements DatagramTransport {
  private final NioEventLoop loop;

  /** Sockets on {@code loop}. */
  public NioDatagrams(NioEventLoop loop) {
    this.loop = Objects.requireNonNull(loop, "loop");
  }

  /**
   * {@inheritDoc}
   *
   * <p>Binds on the calling thread; the socket receives once its handler is set, on the loop.
   */
  @Override
  public DatagramSocket bind(String host, int port) {
    InetSocketAddress address = new InetSocketAddress(host, port);
    if (address.isUnresolved()) {
      throw new UncheckedIOException(
          new java.net.UnknownHostException("cannot bind UDP " + host + ":" + port + ": unknown host"));
    }
    return NioDatagramSocket.bind(loop, address);
  }
}
