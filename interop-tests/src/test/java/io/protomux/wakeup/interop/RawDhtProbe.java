package io.protomux.wakeup.interop;

import io.protomux.wakeup.domain.dht.DhtMessage;
import io.protomux.wakeup.domain.dht.DhtRequest;
import io.protomux.wakeup.domain.dht.DhtResponse;
import io.protomux.wakeup.domain.dht.Messages;
import io.protomux.wakeup.domain.dht.PeerAddress;
import io.protomux.wakeup.domain.hyperdht.HyperDhtConstants;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.SocketTimeoutException;
import java.util.Arrays;

/**
 * A bare UDP socket on loopback that sends hand-made dht-rpc requests and reads the reply, to
 * compare what a Java and a JavaScript node answer to the same bytes.
 */
final class RawDhtProbe implements AutoCloseable {
  private static final int WAIT_MILLIS = 2000;

  private final DatagramSocket socket;
  private int nextTid = 1;

  RawDhtProbe() throws IOException {
    socket = new DatagramSocket(0, InetAddress.getLoopbackAddress());
    socket.setSoTimeout(WAIT_MILLIS);
  }

  /** An ANNOUNCE with {@code token} and an unsigned value; the reply, or null if none came. */
  DhtResponse announce(int port, byte[] target, byte[] token) throws IOException {
    return request(port, new DhtRequest(nextTid++, new PeerAddress("127.0.0.1", port), null, token,
        false, HyperDhtConstants.ANNOUNCE, target, new byte[] {0, 0, 0}));
  }

  /** Sends {@code request} and waits up to 2 s for the response with its tid. */
  DhtResponse request(int port, DhtRequest request) throws IOException {
    byte[] bytes = Messages.encode(request);
    socket.send(new DatagramPacket(bytes, bytes.length, InetAddress.getLoopbackAddress(), port));
    byte[] buffer = new byte[2048];
    long deadline = System.nanoTime() + WAIT_MILLIS * 1_000_000L;
    while (System.nanoTime() < deadline) {
      DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
      try {
        socket.receive(packet);
      } catch (SocketTimeoutException e) {
        return null;
      }
      DhtMessage message =
          Messages.decode(Arrays.copyOfRange(buffer, 0, packet.getLength()));
      if (message instanceof DhtResponse response && response.tid() == request.tid()) {
        return response;
      }
    }
    return null;
  }

  @Override
  public void close() {
    socket.close();
  }
}
