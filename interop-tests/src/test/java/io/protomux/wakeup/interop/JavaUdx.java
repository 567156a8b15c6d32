package io.protomux.wakeup.interop;

import io.protomux.wakeup.adapters.nio.NioDatagrams;
import io.protomux.wakeup.adapters.nio.NioEventLoop;
import io.protomux.wakeup.domain.udx.Udx;
import io.protomux.wakeup.domain.udx.UdxSocket;
import io.protomux.wakeup.domain.udx.UdxStream;
import io.protomux.wakeup.domain.udx.UdxStreamOptions;
import io.protomux.wakeup.ports.transport.ConnectionHandler;
import java.io.ByteArrayOutputStream;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;

/** The Java side of the UDX interop: a UDX instance on one UDP socket of a NIO loop. */
final class JavaUdx implements AutoCloseable {
  final NioEventLoop loop;
  final boolean ownsLoop;
  final Udx udx;
  final UdxSocket socket;
  final CopyOnWriteArrayList<String> socketMessages = new CopyOnWriteArrayList<>();

  JavaUdx() {
    this(new NioEventLoop("udx-interop"), true);
  }

  JavaUdx(NioEventLoop loop, boolean ownsLoop) {
    this.loop = loop;
    this.ownsLoop = ownsLoop;
    SecureRandom random = new SecureRandom();
    this.udx = onLoop(() -> new Udx(loop, random::nextBytes));
    this.socket =
        onLoop(
            () -> {
              UdxSocket s = udx.socket(new NioDatagrams(loop).bind("127.0.0.1", 0));
              s.setMessageHandler(
                  (datagram, source) -> {
                    byte[] bytes = new byte[datagram.remaining()];
                    datagram.get(bytes);
                    socketMessages.add(HexFormat.of().formatHex(bytes));
                  });
              return s;
            });
  }

  int port() {
    return socket.localAddress().getPort();
  }

  /** A stream with {@code id}, its events recorded. */
  Recorded create(int id) {
    return onLoop(
        () -> {
          Recorded recorded = new Recorded();
          recorded.stream = udx.createStream(id, UdxStreamOptions.DEFAULTS);
          recorded.stream.setHandler(recorded);
          recorded.stream.setMessageHandler(
              message -> {
                byte[] bytes = new byte[message.remaining()];
                message.get(bytes);
                recorded.messages.add(HexFormat.of().formatHex(bytes));
              });
          return recorded;
        });
  }

  void connect(Recorded recorded, int remoteId, int port) {
    run(() -> recorded.stream.connect(socket, remoteId, new InetSocketAddress("127.0.0.1", port)));
  }

  void run(Runnable action) {
    onLoop(
        () -> {
          action.run();
          return null;
        });
  }

  <T> T onLoop(Supplier<T> action) {
    return JavaPeer.onLoop(loop, action);
  }

  @Override
  public void close() {
    try {
      run(socket::close);
    } finally {
      if (ownsLoop) {
        loop.close();
      }
    }
  }

  /** One stream's handler: what arrived, and a writer of the vectors' pattern. */
  final class Recorded implements ConnectionHandler {
    UdxStream stream;
    final ByteArrayOutputStream received = new ByteArrayOutputStream();
    final MessageDigest digest = sha256();
    long receivedBytes;
    boolean keepBytes = true;
    final CompletableFuture<Void> ended = new CompletableFuture<>();
    final CompletableFuture<Throwable> closed = new CompletableFuture<>();
    final CopyOnWriteArrayList<String> messages = new CopyOnWriteArrayList<>();
    private long patternLeft;
    private long patternAt;
    private boolean endAfterPattern;

    /** Writes {@code bytes} of the pattern byte i = i % 251, honouring back-pressure. */
    void writePattern(long bytes, boolean thenEnd) {
      run(
          () -> {
            patternLeft = bytes;
            endAfterPattern = thenEnd;
            pump();
          });
    }

    private void pump() {
      while (patternLeft > 0 && stream.isOpen()) {
        int n = (int) Math.min(65536, patternLeft);
        byte[] chunk = new byte[n];
        for (int i = 0; i < n; i++) {
          chunk[i] = (byte) ((patternAt + i) % 251);
        }
        patternAt += n;
        patternLeft -= n;
        if (!stream.write(ByteBuffer.wrap(chunk))) {
          return;
        }
      }
      if (patternLeft == 0 && endAfterPattern) {
        endAfterPattern = false;
        stream.shutdownOutput();
      }
    }

    synchronized String text() {
      return received.toString(java.nio.charset.StandardCharsets.UTF_8);
    }

    synchronized String sha256Hex() {
      try {
        return HexFormat.of().formatHex(((MessageDigest) digest.clone()).digest());
      } catch (CloneNotSupportedException e) {
        throw new AssertionError(e);
      }
    }

    @Override
    public synchronized void onData(ByteBuffer bytes) {
      receivedBytes += bytes.remaining();
      if (keepBytes) {
        received.write(bytes.array(), bytes.arrayOffset() + bytes.position(), bytes.remaining());
      }
      digest.update(bytes);
    }

    @Override
    public void onWritable() {
      pump();
    }

    @Override
    public void onEnd() {
      ended.complete(null);
    }

    @Override
    public void onClose(Throwable cause) {
      closed.complete(cause);
    }
  }

  static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new AssertionError(e);
    }
  }

  /** The sha256 of the first {@code bytes} bytes of the pattern. */
  static String patternSha256(long bytes) {
    MessageDigest digest = sha256();
    byte[] chunk = new byte[65536];
    long at = 0;
    while (at < bytes) {
      int n = (int) Math.min(chunk.length, bytes - at);
      for (int i = 0; i < n; i++) {
        chunk[i] = (byte) ((at + i) % 251);
      }
      digest.update(chunk, 0, n);
      at += n;
    }
    return HexFormat.of().formatHex(digest.digest());
  }
}
