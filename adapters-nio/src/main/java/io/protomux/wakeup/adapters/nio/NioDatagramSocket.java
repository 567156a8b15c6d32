package io.protomux.wakeup.adapters.nio;

import io.protomux.wakeup.ports.datagram.DatagramHandler;
import io.protomux.wakeup.ports.datagram.DatagramSocket;
import io.protomux.wakeup.ports.loop.EventLoop;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.util.Objects;

/**
 * A non-blocking {@link DatagramChannel} on a {@link NioEventLoop}. Datagrams are received into
 * the loop's one read buffer (no buffer per datagram); sends go straight to the system, and one
 * that finds its send buffer full is dropped and counted, as a congested link would drop it. A
 * datagram longer than the loop's read buffer ({@code NioOptions.readBufferBytes}, 64 KiB by
 * default, more than any UDP datagram) is cut to its size, as the system cuts any datagram to the
 * buffer it is read into (libudx reads into 2048 bytes).
 */
final class NioDatagramSocket implements DatagramSocket, IoHandler {
  // Datagrams read per readiness event, so that one busy socket cannot monopolise the loop.
  private static final int MAX_RECEIVES_PER_EVENT = 64;
  private static final System.Logger LOG = System.getLogger(NioDatagramSocket.class.getName());

  private final NioEventLoop loop;
  private final DatagramChannel channel;
  private final InetSocketAddress local;
  private DatagramHandler handler;
  private SelectionKey key;
  private boolean closed;
  private long dropped;
  private long sendErrors;

  NioDatagramSocket(NioEventLoop loop, DatagramChannel channel) throws IOException {
    this.loop = loop;
    this.channel = channel;
    this.local = (InetSocketAddress) channel.getLocalAddress();
  }

  @Override
  public EventLoop eventLoop() {
    return loop;
  }

  @Override
  public InetSocketAddress localAddress() {
    return local;
  }

  @Override
  public void setHandler(DatagramHandler handler) {
    loop.assertInLoop();
    this.handler = Objects.requireNonNull(handler, "handler");
    if (key == null && !closed) {
      try {
        key = loop.register(channel, SelectionKey.OP_READ, this);
      } catch (IOException e) {
        close(e);
      }
    }
  }

  @Override
  public boolean send(ByteBuffer datagram, InetSocketAddress target) {
    loop.assertInLoop();
    if (closed) {
      return false;
    }
    try {
      if (channel.send(datagram, target) == 0) {
        dropped++;
        return false;
      }
      return true;
    } catch (IOException e) {
      // One unreachable destination must not cost the socket: the datagram is lost, as on a wire.
      sendErrors++;
      LOG.log(System.Logger.Level.DEBUG, "datagram to {0} not sent: {1}", target, e.toString());
      return false;
    }
  }

  /** Datagrams dropped because the system's send buffer was full. Loop only. */
  long droppedDatagrams() {
    return dropped;
  }

  /** Datagrams the system refused to send (an unreachable network, say). Loop only. */
  long sendErrors() {
    return sendErrors;
  }

  @Override
  public boolean isOpen() {
    return !closed;
  }

  @Override
  public void close() {
    close(null);
  }

  @Override
  public void onReady(int readyOps) {
    if ((readyOps & SelectionKey.OP_READ) == 0) {
      return;
    }
    ByteBuffer buffer = loop.readBuffer();
    for (int i = 0; i < MAX_RECEIVES_PER_EVENT && !closed; i++) {
      buffer.clear();
      SocketAddress source;
      try {
        source = channel.receive(buffer);
      } catch (IOException e) {
        close(e);
        return;
      }
      if (source == null) {
        return;
      }
      buffer.flip();
      try {
        handler.onDatagram(buffer, (InetSocketAddress) source);
      } catch (RuntimeException e) {
        loop.report(e);
      }
    }
  }

  @Override
  public void abort(Throwable cause) {
    close(cause);
  }

  private void close(Throwable cause) {
    if (closed) {
      return;
    }
    closed = true;
    if (key != null) {
      key.cancel();
    }
    try {
      channel.close();
    } catch (IOException ignored) {
      // Closing a datagram channel has nothing left to flush.
    }
    if (handler != null) {
      try {
        handler.onClose(cause);
      } catch (RuntimeException e) {
        loop.report(e);
      }
    }
  }

  /** Binds a socket on the calling thread, so that a bad address fails there. */
  static NioDatagramSocket bind(NioEventLoop loop, InetSocketAddress address) {
    DatagramChannel channel = null;
    try {
      channel = DatagramChannel.open();
      channel.configureBlocking(false);
      channel.bind(address);
      return new NioDatagramSocket(loop, channel);
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
}
