package io.protomux.wakeup.domain.noise;

import io.protomux.wakeup.ports.crypto.Crypto;
import io.protomux.wakeup.ports.crypto.KeyPair;

/**
 * The {@code Noise_XX_Ed25519_ChaChaPoly_BLAKE2b} handshake of {@code @hyperswarm/secret-stream},
 * with an empty prologue and empty payloads, as a state machine: {@link #send()} hands out the next
 * message to transmit, {@link #receive(byte[])} takes the remote's. No I/O, no clock.
 *
 * <pre>
 *   -> e
 *   &lt;- e, ee, s, es
 *   -> s, se
 * </pre>
 *
 * <p>Any failure (malformed message, failed authentication, a remote key libsodium would refuse, a
 * call out of turn) throws {@link NoiseException} and leaves the handshake unusable. Not
 * thread-safe.
 */
public final class NoiseHandshake {
  /** The protocol name that seeds the handshake hash. */
  public static final String PROTOCOL_NAME = "Noise_XX_Ed25519_ChaChaPoly_BLAKE2b";

  private static final int DHLEN = HandshakeMessages.DHLEN;
  private static final int TAGLEN = HandshakeMessages.TAGLEN;
  private static final int MESSAGES = 3;

  private final Crypto crypto;
  private final boolean initiator;
  private final KeyPair staticKeyPair;
  private final SymmetricState state;
  private KeyPair ephemeral;
  private byte[] remoteEphemeral;
  private byte[] remoteStatic;
  private int step;
  private boolean failed;
  private HandshakeResult result;

  /**
   * A handshake with a fresh ephemeral key pair from the crypto provider's random source.
   *
   * @param initiator true on the dialing side, which sends first
   * @param staticKeyPair this peer's long-term Ed25519 key pair
   */
  public NoiseHandshake(Crypto crypto, boolean initiator, KeyPair staticKeyPair) {
    this(crypto, initiator, staticKeyPair, null);
  }

  /** As above, with a given ephemeral key pair (null: draw one): for vectors and replays. */
  public NoiseHandshake(
      Crypto crypto, boolean initiator, KeyPair staticKeyPair, KeyPair ephemeralKeyPair) {
    this.crypto = crypto;
    this.initiator = initiator;
    this.staticKeyPair = staticKeyPair;
    this.ephemeral = ephemeralKeyPair;
    this.state = new SymmetricState(crypto, PROTOCOL_NAME);
    state.mixHash(new byte[0]); // the empty prologue
  }

  /** Whether this side dialed. */
  public boolean isInitiator() {
    return initiator;
  }

  /** Whether it is this side's turn to {@link #send()}. */
  public boolean isMyTurn() {
    return !isComplete() && !failed && (step % 2 == 0) == initiator;
  }

  /** Whether the handshake finished; {@link #result()} is then available. */
  public boolean isComplete() {
    return result != null;
  }

  /**
   * The outcome of a completed handshake.
   *
   * @throws IllegalStateException before completion
   */
  public HandshakeResult result() {
    if (result == null) {
      throw new IllegalStateException("handshake not complete");
    }
    return result;
  }

  /**
   * Produces the next message this side sends (without the stream's length prefix).
   *
   * @throws NoiseException if it is not this side's turn or the handshake failed
   */
  public byte[] send() {
    checkTurn(true);
    try {
      byte[] message;
      switch (step) {
        case 0 -> message = concat(writeEphemeral(), state.encryptAndHash(new byte[0]));
        case 1 -> {
          byte[] e = writeEphemeral();
          mixDh(ephemeralSecret(), remoteEphemeral); // ee
          byte[] s = state.encryptAndHash(staticKeyPair.publicKey());
          mixDh(staticKeyPair.secretKey(), remoteEphemeral); // es, responder side
          message = concat(e, s, state.encryptAndHash(new byte[0]));
        }
        default -> {
          byte[] s = state.encryptAndHash(staticKeyPair.publicKey());
          mixDh(staticKeyPair.secretKey(), remoteEphemeral); // se, initiator side
          message = concat(s, state.encryptAndHash(new byte[0]));
        }
      }
      advance();
      return message;
    } catch (RuntimeException e) {
      throw fail(e);
    }
  }

  /**
   * Takes the remote's next message (without the stream's length prefix).
   *
   * @throws NoiseException if the message is malformed or unauthentic, or not expected now
   */
  public void receive(byte[] message) {
    checkTurn(false);
    try {
      HandshakeMessages.Reader in = new HandshakeMessages.Reader(message);
      switch (step) {
        case 0 -> readEphemeral(in);
        case 1 -> {
          readEphemeral(in);
          mixDh(ephemeralSecret(), remoteEphemeral); // ee
          remoteStatic = state.decryptAndHash(in.take(DHLEN + TAGLEN));
          mixDh(ephemeralSecret(), remoteStatic); // es, initiator side
        }
        default -> {
          remoteStatic = state.decryptAndHash(in.take(DHLEN + (state.hasKey() ? TAGLEN : 0)));
          mixDh(ephemeralSecret(), remoteStatic); // se, responder side
        }
      }
      // The secret stream sends empty payloads; like the reference, ignore any other content.
      state.decryptAndHash(in.rest());
      advance();
    } catch (RuntimeException e) {
      throw fail(e);
    }
  }

  private byte[] writeEphemeral() {
    if (ephemeral == null) {
      ephemeral = crypto.keyPair();
    }
    byte[] e = ephemeral.publicKey();
    state.mixHash(e);
    return e;
  }

  private void readEphemeral(HandshakeMessages.Reader in) {
    remoteEphemeral = in.take(DHLEN);
    state.mixHash(remoteEphemeral);
  }

  private byte[] ephemeralSecret() {
    return ephemeral.secretKey();
  }

  private void mixDh(byte[] localSecret, byte[] remotePublic) {
    HandshakeMessages.mixDh(crypto, state, localSecret, remotePublic);
  }

  private void advance() {
    step++;
    if (step == MESSAGES) {
      byte[][] keys = state.split();
      byte[] tx = initiator ? keys[0] : keys[1];
      byte[] rx = initiator ? keys[1] : keys[0];
      result =
          new HandshakeResult(
              initiator, tx, rx, state.handshakeHash(), staticKeyPair.publicKey(), remoteStatic);
      state.wipe();
      ephemeral = null;
    }
  }

  private void checkTurn(boolean sending) {
    HandshakeMessages.checkTurn(failed, isComplete(), isMyTurn(), sending);
  }

  private NoiseException fail(RuntimeException cause) {
    failed = true;
    state.wipe();
    return HandshakeMessages.failure(cause);
  }

  private static byte[] concat(byte[]... parts) {
    return HandshakeMessages.concat(parts);
  }
}
