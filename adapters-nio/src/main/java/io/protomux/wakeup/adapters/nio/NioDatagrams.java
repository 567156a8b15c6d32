package io.protomux.wakeup.adapters.nio;

import io.protomux.wakeup.ports.datagram.DatagramTransport;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.net.UnknownHostException;
import java.nio.channels.DatagramChannel;
import java.util.Objects;

/**
 * UDP sockets on one {@link NioEventLoop}, next to the TCP connections it may already run: a
 * node's datagram engines (UDX, the DHT) share the loop of its streams.
 */
public final class NioDatagrams implements DatagramTransport {
  private static final System.Logger LOG = System.getLogger(NioDatagrams.class.getName());
  // libudx's last fallback for SO_RCVBUF, and Linux's usual net.core.rmem_max.
  private static final int RECEIVE_BUFFER_FLOOR = 212_992;

  private final NioEventLoop loop;
  private final NioDatagramOptions options;

  /** Sockets on {@code loop}, with {@link NioDatagramOptions#defaults()}. */
  public NioDatagrams(NioEventLoop loop) {
    this(loop, NioDatagramOptions.defaults());
  }

  /** Sockets on {@code loop}, set up by {@code options}. */
  public NioDatagrams(NioEventLoop loop, NioDatagramOptions options) {
    this.loop = Objects.requireNonNull(loop, "loop");
    this.options = Objects.requireNonNull(options, "options");
  }

  /**
   * {@inheritDoc}
   *
   * <p>Binds on the calling thread, after setting the system's buffer sizes; the socket receives
   * once its handler is set, on the loop.
   */
  @Override
  public NioDatagramSocket bind(String host, int port) {
    return bind(host, port, NioDatagramSocket.SystemSend.CHANNEL);
  }

  /** {@link #bind(String, int)} with another way to the system, for tests. */
  NioDatagramSocket bind(String host, int port, NioDatagramSocket.SystemSend systemSend) {
    InetSocketAddress address = new InetSocketAddress(host, port);
    if (address.isUnresolved()) {
      throw new UncheckedIOException(
          new UnknownHostException("cannot bind UDP " + host + ":" + port + ": unknown host"));
    }
    DatagramChannel channel = null;
    try {
      channel = DatagramChannel.open();
      channel.configureBlocking(false);
      applyBufferSizes(channel);
      channel.bind(address);
      return new NioDatagramSocket(loop, channel, options, systemSend);
    } catch (IOException e) {
      if (channel != null) {
        try {
          channel.close();
        } catch (IOException ignored) {
          // It was only being discarded.
        }
      }
      throw new UncheckedIOException(
          "cannot bind UDP " + address.getHostString() + ":" + address.getPort() + ": " + e.getMessage(), e);
    }
  }

  private void applyBufferSizes(DatagramChannel channel) {
    int send = options.socketSendBufferBytes();
    if (send > 0) {
      try {
        channel.setOption(StandardSocketOptions.SO_SNDBUF, send);
      } catch (IOException e) {
        // The system's default buffer still sends; only bursts queue sooner.
        LOG.log(System.Logger.Level.DEBUG, "SO_SNDBUF {0} refused: {1}", send, e.toString());
      }
    }
    // Halving as libudx does (1 MiB, 512, 256, 208 KiB): systems that refuse a size above their
    // limit (rather than capping it, as Linux does) still get the largest they allow.
    for (int receive = options.socketReceiveBufferBytes(); receive > 0; ) {
      try {
        channel.setOption(StandardSocketOptions.SO_RCVBUF, receive);
        return;
      } catch (IOException e) {
        LOG.log(System.Logger.Level.DEBUG, "SO_RCVBUF {0} refused: {1}", receive, e.toString());
      }
      receive = receive > RECEIVE_BUFFER_FLOOR ? Math.max(receive / 2, RECEIVE_BUFFER_FLOOR) : 0;
    }
  }
}
