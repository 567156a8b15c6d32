package io.protomux.wakeup.domain.udx;

import io.protomux.wakeup.adapters.inmemory.DatagramNetwork;
import io.protomux.wakeup.adapters.inmemory.PathProfile;
import io.protomux.wakeup.adapters.inmemory.VirtualTimeLoop;
import io.protomux.wakeup.ports.transport.ConnectionHandler;
import java.io.ByteArrayOutputStream;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;

/** Two UDX instances on two simulated hosts, one stream each, on one virtual-time loop. */
final class UdxPair {
  static final int A_ID = 1001;
  static final int B_ID = 0x01020304;

  final VirtualTimeLoop loop = new VirtualTimeLoop();
  final DatagramNetwork network;
  final Udx udxA;
  final Udx udxB;
  final UdxSocket socketA;
  final UdxSocket socketB;
  final UdxStream a;
  final UdxStream b;
  final Events eventsA = new Events();
  final Events eventsB = new Events();
  final List<byte[]> socketMessagesA = new ArrayList<>();
  final List<byte[]> socketMessagesB = new ArrayList<>();

  UdxPair(long seed, PathProfile path) {
    this(seed, path, UdxStreamOptions.DEFAULTS);
  }

  UdxPair(long seed, PathProfile path, UdxStreamOptions options) {
    network = new DatagramNetwork(loop, seed);
    network.defaultPath(path);
    Random random = new Random(seed);
    udxA = new Udx(loop, random::nextBytes);
    udxB = new Udx(loop, random::nextBytes);
    socketA = udxA.socket(network.host("10.0.0.1").bind("10.0.0.1", 5001));
    socketB = udxB.socket(network.host("10.0.0.2").bind("10.0.0.2", 5002));
    socketA.setMessageHandler((d, s) -> socketMessagesA.add(copy(d)));
    socketB.setMessageHandler((d, s) -> socketMessagesB.add(copy(d)));
    a = udxA.createStream(A_ID, options);
    b = udxB.createStream(B_ID, options);
    a.setHandler(eventsA);
    b.setHandler(eventsB);
  }

  void connect() {
    a.connect(socketA, B_ID, new InetSocketAddress("10.0.0.2", 5002));
    b.connect(socketB, A_ID, new InetSocketAddress("10.0.0.1", 5001));
  }

  static byte[] copy(ByteBuffer buffer) {
    byte[] out = new byte[buffer.remaining()];
    buffer.duplicate().get(out);
    return out;
  }

  /** The pattern the vectors use: byte i is i % 251. */
  static byte[] pattern(int length) {
    byte[] out = new byte[length];
    for (int i = 0; i < length; i++) {
      out[i] = (byte) (i % 251);
    }
    return out;
  }

  static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  /** Writes {@code bytes} in chunks, honouring back-pressure, then ends. */
  void writeAll(UdxStream stream, Events events, byte[] bytes, int chunk) {
    events.pendingWrite = bytes;
    events.pendingAt = 0;
    events.chunk = chunk;
    events.stream = stream;
    events.pump();
  }

  /** What one stream's handler saw. */
  static class Events implements ConnectionHandler {
    final ByteArrayOutputStream received = new ByteArrayOutputStream();
    int dataEvents;
    boolean ended;
    boolean closed;
    Throwable closeCause;
    int writables;
    byte[] pendingWrite;
    int pendingAt;
    int chunk;
    boolean endAfterWrite = true;
    UdxStream stream;

    void pump() {
      while (pendingWrite != null && pendingAt < pendingWrite.length && stream.isOpen()) {
        int n = Math.min(chunk, pendingWrite.length - pendingAt);
        boolean more = stream.write(ByteBuffer.wrap(pendingWrite, pendingAt, n));
        pendingAt += n;
        if (!more) {
          return;
        }
      }
      if (pendingWrite != null && pendingAt == pendingWrite.length) {
        pendingWrite = null;
        if (endAfterWrite) {
          stream.shutdownOutput();
        }
      }
    }

    @Override
    public void onData(ByteBuffer bytes) {
      dataEvents++;
      byte[] chunk = new byte[bytes.remaining()];
      bytes.get(chunk);
      received.writeBytes(chunk);
    }

    @Override
    public void onWritable() {
      writables++;
      pump();
    }

    @Override
    public void onEnd() {
      ended = true;
    }

    @Override
    public void onClose(Throwable cause) {
      closed = true;
      closeCause = cause;
    }
  }
}
