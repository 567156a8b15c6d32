package io.protomux.wakeup.domain.stream;

import io.protomux.wakeup.domain.LoopConfinement;
import io.protomux.wakeup.domain.noise.HandshakeResult;
import io.protomux.wakeup.domain.noise.NoiseException;
import io.protomux.wakeup.domain.noise.NoiseHandshake;
import io.protomux.wakeup.ports.crypto.Crypto;
import io.protomux.wakeup.ports.crypto.CryptoException;
import io.protomux.wakeup.ports.crypto.KeyPair;
import io.protomux.wakeup.ports.crypto.SecretStream;
import io.protomux.wakeup.ports.transport.Connection;
import io.protomux.wakeup.ports.transport.ConnectionHandler;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * {@code @hyperswarm/secret-stream} over one {@link Connection}: a Noise XX handshake (or the keys
 * of a handshake made elsewhere, {@link #fromHandshake}), then the stream-id header exchange, then
 * every message encrypted with secretstream and framed as {@code uint24 LE length || body}.
 *
 * <p>Confined to the connection's event loop: call every method there. Writes made before the
 * handshake completes are queued and sent once it does. Any protocol violation by the peer
 * destroys this stream (and only it) with a {@link SecretStreamException} or {@link
 * NoiseException} naming the reason.
 */
public final class NoiseSecretStream {
  /** Bytes in the header message each side sends after the handshake: stream id and secretstream header. */
  public static final int ID_HEADER_BYTES = 32 + SecretStream.HEADER_BYTES;
  /** The largest plaintext one message can carry. */
  public static final int MAX_MESSAGE_BYTES = StreamOptions.WIRE_MAX_FRAME_BYTES - SecretStream.ABYTES;

  private static final int NS_INITIATOR = 0;
  private static final int NS_RESPONDER = 1;
  private static final String STREAM_ID_NAMESPACE = "hyperswarm/secret-stream";
  // The last crypto provider's namespace for stream ids, so each stream does not hash it again.
  private static volatile Object[] streamIdNamespaceCache;

  private enum Phase {
    HANDSHAKE,
    AWAIT_HEADER,
    OPEN,
    CLOSED
  }

  private final Crypto crypto;
  private final Connection connection;
  private final StreamOptions options;
  private final boolean initiator;
  // Null on a stream started from a handshake made elsewhere (hyperdht's IK).
  private final NoiseHandshake handshake;
  private final FrameDecoder decoder;
  private final FrameWriter writer;
  private final StreamTimers timers;
  private final ArrayDeque<byte[]> writesBeforeOpen = new ArrayDeque<>();
  private SecretStreamHandler handler;
  private Phase phase = Phase.HANDSHAKE;
  private HandshakeResult keys;
  private SecretStream.Push push;
  private SecretStream.Pull pull;
  private boolean started;
  private boolean localEnded;
  private boolean remoteEnded;
  private boolean closingAfterFlush;
  private boolean endRequested;
  private Throwable closeCause;
  private Object userData;
  private List<Runnable> openListeners = new ArrayList<>();
  private List<Consumer<Throwable>> closeListeners = new ArrayList<>();

  /**
   * A stream whose messages nobody reads yet: for a stream that is handed to Protomux (which
   * installs its own handler) or to a swarm. Nothing happens until {@link #start()}.
   */
  public NoiseSecretStream(
      Crypto crypto, boolean isInitiator, KeyPair keyPair, Connection connection, StreamOptions options) {
    this(crypto, isInitiator, keyPair, connection, options, message -> {});
  }

  /**
   * A stream over a connection; nothing happens until {@link #start()}.
   *
   * @param isInitiator true on the dialing side, which speaks first
   * @param keyPair this peer's static key pair
   * @param handler receives this stream's events
   */
  public NoiseSecretStream(
      Crypto crypto,
      boolean isInitiator,
      KeyPair keyPair,
      Connection connection,
      StreamOptions options,
      SecretStreamHandler handler) {
    this(crypto, isInitiator, new NoiseHandshake(crypto, isInitiator, keyPair), connection, options, handler);
  }

  private NoiseSecretStream(
      Crypto crypto,
      boolean isInitiator,
      NoiseHandshake handshake,
      Connection connection,
      StreamOptions options,
      SecretStreamHandler handler) {
    this.crypto = Objects.requireNonNull(crypto, "crypto");
    this.connection = Objects.requireNonNull(connection, "connection");
    this.options = Objects.requireNonNull(options, "options");
    this.handler = Objects.requireNonNull(handler, "handler");
    this.initiator = isInitiator;
    this.handshake = handshake;
    this.decoder = new FrameDecoder(options.maxFrameBytes());
    this.writer = new FrameWriter(connection);
    this.timers = new StreamTimers(connection.eventLoop(), options, this::destroy);
  }

  /**
   * A stream whose keys come from a handshake made elsewhere (hyperdht's Noise IK): no handshake
   * runs on the connection. It exists before the handshake result does, as hyperdht hands out a
   * connection's stream at once: writes are queued, {@link #whenOpen} waits, {@link #destroy}
   * closes it and the connection. Nothing is read or sent until {@link #start(HandshakeResult)}.
   *
   * <p>No handshake timeout applies ({@link StreamOptions#handshakeTimeoutMillis()} is ignored):
   * whoever runs the handshake times it. The idle timeout and keep-alive start with the stream.
   *
   * @param isInitiator true on the side that initiated the handshake (hyperdht's client): it
   *     sends the initiator's stream id
   * @param connection the transport; its handler is installed at start, so it must hold what
   *     arrives until then (a UDX stream does)
   * @param handler receives this stream's events
   */
  public static NoiseSecretStream fromHandshake(
      Crypto crypto,
      boolean isInitiator,
      Connection connection,
      StreamOptions options,
      SecretStreamHandler handler) {
    return new NoiseSecretStream(crypto, isInitiator, (NoiseHandshake) null, connection, options, handler);
  }

  /** As above, with no event receiver yet ({@link #setHandler} installs one). */
  public static NoiseSecretStream fromHandshake(
      Crypto crypto, boolean isInitiator, Connection connection, StreamOptions options) {
    return fromHandshake(crypto, isInitiator, connection, options, message -> {});
  }

  /**
   * The stream id a side sends ahead of its secretstream header: keyed BLAKE2b-256 of the
   * role's {@code hyperswarm/secret-stream} namespace under the 64-byte handshake hash.
   *
   * @param initiatorRole whose id: the handshake initiator's or the responder's
   */
  public static byte[] streamId(Crypto crypto, byte[] handshakeHash, boolean initiatorRole) {
    Object[] cached = streamIdNamespaceCache;
    byte[][] ns;
    if (cached != null && cached[0] == crypto) {
      ns = (byte[][]) cached[1];
    } else {
      ns = crypto.namespace(STREAM_ID_NAMESPACE, 3);
      streamIdNamespaceCache = new Object[] {crypto, ns};
    }
    return crypto.keyedHash(32, handshakeHash, ns[initiatorRole ? NS_INITIATOR : NS_RESPONDER]);
  }

  /** Replaces the event receiver (the layer above installs itself once it exists). */
  public void setHandler(SecretStreamHandler handler) {
    LoopConfinement.check(connection.eventLoop(), "NoiseSecretStream");
    this.handler = handler;
  }

  /**
   * Starts reading and, on the initiator, sends the first handshake message.
   *
   * @throws IllegalStateException if already started, or on a stream made with {@link
   *     #fromHandshake}
   */
  public void start() {
    LoopConfinement.check(connection.eventLoop(), "NoiseSecretStream");
    if (handshake == null) {
      throw new IllegalStateException("stream made fromHandshake: start it with start(HandshakeResult)");
    }
    if (started) {
      throw new IllegalStateException("stream already started");
    }
    started = true;
    connection.setHandler(new RawHandler());
    timers.startHandshakeDeadline();
    timers.startIdleTimeout();
    if (handshake.isInitiator()) {
      sendHandshakeMessage();
    }
  }

  /**
   * Starts a stream made with {@link #fromHandshake} with the handshake's outcome: sends this
   * side's stream id and secretstream header at once and is open from then on (as the reference
   * is, without waiting for the remote's header); then what was written before goes out, and
   * what the connection held is read. The stream takes the result over and wipes its keys once
   * its ciphers have them.
   *
   * <p>On a stream already destroyed this only wipes the keys. If the connection closed before
   * start, the stream is destroyed.
   *
   * @throws IllegalStateException if already started, or on a stream that runs its own handshake
   * @throws IllegalArgumentException if the result's role is not this stream's
   */
  public void start(HandshakeResult result) {
    LoopConfinement.check(connection.eventLoop(), "NoiseSecretStream");
    Objects.requireNonNull(result, "result");
    if (handshake != null) {
      throw new IllegalStateException("this stream runs its own handshake: start it with start()");
    }
    if (started) {
      throw new IllegalStateException("stream already started");
    }
    if (result.isInitiator() != initiator) {
      throw new IllegalArgumentException(
          "handshake result is the " + (result.isInitiator() ? "initiator's" : "responder's")
              + ", this stream the " + (initiator ? "initiator" : "responder"));
    }
    started = true;
    if (phase == Phase.CLOSED) {
      result.wipeKeys();
      return;
    }
    if (!connection.isOpen()) {
      result.wipeKeys();
      destroy(new SecretStreamException("connection closed before the stream started"));
      return;
    }
    timers.startIdleTimeout();
    keys = result;
    onHandshakeComplete();
    // Installed last: a connection that held data may hand it over at once, and the layer
    // above must have seen the stream open before its first message.
    if (phase != Phase.CLOSED) {
      connection.setHandler(new RawHandler());
    }
    if (phase != Phase.CLOSED && !connection.isOpen()) {
      destroy(new SecretStreamException("connection closed"));
    }
  }

  /** Whether this side dialed (initiated the handshake). */
  public boolean isInitiator() {
    return initiator;
  }

  /** Whether the handshake completed and the stream has not closed. */
  public boolean isOpen() {
    return keys != null && phase != Phase.CLOSED;
  }

  /** Whether {@link #end()} was called: no more writes are accepted. */
  public boolean isEnding() {
    return endRequested;
  }

  /** Whether the stream closed, cleanly or not. */
  public boolean isClosed() {
    return phase == Phase.CLOSED;
  }

  /** The 64-byte handshake hash, or null before the handshake completes. */
  public byte[] handshakeHash() {
    return keys == null ? null : keys.handshakeHash();
  }

  /** This side's static public key, or null before the handshake completes. */
  public byte[] publicKey() {
    return keys == null ? null : keys.publicKey();
  }

  /** The remote's authenticated static public key, or null before the handshake completes. */
  public byte[] remotePublicKey() {
    return keys == null ? null : keys.remotePublicKey();
  }

  /** A slot for the layer above (the reference keeps the stream's Protomux here). */
  public Object userData() {
    return userData;
  }

  /** Sets {@link #userData()}. */
  public void setUserData(Object userData) {
    this.userData = userData;
  }

  /**
   * Runs {@code listener} once the handshake completes (at once if it has). Never runs if the
   * stream closes first.
   */
  public void whenOpen(Runnable listener) {
    LoopConfinement.check(connection.eventLoop(), "NoiseSecretStream");
    if (isOpen()) {
      listener.run();
    } else if (phase != Phase.CLOSED) {
      openListeners.add(listener);
    }
  }

  /** Runs {@code listener} with the close cause once the stream closes (at once if it has). */
  public void whenClosed(Consumer<Throwable> listener) {
    LoopConfinement.check(connection.eventLoop(), "NoiseSecretStream");
    if (phase == Phase.CLOSED) {
      listener.accept(closeCause);
    } else {
      closeListeners.add(listener);
    }
  }

  /** The connection underneath. */
  public Connection connection() {
    return connection;
  }

  /**
   * Encrypts and sends one message (an empty one is a keep-alive).
   *
   * @return false when the transport is congested: hold further writes until {@link
   *     SecretStreamHandler#onDrain()}
   * @throws IllegalArgumentException above {@link #MAX_MESSAGE_BYTES}
   * @throws IllegalStateException after {@link #end()} or once closed
   */
  public boolean write(byte[] message) {
    LoopConfinement.check(connection.eventLoop(), "NoiseSecretStream");
    checkWritable(message.length);
    if (push == null) {
      writesBeforeOpen.add(message);
      return true;
    }
    return encryptAndSend(message, 0, message.length);
  }

  /**
   * Encrypts and sends {@code length} bytes of {@code message} from {@code offset}, as one
   * message; the array is not kept (so a caller may reuse it at once).
   *
   * <p>Messages are encrypted at once but gathered and handed to the connection at the end of the
   * loop turn, so a burst of them costs one write to the connection.
   *
   * @return false when the transport is congested: hold further writes until {@link
   *     SecretStreamHandler#onDrain()}
   * @throws IllegalArgumentException above {@link #MAX_MESSAGE_BYTES}
   * @throws IllegalStateException after {@link #end()} or once closed
   */
  public boolean write(byte[] message, int offset, int length) {
    LoopConfinement.check(connection.eventLoop(), "NoiseSecretStream");
    Objects.checkFromIndexSize(offset, length, message.length);
    checkWritable(length);
    if (push == null) {
      writesBeforeOpen.add(Arrays.copyOfRange(message, offset, offset + length));
      return true;
    }
    return encryptAndSend(message, offset, length);
  }

  private void checkWritable(int length) {
    if (length > MAX_MESSAGE_BYTES) {
      throw new IllegalArgumentException(
          "message of " + length + " bytes exceeds " + MAX_MESSAGE_BYTES);
    }
    if (phase == Phase.CLOSED) {
      throw new IllegalStateException("stream is closed");
    }
    if (endRequested) {
      throw new IllegalStateException("stream has ended");
    }
  }

  /** Ends this side once queued writes are out; the stream closes when the remote ends too. */
  public void end() {
    LoopConfinement.check(connection.eventLoop(), "NoiseSecretStream");
    if (endRequested || phase == Phase.CLOSED) {
      return;
    }
    endRequested = true;
    if (push != null) {
      finishLocalSide();
    }
  }

  /** Asks the transport to stop delivering data (backpressure from the layer above). */
  public void pause() {
    LoopConfinement.check(connection.eventLoop(), "NoiseSecretStream");
    if (phase != Phase.CLOSED) {
      connection.pauseReading();
    }
  }

  /** Undoes {@link #pause()}. */
  public void resume() {
    LoopConfinement.check(connection.eventLoop(), "NoiseSecretStream");
    if (phase != Phase.CLOSED) {
      connection.resumeReading();
    }
  }

  /**
   * Closes the stream and its connection now.
   *
   * @param cause why, or null for a plain close
   */
  public void destroy(Throwable cause) {
    LoopConfinement.check(connection.eventLoop(), "NoiseSecretStream");
    if (phase == Phase.CLOSED) {
      return;
    }
    phase = Phase.CLOSED;
    closeCause = cause;
    timers.cancelAll();
    writesBeforeOpen.clear();
    writer.discard();
    if (keys != null) {
      keys.wipeKeys();
    }
    connection.close();
    openListeners = List.of();
    handler.onClose(cause);
    List<Consumer<Throwable>> listeners = closeListeners;
    closeListeners = List.of();
    for (Consumer<Throwable> listener : listeners) {
      listener.accept(cause);
    }
  }

  /** Why the stream closed (null if it closed cleanly or is still open). */
  public Throwable closeCause() {
    return closeCause;
  }

  /** The role, the phase and the remote's address; never key material. */
  @Override
  public String toString() {
    return "NoiseSecretStream["
        + (isInitiator() ? "initiator" : "responder")
        + ", "
        + phase.name().toLowerCase(Locale.ROOT)
        + ", remote="
        + connection.remoteDescription()
        + "]";
  }

  private void sendHandshakeMessage() {
    writer.plain(handshake.send());
    if (handshake.isComplete()) {
      onHandshakeComplete();
    }
  }

  private boolean onFrame(byte[] array, int offset, int length) {
    if (phase == Phase.CLOSED) {
      return false;
    }
    switch (phase) {
      case HANDSHAKE -> {
        handshake.receive(Arrays.copyOfRange(array, offset, offset + length));
        if (handshake.isMyTurn()) {
          sendHandshakeMessage();
        } else if (handshake.isComplete()) {
          onHandshakeComplete();
        }
      }
      case AWAIT_HEADER -> onHeader(array, offset, length);
      default -> onCiphertext(array, offset, length);
    }
    return phase != Phase.CLOSED;
  }

  private void onHandshakeComplete() {
    if (handshake != null) {
      keys = handshake.result();
    }
    timers.handshakeDone();
    push = crypto.initPush(Arrays.copyOf(keys.tx(), SecretStream.KEY_BYTES));
    byte[] header = new byte[ID_HEADER_BYTES];
    System.arraycopy(streamId(crypto, keys.handshakeHash(), initiator), 0, header, 0, 32);
    System.arraycopy(push.header(), 0, header, 32, SecretStream.HEADER_BYTES);
    phase = Phase.AWAIT_HEADER;
    writer.plain(header);
    timers.startKeepAlive(this::sendKeepAlive);
    handler.onOpen(this);
    List<Runnable> listeners = openListeners;
    openListeners = new ArrayList<>();
    for (Runnable listener : listeners) {
      if (phase == Phase.CLOSED) {
        break;
      }
      listener.run();
    }
    while (!writesBeforeOpen.isEmpty() && phase != Phase.CLOSED) {
      byte[] queued = writesBeforeOpen.poll();
      encryptAndSend(queued, 0, queued.length);
    }
    if (endRequested && phase != Phase.CLOSED) {
      finishLocalSide();
    }
  }

  private void onHeader(byte[] array, int offset, int length) {
    if (length != ID_HEADER_BYTES) {
      throw new SecretStreamException(
          "invalid header message: " + length + " bytes, expected " + ID_HEADER_BYTES);
    }
    byte[] expected = streamId(crypto, keys.handshakeHash(), !initiator);
    byte[] received = Arrays.copyOfRange(array, offset, offset + 32);
    if (!MessageDigest.isEqual(expected, received)) {
      throw new SecretStreamException("invalid header: stream id does not match the handshake");
    }
    byte[] header = Arrays.copyOfRange(array, offset + 32, offset + ID_HEADER_BYTES);
    pull = crypto.initPull(Arrays.copyOf(keys.rx(), SecretStream.KEY_BYTES), header);
    keys.wipeKeys();
    phase = Phase.OPEN;
  }

  private void onCiphertext(byte[] array, int offset, int length) {
    if (length < SecretStream.ABYTES) {
      throw new SecretStreamException(
          "invalid message: " + length + " bytes is shorter than the " + SecretStream.ABYTES
              + "-byte secretstream overhead");
    }
    byte[] plain = new byte[length - SecretStream.ABYTES];
    try {
      pull.pull(array, offset, length, plain, 0);
    } catch (CryptoException e) {
      throw new SecretStreamException("message failed authentication", e);
    }
    if (plain.length == 0 && options.keepAliveMillis() > 0) {
      return;
    }
    handler.onMessage(plain);
  }

  private boolean encryptAndSend(byte[] message, int offset, int length) {
    timers.sent();
    return writer.encrypt(push, message, offset, length);
  }

  private void sendKeepAlive() {
    if (phase != Phase.CLOSED && !endRequested) {
      encryptAndSend(new byte[0], 0, 0);
    }
  }

  private void finishLocalSide() {
    localEnded = true;
    timers.stopKeepAlive();
    writer.flush();
    connection.shutdownOutput();
    closeIfBothEnded();
  }

  /**
   * Both sides ended: the connection may still hold what was written (a UDX stream waits for its
   * last packets' acknowledgement), so it is asked to close once that is delivered, and this
   * stream closes when the connection has (as the reference waits for its raw stream's close).
   */
  private void closeIfBothEnded() {
    if (localEnded && remoteEnded && !closingAfterFlush && phase != Phase.CLOSED) {
      closingAfterFlush = true;
      timers.cancelAll();
      connection.closeAfterFlush();
    }
  }

  /** Adapts the connection's events; kept private so they are not part of the stream's API. */
  private final class RawHandler implements ConnectionHandler {
    private byte[] copyBuffer = new byte[0];

    @Override
    public void onData(ByteBuffer bytes) {
      if (phase == Phase.CLOSED) {
        return;
      }
      timers.received();
      try {
        if (bytes.hasArray()) {
          int start = bytes.arrayOffset() + bytes.position();
          decoder.decode(bytes.array(), start, start + bytes.remaining(), NoiseSecretStream.this::onFrame);
        } else {
          int length = bytes.remaining();
          if (copyBuffer.length < length) {
            copyBuffer = new byte[length];
          }
          bytes.get(copyBuffer, 0, length);
          decoder.decode(copyBuffer, 0, length, NoiseSecretStream.this::onFrame);
        }
      } catch (RuntimeException e) {
        destroy(e);
      }
    }

    @Override
    public void onWritable() {
      writer.onWritable();
      if (phase != Phase.CLOSED) {
        handler.onDrain();
      }
    }

    @Override
    public void onEnd() {
      if (phase == Phase.CLOSED) {
        return;
      }
      if (phase != Phase.OPEN || decoder.isMidFrame()) {
        destroy(
            new SecretStreamException(
                phase != Phase.OPEN
                    ? "connection ended during the handshake"
                    : "connection ended in the middle of a frame"));
        return;
      }
      remoteEnded = true;
      handler.onEnd();
      closeIfBothEnded();
    }

    @Override
    public void onClose(Throwable cause) {
      if (phase == Phase.CLOSED) {
        return;
      }
      if (cause == null && (phase != Phase.OPEN || decoder.isMidFrame())) {
        cause =
            new SecretStreamException(
                phase != Phase.OPEN
                    ? "connection closed during the handshake"
                    : "connection closed in the middle of a frame");
      }
      destroy(cause);
    }
  }
}
