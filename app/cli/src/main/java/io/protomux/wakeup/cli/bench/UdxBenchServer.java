package io.protomux.wakeup.cli.bench;

import io.protomux.wakeup.adapters.bouncycastle.BouncyCastleCrypto;
import io.protomux.wakeup.domain.stream.NoiseSecretStream;
import io.protomux.wakeup.domain.stream.SecretStreamHandler;
import io.protomux.wakeup.domain.stream.StreamOptions;
import io.protomux.wakeup.domain.udx.UdxStream;
import io.protomux.wakeup.domain.udx.UdxStreamOptions;
import io.protomux.wakeup.ports.crypto.KeyPair;
import io.protomux.wakeup.ports.transport.ConnectionHandler;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.function.Consumer;

/**
 * The measured-against side of the UDX benchmarks, the protocol of {@code node interop/udx-bench.js
 * --serve} on a Java {@link UdxEndpoint}: three streams, each with a firewall that connects it to
 * the source of the first packet that reaches it (remote id = its id + 100), each created anew
 * when it closes.
 *
 * <ul>
 *   <li>id 1, sink: the first byte read is answered with one byte (the "hello"); then it counts
 *       bytes; on END it writes the count as a u64 LE and ends.
 *   <li>id 2, secret sink: the same without the hello, inside a secret stream (responder); it
 *       ends its UDX stream rather than the secret stream (see {@code secretSink}).
 *   <li>id 3, echo: writes back every chunk it reads; ends when the peer ends.
 * </ul>
 */
public final class UdxBenchServer {
  /** The sink's id. */
  public static final int SINK = 1;
  /** The secret sink's id. */
  public static final int SECRET_SINK = 2;
  /** The echo's id. */
  public static final int ECHO = 3;
  /** What the client's ids are: the server's plus this. */
  public static final int CLIENT_OFFSET = 100;

  private final UdxEndpoint endpoint;
  private final BouncyCastleCrypto crypto;
  private final KeyPair keyPair;
  private boolean stopping;

  /** Starts the three streams on {@code endpoint}'s loop. */
  public UdxBenchServer(UdxEndpoint endpoint, BouncyCastleCrypto crypto) throws Exception {
    this.endpoint = endpoint;
    this.crypto = crypto;
    this.keyPair = crypto.keyPair();
    endpoint.call(
        () -> {
          make(SINK, this::sink);
          make(SECRET_SINK, this::secretSink);
          make(ECHO, this::echo);
          return null;
        });
  }

  /** Stops re-creating streams; the endpoint's socket is closed by its owner. */
  public void stop() throws Exception {
    endpoint.call(
        () -> {
          stopping = true;
          return null;
        });
  }

  private void make(int id, Consumer<UdxStream> setup) {
    if (stopping) {
      return;
    }
    UdxStream stream = endpoint.udx().createStream(id, UdxStreamOptions.DEFAULTS);
    stream.setFirewall(
        (s, socket, source) -> {
          if (!s.isConnected()) {
            s.connect(socket, id + CLIENT_OFFSET, source);
          }
          return false;
        });
    setup.accept(stream);
  }

  /** Again on the next loop turn, once the closed stream has left the instance's table. */
  private void remake(int id, Consumer<UdxStream> setup) {
    endpoint.loop().execute(() -> make(id, setup));
  }

  private void sink(UdxStream stream) {
    stream.setHandler(
        new ConnectionHandler() {
          private boolean hello = true;
          private long count;

          @Override
          public void onData(ByteBuffer bytes) {
            if (hello) {
              hello = false;
              stream.write(ByteBuffer.wrap(new byte[] {1}));
              bytes.position(bytes.position() + 1);
            }
            count += bytes.remaining();
          }

          @Override
          public void onWritable() {}

          @Override
          public void onEnd() {
            stream.write(u64(count));
            stream.shutdownOutput();
          }

          @Override
          public void onClose(Throwable cause) {
            remake(SINK, UdxBenchServer.this::sink);
          }
        });
  }

  private void secretSink(UdxStream stream) {
    NoiseSecretStream[] secret = new NoiseSecretStream[1];
    secret[0] =
        new NoiseSecretStream(
            crypto,
            false,
            keyPair,
            stream,
            StreamOptions.DEFAULTS,
            new SecretStreamHandler() {
              private long count;

              @Override
              public void onMessage(byte[] message) {
                count += message.length;
              }

              @Override
              public void onEnd() {
                secret[0].write(u64(count).array());
                // As udx-bench.js does: the UDX stream closes once the count and both ENDs are
                // acknowledged (NoiseSecretStream closes it with closeAfterFlush).
                secret[0].end();
              }

              @Override
              public void onClose(Throwable cause) {
                remake(SECRET_SINK, UdxBenchServer.this::secretSink);
              }
            });
    secret[0].start();
  }

  private void echo(UdxStream stream) {
    stream.setHandler(
        new ConnectionHandler() {
          @Override
          public void onData(ByteBuffer bytes) {
            // The buffer is the stream's only during the call: the write keeps a copy.
            ByteBuffer copy = ByteBuffer.allocate(bytes.remaining());
            copy.put(bytes).flip();
            stream.write(copy);
          }

          @Override
          public void onWritable() {}

          @Override
          public void onEnd() {
            stream.shutdownOutput();
          }

          @Override
          public void onClose(Throwable cause) {
            remake(ECHO, UdxBenchServer.this::echo);
          }
        });
  }

  static ByteBuffer u64(long n) {
    ByteBuffer b = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
    b.putLong(0, n);
    return b;
  }
}
