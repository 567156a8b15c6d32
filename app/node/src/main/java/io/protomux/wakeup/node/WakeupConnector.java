package io.protomux.wakeup.node;

import io.protomux.wakeup.domain.Key32;
import io.protomux.wakeup.domain.stream.NoiseSecretStream;
import io.protomux.wakeup.domain.stream.SecretStreamException;
import io.protomux.wakeup.domain.stream.StreamOptions;
import io.protomux.wakeup.domain.wakeup.WakeupSwarm;
import io.protomux.wakeup.ports.crypto.Crypto;
import io.protomux.wakeup.ports.crypto.KeyPair;
import io.protomux.wakeup.ports.loop.EventLoop;
import io.protomux.wakeup.ports.transport.Connection;
import io.protomux.wakeup.ports.transport.Listener;
import io.protomux.wakeup.ports.transport.Transport;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Consumer;

/**
 * Turns the transport's connections into Noise secret streams of the swarm: each dialed or
 * accepted connection gets a stream with the node's key pair, which joins the swarm once its
 * handshake completes. From then on the swarm's sessions see the remote as a peer on every
 * topic both sides share.
 *
 * <p>{@code dial} and {@code listen} may be called where the transport allows it: any thread for
 * {@code NioTransport}, the loop's thread for the in-memory one.
 */
public final class WakeupConnector {
  private static final System.Logger LOG = System.getLogger(WakeupConnector.class.getName());

  private final Transport transport;
  private final Crypto crypto;
  private final KeyPair keyPair;
  private final StreamOptions options;
  private final WakeupSwarm swarm;

  /**
   * @param transport where connections come from; they must live on the swarm's loop
   * @param keyPair this node's static key pair, which remotes see as its public key
   */
  public WakeupConnector(
      Transport transport,
      Crypto crypto,
      KeyPair keyPair,
      StreamOptions options,
      WakeupSwarm swarm) {
    this.transport = Objects.requireNonNull(transport, "transport");
    this.crypto = Objects.requireNonNull(crypto, "crypto");
    this.keyPair = Objects.requireNonNull(keyPair, "keyPair");
    this.options = Objects.requireNonNull(options, "options");
    this.swarm = Objects.requireNonNull(swarm, "swarm");
  }

  /** This node's static public key. */
  public Key32 publicKey() {
    return Key32.of(keyPair.publicKey());
  }

  /**
   * Dials a peer and adds the stream to the swarm.
   *
   * @return completes on the swarm's loop once the handshake is done; fails with the transport's
   *     {@link java.io.IOException} if the dial fails, or a {@link SecretStreamException} if the
   *     stream closes before its handshake completes
   */
  public CompletableFuture<NoiseSecretStream> dial(String host, int port) {
    CompletableFuture<NoiseSecretStream> opened = new CompletableFuture<>();
    EventLoop loop = swarm.eventLoop();
    transport
        .dial(host, port)
        .whenComplete(
            (connection, failure) -> {
              if (failure != null) {
                opened.completeExceptionally(unwrap(failure));
                return;
              }
              // The future may complete before this callback is attached, which would run it on
              // the caller's thread: a connection is only touched on its loop.
              try {
                loop.execute(() -> completeWhenOpen(connection, opened));
              } catch (RuntimeException e) {
                connection.close();
                opened.completeExceptionally(e);
              }
            });
    return opened;
  }

  /** {@link #listen(String, int, Consumer)} without a callback. */
  public Listener listen(String host, int port) {
    return listen(host, port, stream -> {});
  }

  /**
   * Accepts connections and adds each one's stream to the swarm.
   *
   * @param port 0 for any free port ({@link Listener#port()} tells which)
   * @param onStream told of each accepted stream on the swarm's loop, as soon as it exists (its
   *     handshake is still running), e.g. to close it on shutdown
   * @throws java.io.UncheckedIOException if the address cannot be bound
   */
  public Listener listen(String host, int port, Consumer<NoiseSecretStream> onStream) {
    Objects.requireNonNull(onStream, "onStream");
    return transport.listen(host, port, connection -> onStream.accept(adopt(connection, false)));
  }

  private NoiseSecretStream adopt(Connection connection, boolean initiator) {
    if (connection.eventLoop() != swarm.eventLoop()) {
      connection.close();
      throw new IllegalStateException(
          "the transport put a connection on another loop than the swarm's; use one loop");
    }
    // Protomux replaces this handler as the stream joins the swarm, before any message arrives.
    NoiseSecretStream stream =
        new NoiseSecretStream(crypto, initiator, keyPair, connection, options, message -> {});
    stream.start();
    swarm.addStream(stream);
    LOG.log(System.Logger.Level.DEBUG, "stream with {0} added", connection.remoteDescription());
    return stream;
  }

  private void completeWhenOpen(
      Connection connection, CompletableFuture<NoiseSecretStream> opened) {
    NoiseSecretStream stream;
    try {
      stream = adopt(connection, true);
    } catch (RuntimeException e) {
      opened.completeExceptionally(e);
      return;
    }
    stream.whenOpen(() -> opened.complete(stream));
    // After the handshake this finds the future complete already and does nothing.
    stream.whenClosed(
        cause ->
            opened.completeExceptionally(
                new SecretStreamException(
                    "the connection closed during the handshake"
                        + (cause == null ? "" : ": " + cause.getMessage()),
                    cause)));
  }

  private static Throwable unwrap(Throwable failure) {
    return failure instanceof CompletionException && failure.getCause() != null
        ? failure.getCause()
        : failure;
  }
}
