package io.protomux.wakeup.cli.bench;

import io.protomux.wakeup.domain.dht.DhtMessage;
import io.protomux.wakeup.domain.dht.DhtRequest;
import io.protomux.wakeup.domain.dht.DhtResponse;
import io.protomux.wakeup.domain.dht.Messages;
import io.protomux.wakeup.domain.dht.PeerAddress;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;

/**
 * One UDP socket of the serving benchmark's load generator, connected to the node under test:
 * sends dht-rpc requests with a tid of its own, and answers the requests the node sends it (pings
 * of the nodes in its table) with an empty reply, as any live node would.
 */
final class LoadSocket implements AutoCloseable {
  private final DatagramChannel channel;
  private final PeerAddress server;
  private final ByteBuffer in = ByteBuffer.allocateDirect(2048);
  private final byte[] datagram = new byte[2048];
  private int nextTid = 1;
  /** The socket's place among the generator's, for per-socket tables. */
  int index;
  long requestsAnswered;
  long malformed;

  private LoadSocket(DatagramChannel channel, PeerAddress server) {
    this.channel = channel;
    this.server = server;
  }

  /** A socket bound to {@code host:port} (0: any), or null if that address is taken. */
  static LoadSocket open(String host, int port, InetSocketAddress server, Selector selector) {
    DatagramChannel channel = null;
    try {
      channel = DatagramChannel.open();
      channel.bind(new InetSocketAddress(host, port));
      channel.connect(server);
      channel.configureBlocking(false);
      LoadSocket socket = new LoadSocket(channel, new PeerAddress(server.getHostString(), server.getPort()));
      channel.register(selector, SelectionKey.OP_READ, socket);
      return socket;
    } catch (java.net.BindException e) {
      closeQuietly(channel);
      return null;
    } catch (IOException e) {
      closeQuietly(channel);
      throw new UncheckedIOException(e);
    }
  }

  /** The next tid (dht-rpc's are 16 bits). */
  int nextTid() {
    int tid = nextTid;
    nextTid = (nextTid + 1) & 0xffff;
    return tid;
  }

  /** The tid {@link #nextTid} gives next. */
  int upcomingTid() {
    return nextTid;
  }

  /** Sends a request with {@code tid}; false if the socket's send buffer is full. */
  boolean send(int tid, byte[] id, byte[] token, boolean internal, long command, byte[] target,
      byte[] value) {
    byte[] bytes =
        Messages.encodeRequest(new DhtRequest(tid, server, id, token, internal, command, target, value));
    try {
      return channel.write(ByteBuffer.wrap(bytes)) > 0;
    } catch (IOException e) {
      // Loopback ICMP errors surface on a connected channel as a failed write: the node is gone
      // or restarting, which the caller sees as missing replies.
      return false;
    }
  }

  /**
   * Reads every datagram waiting: responses go to {@code onResponse} with their size, requests are
   * answered.
   */
  void drain(ResponseListener onResponse) {
    while (true) {
      in.clear();
      int n;
      try {
        n = channel.read(in);
      } catch (IOException e) {
        return;
      }
      if (n <= 0) {
        return;
      }
      in.flip();
      in.get(datagram, 0, n);
      DhtMessage message;
      try {
        message = Messages.decode(datagram, 0, n);
      } catch (RuntimeException e) {
        malformed++;
        continue;
      }
      if (message instanceof DhtResponse response) {
        onResponse.onResponse(this, response, n);
      } else if (message instanceof DhtRequest request) {
        answer(request);
      }
    }
  }

  private void answer(DhtRequest request) {
    byte[] reply =
        Messages.encodeResponse(new DhtResponse(request.tid(), server, null, null, null, 0, null));
    try {
      channel.write(ByteBuffer.wrap(reply));
      requestsAnswered++;
    } catch (IOException e) {
      // as in send
    }
  }

  /** What a drain hands over. */
  interface ResponseListener {
    void onResponse(LoadSocket socket, DhtResponse response, int bytes);
  }

  /** Drains every socket with a datagram waiting, after waiting at most {@code millis}. */
  static void poll(Selector selector, long millis, ResponseListener listener) {
    try {
      if (millis <= 0) {
        selector.selectNow();
      } else {
        selector.select(millis);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    selector.selectedKeys().forEach(key -> ((LoadSocket) key.attachment()).drain(listener));
    selector.selectedKeys().clear();
  }

  @Override
  public void close() {
    closeQuietly(channel);
  }

  private static void closeQuietly(DatagramChannel channel) {
    if (channel != null) {
      try {
        channel.close();
      } catch (IOException ignored) {
        // closing a datagram channel on the way out: nothing to recover
      }
    }
  }
}
