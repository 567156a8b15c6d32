package io.protomux.wakeup.cli.bench;

import io.protomux.wakeup.adapters.bouncycastle.BouncyCastleCrypto;
import io.protomux.wakeup.adapters.nio.NioTransport;
import io.protomux.wakeup.domain.protomux.ProtomuxOptions;
import io.protomux.wakeup.domain.stream.NoiseSecretStream;
import io.protomux.wakeup.domain.stream.SecretStreamException;
import io.protomux.wakeup.domain.stream.StreamOptions;
import io.protomux.wakeup.domain.wakeup.WakeupSwarm;
import io.protomux.wakeup.ports.crypto.KeyPair;
import io.protomux.wakeup.ports.loop.EventLoop;
import io.protomux.wakeup.ports.transport.Connection;
import io.protomux.wakeup.ports.transport.Listener;
import java.lang.management.ManagementFactory;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * One side of a benchmark: a swarm on one NIO loop, with its own key pair, and the secret streams
 * of the connections it dials or accepts. Everything but {@link #call}, {@link #dial}, {@link
 * #listen} and {@link #allocatedBytes} is used on the loop.
 */
public final class BenchSide {
  private final NioTransport transport;
  private final BouncyCastleCrypto crypto = new BouncyCastleCrypto();
  private final KeyPair keyPair = crypto.keyPair();
  private final EventLoop loop;
  private final WakeupSwarm swarm;
  private final long threadId;

  /** A side on the (first) loop of {@code transport}, which the caller owns and closes. */
  public BenchSide(NioTransport transport) throws InterruptedException, ExecutionException {
    this.transport = transport;
    this.loop = transport.eventLoops().get(0);
    // The reference has no limits on what one connection may open; the topics benchmark opens
    // up to tens of thousands of channels on one, so the swarm is told to expect that.
    this.swarm =
        WakeupSwarm.builder(crypto, loop)
            .protomuxOptions(ProtomuxOptions.UNLIMITED)
            .maxTopicsPerConnection(Integer.MAX_VALUE)
            .build();
    this.threadId = loop.submit(() -> Thread.currentThread().getId()).get();
  }

  /** The loop this side's swarm and streams live on. */
  public EventLoop loop() {
    return loop;
  }

  /** The swarm; on the loop only. */
  public WakeupSwarm swarm() {
    return swarm;
  }

  /**
   * Runs {@code task} on the loop and waits for its result: for setting up a benchmark from the
   * main thread, never inside one (it would wait on the loop it runs on).
   */
  public <T> T call(Supplier<T> task) throws InterruptedException, ExecutionException {
    try {
      return loop.submit(task).get(Benchmarks.PHASE_TIMEOUT_MILLIS, TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      throw new ExecutionException("the loop did not answer", e);
    }
  }

  /** Accepts connections; each becomes a stream of this side's swarm. */
  public Listener listen(String host, int port) {
    return transport.listen(host, port, connection -> adopt(connection, false));
  }

  /**
   * Dials and adds the stream to the swarm; any thread.
   *
   * @return completes on the loop once the handshake is done, or fails if the dial fails or the
   *     stream closes first
   */
  public CompletableFuture<NoiseSecretStream> dial(String host, int port) {
    CompletableFuture<NoiseSecretStream> opened = new CompletableFuture<>();
    transport
        .dial(host, port)
        .whenComplete(
            (connection, failure) -> {
              if (failure != null) {
                opened.completeExceptionally(
                    failure instanceof CompletionException && failure.getCause() != null
                        ? failure.getCause()
                        : failure);
                return;
              }
              // The dial may have completed before this callback was attached, which runs it on
              // the caller's thread: a connection is only touched on its loop.
              loop.execute(() -> adoptDialed(connection, opened));
            });
    return opened;
  }

  /** Bytes allocated so far by the loop's thread (HotSpot's per-thread counter), or 0. */
  public long allocatedBytes() {
    java.lang.management.ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    if (threads instanceof com.sun.management.ThreadMXBean hotspot) {
      return hotspot.getThreadAllocatedBytes(threadId);
    }
    return 0;
  }

  private void adoptDialed(Connection connection, CompletableFuture<NoiseSecretStream> opened) {
    NoiseSecretStream stream = adopt(connection, true);
    stream.whenOpen(() -> opened.complete(stream));
    // After the handshake this finds the future complete already and does nothing.
    stream.whenClosed(
        cause ->
            opened.completeExceptionally(
                new SecretStreamException("the connection closed during the handshake", cause)));
  }

  private NoiseSecretStream adopt(Connection connection, boolean initiator) {
    // Protomux replaces this handler as the stream joins the swarm, before any message arrives.
    NoiseSecretStream stream =
        new NoiseSecretStream(
            crypto, initiator, keyPair, connection, StreamOptions.DEFAULTS, message -> {});
    stream.start();
    swarm.addStream(stream);
    return stream;
  }
}
