package io.protomux.wakeup.domain.udx;

import io.protomux.wakeup.ports.datagram.DatagramHandler;
import io.protomux.wakeup.ports.datagram.DatagramSocket;
import java.net.Inet6Address;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.Objects;

/**
 * A bound UDP socket of a {@link Udx} instance. Each datagram is classified as libudx does: not
 * UDX (shorter than a header, not {@code ff 01}), or for no live stream of the instance, goes to
 * the message handler unchanged (dht-rpc and holepunch probes share the socket this way); anything
 * else is a stream packet. Classifying costs O(1) and keeps nothing.
 */
public final class UdxSocket implements DatagramHandler {
  private final Udx udx;
  private final DatagramSocket socket;
  private final boolean ipv6;
  private DatagramHandler messageHandler;

  UdxSocket(Udx udx, DatagramSocket socket) {
    this.udx = udx;
    this.socket = Objects.requireNonNull(socket, "socket");
    this.ipv6 = socket.localAddress().getAddress() instanceof Inet6Address;
    socket.setHandler(this);
  }

  /** The datagram socket underneath. */
  public DatagramSocket datagramSocket() {
    return socket;
  }

  /** The bound address. */
  public InetSocketAddress localAddress() {
    return socket.localAddress();
  }

  /**
   * Receives the datagrams that are not stream packets (and this socket's close).
   */
  public void setMessageHandler(DatagramHandler handler) {
    this.messageHandler = Objects.requireNonNull(handler, "handler");
  }

  /** Sends a raw datagram from this socket (dht-rpc messages, holepunch probes). */
  public boolean send(ByteBuffer datagram, InetSocketAddress target) {
    return socket.send(datagram, target);
  }

  /** Closes the socket; streams on it stop being able to send. */
  public void close() {
    socket.close();
  }

  /** Whether payload sizes must allow for IPv6 headers (libudx: the stored remote's family). */
  boolean ipv6() {
    return ipv6;
  }

  @Override
  public void onDatagram(ByteBuffer datagram, InetSocketAddress source) {
    UdxCounters counters = udx.counters;
    counters.datagramsReceived++;
    int at = datagram.position();
    int length = datagram.remaining();
    UdxStream stream = null;
    if (length >= UdxHeader.BYTES
        && (datagram.get(at) & 0xFF) == UdxHeader.MAGIC
        && (datagram.get(at + 1) & 0xFF) == UdxHeader.VERSION) {
      int id =
          (datagram.get(at + 4) & 0xFF)
              | (datagram.get(at + 5) & 0xFF) << 8
              | (datagram.get(at + 6) & 0xFF) << 16
              | (datagram.get(at + 7) & 0xFF) << 24;
      stream = udx.lookup(id);
    }
    if (stream == null || !stream.acceptsPackets()) {
      counters.socketMessages++;
      if (messageHandler != null) {
        messageHandler.onDatagram(datagram, source);
      }
      return;
    }
    counters.streamPackets++;
    byte[] scratch = udx.receiveScratch;
    int copied = Math.min(length, scratch.length);
    datagram.get(scratch, 0, copied);
    stream.onPacket(this, scratch, copied, source);
  }

  /** The socket's send queue drained: streams that held back may send again. */
  @Override
  public void onWritable() {
    udx.onSocketWritable(this);
  }

  @Override
  public void onClose(Throwable cause) {
    if (messageHandler != null) {
      messageHandler.onClose(cause);
    }
  }

  @Override
  public String toString() {
    return "UdxSocket[" + socket.localAddress() + "]";
  }
}
