package io.protomux.wakeup.interop;

import io.protomux.wakeup.adapters.bouncycastle.BouncyCastleCrypto;
import io.protomux.wakeup.adapters.nio.NioOptions;
import io.protomux.wakeup.adapters.nio.NioTransport;
import io.protomux.wakeup.domain.stream.NoiseSecretStream;
import io.protomux.wakeup.domain.stream.StreamOptions;
import io.protomux.wakeup.ports.crypto.Crypto;
import io.protomux.wakeup.ports.crypto.KeyPair;
import io.protomux.wakeup.ports.loop.EventLoop;
import io.protomux.wakeup.ports.transport.Connection;
import io.protomux.wakeup.ports.transport.Listener;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/** The Java side: one NIO loop, a key pair, and secret streams over TCP. */
final class JavaPeer implements AutoCloseable {
  final Crypto crypto = new BouncyCastleCrypto();
  final KeyPair keyPair = crypto.keyPair();
  final NioTransport transport;
  final EventLoop loop;
  private final StreamOptions streamOptions;
  private final LinkedBlockingQueue<NoiseSecretStream> accepted = new LinkedBlockingQueue<>();

  JavaPeer() {
    this(NioOptions.defaults(), StreamOptions.DEFAULTS);
  }

  /** A peer with its own transport options (one loop) and stream options. */
  JavaPeer(NioOptions options, StreamOptions streamOptions) {
    this.transport = new NioTransport(options.withLoopCount(1));
    this.loop = transport.eventLoops().get(0);
    this.streamOptions = streamOptions;
  }

  /**
   * Dials and starts a stream as initiator; {@code setup} runs on the loop before the handshake
   * starts, so it can attach Protomux before anything arrives.
   */
  CompletableFuture<NoiseSecretStream> dial(int port, Consumer<NoiseSecretStream> setup) {
    return transport
        .dial("127.0.0.1", port)
        .thenApplyAsync(connection -> start(true, connection, setup), loop);
  }

  /** Listens; each accepted stream is set up on the loop, started, and queued for {@link #accept}. */
  Listener listen(Consumer<NoiseSecretStream> setup) {
    return transport.listen("127.0.0.1", 0, connection -> accepted.add(start(false, connection, setup)));
  }

  NoiseSecretStream accept() throws InterruptedException {
    NoiseSecretStream stream = accepted.poll(20, TimeUnit.SECONDS);
    if (stream == null) {
      throw new AssertionError("no connection accepted within 20 s");
    }
    return stream;
  }

  NoiseSecretStream start(boolean initiator, Connection connection, Consumer<NoiseSecretStream> setup) {
    NoiseSecretStream stream =
        new NoiseSecretStream(crypto, initiator, keyPair, connection, streamOptions, message -> {});
    setup.accept(stream);
    stream.start();
    return stream;
  }

  /** Runs on the loop and waits (at most 20 s) for the result. */
  <T> T onLoop(java.util.function.Supplier<T> action) {
    return onLoop(loop, action);
  }

  /** Runs on {@code loop} and waits (at most 20 s) for the result; a throw is rethrown here. */
  static <T> T onLoop(EventLoop loop, java.util.function.Supplier<T> action) {
    try {
      return loop.submit(action).get(20, TimeUnit.SECONDS);
    } catch (java.util.concurrent.ExecutionException e) {
      if (e.getCause() instanceof RuntimeException runtime) {
        throw runtime;
      }
      throw new AssertionError(e.getCause());
    } catch (InterruptedException | java.util.concurrent.TimeoutException e) {
      throw new AssertionError("the loop did not answer within 20 s", e);
    }
  }

  @Override
  public void close() {
    transport.close();
  }
}
