package io.protomux.wakeup.domain.stream;

import io.protomux.wakeup.domain.Limit;
import io.protomux.wakeup.domain.LoopConfinement;
import io.protomux.wakeup.domain.noise.HandshakeResult;
import io.protomux.wakeup.domain.noise.NoiseException;
import io.protomux.wakeup.domain.noise.NoiseHandshake;
import io.protomux.wakeup.ports.crypto.Crypto;
import io.protomux.wakeup.ports.crypto.CryptoException;
import io.protomux.wakeup.ports.crypto.KeyPair;
import io.protomux.wakeup.ports.crypto.SecretStream;
import io.protomux.wakeup.ports.loop.Cancellable;
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
 * {@code @hyperswarm/secret-stream} over one {@link Connection}: a Noise XX handshake, then the
 * stream-id header exchange, then every message encrypted with secretstream and framed as
 * {@code uint24 LE length || body}.
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
  // Frames written in one loop turn are gathered here and handed to the connection as one buffer
  // at the end of the turn (or once this much has gathered): one system call for a burst of small
  // messages instead of one each, and no wire array per message. A frame bigger than this goes
  // out on its own.
  private static final int STAGING_LIMIT_BYTES = 16 * 1024;
  // A staging buffer bigger than this is dropped at the end of a turn that gathered less than
  // this, so a stream holds little once its bursts are over (and does not grow it again and
  // again while they last).
  private static final int STAGING_KEEP_BYTES = 1024;
  private static final int STAGING_FIRST_BYTES = 256;
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
  private final NoiseHandshake handshake;
  private final FrameDecoder decoder;
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
  private Cancellable handshakeTimer;
  private IdleTimer idleTimeout;
  private IdleTimer keepAlive;
  private Throwable closeCause;
  private Object userData;
  private List<Runnable> openListeners = new ArrayList<>();
  private List<Consumer<Throwable>> closeListeners = new ArrayList<>();
  private byte[] staging;
  private int staged;
  private boolean flushScheduled;
  private int stagedThisTurn;
  // The connection refused more (above its high-water mark) and has not drained since.
  private boolean congested;
  private final Runnable endOfTurnFlush = this::flushAtEndOfTurn;

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
    this.crypto = crypto;
    this.connection = connection;
    this.options = options;
    this.handler = handler;
    this.handshake = new NoiseHandshake(crypto, isInitiator, keyPair);
    this.decoder = new FrameDecoder(options.maxFrameBytes());
  }

  /** Replaces the event receiver (the layer above installs itself once it exists). */
  public void setHandler(SecretStreamHandler handler) {
    LoopConfinement.check(connection.eventLoop(), "NoiseSecretStream");
    this.handler = handler;
  }

  /** Starts reading and, on the initiator, sends the first handshake message. */
  public void start() {
    LoopConfinement.check(connection.eventLoop(), "NoiseSecretStream");
    if (started) {
      throw new IllegalStateException("stream already started");
    }
    started = true;
    connection.setHandler(new RawHandler());
    if (options.handshakeTimeoutMillis() > 0) {
      handshakeTimer =
          connection
              .eventLoop()
              .schedule(
                  options.handshakeTimeoutMillis(),
                  () ->
                      destroy(
                          new StreamLimitException(
                              Limit.HANDSHAKE_TIMEOUT,
                              "handshake timed out after "
                                  + options.handshakeTimeoutMillis()
                                  + " ms (handshakeTimeoutMillis)")));
    }
    if (options.timeoutMillis() > 0) {
      idleTimeout =
          new IdleTimer(
              connection.eventLoop(),
              options.timeoutMillis(),
              () ->
                  destroy(
                      new StreamLimitException(
                          Limit.IDLE_TIMEOUT,
                          "stream timed out: nothing received for "
                              + options.timeoutMillis()
                              + " ms (timeoutMillis)")));
      idleTimeout.start();
    }
    if (handshake.isInitiator()) {
      sendHandshakeMessage();
    }
  }

  /** Whether this side dialed. */
  public boolean isInitiator() {
    return handshake.isInitiator();
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
    cancelTimers();
    writesBeforeOpen.clear();
    staging = null;
    staged = 0;
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
    stageFrame(handshake.send());
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
    keys = handshake.result();
    if (handshakeTimer != null) {
      handshakeTimer.cancel();
      handshakeTimer = null;
    }
    push = crypto.initPush(Arrays.copyOf(keys.tx(), SecretStream.KEY_BYTES));
    byte[] header = new byte[ID_HEADER_BYTES];
    System.arraycopy(streamId(isInitiator()), 0, header, 0, 32);
    System.arraycopy(push.header(), 0, header, 32, SecretStream.HEADER_BYTES);
    phase = Phase.AWAIT_HEADER;
    stageFrame(header);
    if (options.keepAliveMillis() > 0) {
      keepAlive = new IdleTimer(connection.eventLoop(), options.keepAliveMillis(), this::sendKeepAlive);
      keepAlive.start();
    }
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
    byte[] expected = streamId(!isInitiator());
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
    int frameLength = 3 + SecretStream.ABYTES + length;
    if (keepAlive != null) {
      keepAlive.touch();
    }
    if (frameLength > STAGING_LIMIT_BYTES) {
      // Too big to gather: what is gathered goes first, then this in an array of its own.
      flushStaged();
      byte[] wire = new byte[frameLength];
      writeUint24(wire, 0, SecretStream.ABYTES + length);
      push.push(message, offset, length, SecretStream.TAG_MESSAGE, wire, 3);
      return writeToConnection(wire);
    }
    int at = reserve(frameLength);
    writeUint24(staging, at, SecretStream.ABYTES + length);
    push.push(message, offset, length, SecretStream.TAG_MESSAGE, staging, at + 3);
    staged += frameLength;
    stagedThisTurn += frameLength;
    scheduleFlush();
    return !congested;
  }

  /**
   * Gathers a frame that needs no encryption (a handshake message, the header) with the rest, so
   * that what one loop turn sends leaves in one write: the remote then wakes up once for, say, the
   * header and the first channel open, instead of once for each.
   */
  private void stageFrame(byte[] body) {
    int frameLength = 3 + body.length;
    int at = reserve(frameLength);
    writeUint24(staging, at, body.length);
    System.arraycopy(body, 0, staging, at + 3, body.length);
    staged += frameLength;
    stagedThisTurn += frameLength;
    scheduleFlush();
  }

  /** Room for a frame of at most {@code STAGING_LIMIT_BYTES}; returns where it starts. */
  private int reserve(int frameLength) {
    if (staged + frameLength > STAGING_LIMIT_BYTES) {
      flushStaged();
    }
    if (staging == null || staging.length - staged < frameLength) {
      int capacity = staging == null ? STAGING_FIRST_BYTES : staging.length;
      while (capacity - staged < frameLength) {
        capacity *= 2;
      }
      staging = staging == null ? new byte[capacity] : Arrays.copyOf(staging, capacity);
    }
    return staged;
  }

  private void scheduleFlush() {
    if (!flushScheduled) {
      flushScheduled = true;
      connection.eventLoop().execute(endOfTurnFlush);
    }
  }

  /** Hands what is gathered to the connection, in one exact-size array. */
  private boolean flushStaged() {
    if (staged == 0) {
      return !congested;
    }
    byte[] wire = Arrays.copyOf(staging, staged);
    staged = 0;
    return writeToConnection(wire);
  }

  private boolean writeToConnection(byte[] wire) {
    if (phase == Phase.CLOSED) {
      return false;
    }
    boolean accepted = connection.write(ByteBuffer.wrap(wire));
    if (!accepted) {
      congested = true;
    }
    return accepted && !congested;
  }

  private void flushAtEndOfTurn() {
    flushScheduled = false;
    flushStaged();
    if (staging != null && staging.length > STAGING_KEEP_BYTES && stagedThisTurn < STAGING_KEEP_BYTES) {
      staging = null;
    }
    stagedThisTurn = 0;
  }

  private void sendKeepAlive() {
    if (phase != Phase.CLOSED && !endRequested) {
      encryptAndSend(new byte[0], 0, 0);
    }
  }

  private void finishLocalSide() {
    localEnded = true;
    if (keepAlive != null) {
      keepAlive.cancel();
      keepAlive = null;
    }
    flushStaged();
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
      cancelTimers();
      connection.closeAfterFlush();
    }
  }

  private byte[] streamId(boolean initiatorRole) {
    Object[] cached = streamIdNamespaceCache;
    byte[][] ns;
    if (cached != null && cached[0] == crypto) {
      ns = (byte[][]) cached[1];
    } else {
      ns = crypto.namespace(STREAM_ID_NAMESPACE, 3);
      streamIdNamespaceCache = new Object[] {crypto, ns};
    }
    return crypto.keyedHash(32, keys.handshakeHash(), ns[initiatorRole ? NS_INITIATOR : NS_RESPONDER]);
  }

  private void cancelTimers() {
    if (handshakeTimer != null) {
      handshakeTimer.cancel();
      handshakeTimer = null;
    }
    if (idleTimeout != null) {
      idleTimeout.cancel();
      idleTimeout = null;
    }
    if (keepAlive != null) {
      keepAlive.cancel();
      keepAlive = null;
    }
  }

  private static void writeUint24(byte[] out, int at, int value) {
    out[at] = (byte) value;
    out[at + 1] = (byte) (value >>> 8);
    out[at + 2] = (byte) (value >>> 16);
  }

  /** Adapts the connection's events; kept private so they are not part of the stream's API. */
  private final class RawHandler implements ConnectionHandler {
    private byte[] copyBuffer = new byte[0];

    @Override
    public void onData(ByteBuffer bytes) {
      if (phase == Phase.CLOSED) {
        return;
      }
      if (idleTimeout != null) {
        idleTimeout.touch();
      }
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
      congested = false;
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
