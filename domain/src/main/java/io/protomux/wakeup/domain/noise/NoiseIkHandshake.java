package io.protomux.wakeup.domain.noise;

import io.protomux.wakeup.domain.noise.HandshakeMessages.Reader;
import io.protomux.wakeup.ports.crypto.Crypto;
import io.protomux.wakeup.ports.crypto.KeyPair;
import java.util.Objects;

/**
 * The {@code Noise_IK_Ed25519_ChaChaPoly_BLAKE2b} handshake as hyperdht runs it to connect to a
 * server by its public key: two messages, each carrying a payload, after a caller-given prologue
 * and the responder's static key as pre-message. No I/O, no clock.
 *
 * <pre>
 *   &lt;- s
 *   ...
 *   -> e, es, s, ss
 *   &lt;- e, ee, se
 * </pre>
 *
 * <p>The initiator (the client, which knows the server's key) calls {@link #send(byte[])} then
 * {@link #receive(byte[])}; the responder {@link #receive(byte[])}, then {@link #send(byte[])}.
 * Between the two the responder already knows the initiator's authenticated static key ({@link
 * #remoteStaticKey()}), so it can decide whether to answer at all.
 *
 * <p>Any failure (a malformed or unauthentic message, a remote key the DH refuses, a call out of
 * turn) throws {@link NoiseException} and leaves the handshake unusable. Not thread-safe.
 */
public final class NoiseIkHandshake {
  /** The protocol name that seeds the handshake hash. */
  public static final String PROTOCOL_NAME = "Noise_IK_Ed25519_ChaChaPoly_BLAKE2b";
  /** Bytes message 1 adds to its payload: e, the encrypted static key, the payload's tag. */
  public static final int MESSAGE1_OVERHEAD = 32 + 32 + 16 + 16;
  /** Bytes message 2 adds to its payload: e and the payload's tag. */
  public static final int MESSAGE2_OVERHEAD = 32 + 16;

  private static final int DHLEN = HandshakeMessages.DHLEN;
  private static final int TAGLEN = HandshakeMessages.TAGLEN;

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

  private NoiseIkHandshake(
      Crypto crypto,
      boolean initiator,
      KeyPair staticKeyPair,
      byte[] remoteStaticKey,
      byte[] prologue,
      KeyPair ephemeralKeyPair,
      SymmetricState.Observer observer) {
    this.crypto = Objects.requireNonNull(crypto, "crypto");
    this.initiator = initiator;
    this.staticKeyPair = Objects.requireNonNull(staticKeyPair, "staticKeyPair");
    Objects.requireNonNull(prologue, "prologue");
    this.ephemeral = ephemeralKeyPair;
    this.state = new SymmetricState(crypto, PROTOCOL_NAME, observer);
    state.mixHash(prologue);
    if (initiator) {
      if (Objects.requireNonNull(remoteStaticKey, "remoteStaticKey").length != DHLEN) {
        throw new IllegalArgumentException(
            "remote static key must be " + DHLEN + " bytes, got " + remoteStaticKey.length);
      }
      remoteStatic = remoteStaticKey.clone();
      state.mixHash(remoteStatic);
    } else {
      state.mixHash(staticKeyPair.publicKey());
    }
  }

  private NoiseIkHandshake(NoiseIkHandshake other) {
    this.crypto = other.crypto;
    this.initiator = other.initiator;
    this.staticKeyPair = other.staticKeyPair;
    this.state = other.state.copy();
    this.ephemeral = other.ephemeral;
    this.remoteEphemeral = other.remoteEphemeral == null ? null : other.remoteEphemeral.clone();
    this.remoteStatic = other.remoteStatic == null ? null : other.remoteStatic.clone();
    this.step = other.step;
    this.failed = other.failed;
    this.result = other.result;
  }

  /**
   * An independent copy in the same state. hyperdht sends one first message through several
   * relays: each answer is tried on a copy, so a forged answer cannot spoil the genuine one.
   */
  public NoiseIkHandshake copy() {
    return new NoiseIkHandshake(this);
  }

  /**
   * The client side, with a fresh ephemeral key pair from the crypto provider's random source.
   *
   * @param staticKeyPair this peer's long-term Ed25519 key pair
   * @param remoteStaticKey the server's 32-byte Ed25519 public key
   * @param prologue bound into the handshake hash; hyperdht uses {@code NS_PEER_HANDSHAKE}
   */
  public static NoiseIkHandshake initiator(
      Crypto crypto, KeyPair staticKeyPair, byte[] remoteStaticKey, byte[] prologue) {
    return initiator(crypto, staticKeyPair, remoteStaticKey, prologue, null);
  }

  /** As above, with a given ephemeral key pair (null: draw one): for vectors and replays. */
  public static NoiseIkHandshake initiator(
      Crypto crypto,
      KeyPair staticKeyPair,
      byte[] remoteStaticKey,
      byte[] prologue,
      KeyPair ephemeralKeyPair) {
    return new NoiseIkHandshake(
        crypto, true, staticKeyPair, remoteStaticKey, prologue, ephemeralKeyPair, null);
  }

  /**
   * The server side, with a fresh ephemeral key pair from the crypto provider's random source.
   *
   * @param staticKeyPair the key pair clients address this server by
   * @param prologue bound into the handshake hash; hyperdht uses {@code NS_PEER_HANDSHAKE}
   */
  public static NoiseIkHandshake responder(Crypto crypto, KeyPair staticKeyPair, byte[] prologue) {
    return responder(crypto, staticKeyPair, prologue, null);
  }

  /** As above, with a given ephemeral key pair (null: draw one): for vectors and replays. */
  public static NoiseIkHandshake responder(
      Crypto crypto, KeyPair staticKeyPair, byte[] prologue, KeyPair ephemeralKeyPair) {
    return new NoiseIkHandshake(
        crypto, false, staticKeyPair, null, prologue, ephemeralKeyPair, null);
  }

  /** A handshake whose every symmetric-state step is reported, for trace tests. */
  static NoiseIkHandshake observed(
      Crypto crypto,
      boolean initiator,
      KeyPair staticKeyPair,
      byte[] remoteStaticKey,
      byte[] prologue,
      KeyPair ephemeralKeyPair,
      SymmetricState.Observer observer) {
    return new NoiseIkHandshake(
        crypto, initiator, staticKeyPair, remoteStaticKey, prologue, ephemeralKeyPair, observer);
  }

  /** Whether this is the client side, which sends first. */
  public boolean isInitiator() {
    return initiator;
  }

  /** Whether it is this side's turn to {@link #send(byte[])}. */
  public boolean isMyTurn() {
    return !isComplete() && !failed && (step == 0) == initiator;
  }

  /** Whether the handshake finished; {@link #result()} is then available. */
  public boolean isComplete() {
    return result != null;
  }

  /**
   * The remote's static public key: on the initiator the one it was given, on the responder the
   * one message 1 authenticated (null before it arrived).
   */
  public byte[] remoteStaticKey() {
    return remoteStatic == null ? null : remoteStatic.clone();
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
   * Produces this side's message around {@code payload}: message 1 on the initiator, message 2
   * on the responder (which completes the handshake there).
   *
   * @throws NoiseException if it is not this side's turn or the handshake failed
   */
  public byte[] send(byte[] payload) {
    Objects.requireNonNull(payload, "payload");
    checkTurn(true);
    try {
      byte[] message;
      byte[] e = writeEphemeral();
      if (initiator) {
        mixDh(ephemeral.secretKey(), remoteStatic); // es
        byte[] s = state.encryptAndHash(staticKeyPair.publicKey());
        mixDh(staticKeyPair.secretKey(), remoteStatic); // ss
        message = HandshakeMessages.concat(e, s, state.encryptAndHash(payload));
      } else {
        mixDh(ephemeral.secretKey(), remoteEphemeral); // ee
        mixDh(ephemeral.secretKey(), remoteStatic); // se, responder side
        message = HandshakeMessages.concat(e, state.encryptAndHash(payload));
      }
      advance();
      return message;
    } catch (RuntimeException e) {
      throw fail(e);
    }
  }

  /**
   * Takes the remote's message and returns the payload it carried: message 1 on the responder,
   * message 2 on the initiator (which completes the handshake there).
   *
   * @throws NoiseException if the message is malformed or unauthentic, or not expected now
   */
  public byte[] receive(byte[] message) {
    checkTurn(false);
    try {
      Reader in = new Reader(message);
      int minimum = initiator ? MESSAGE2_OVERHEAD : MESSAGE1_OVERHEAD;
      if (in.remaining() < minimum) {
        throw new NoiseException(
            "handshake message too short: " + in.remaining() + " bytes, at least " + minimum);
      }
      remoteEphemeral = in.take(DHLEN);
      state.mixHash(remoteEphemeral);
      if (initiator) {
        mixDh(ephemeral.secretKey(), remoteEphemeral); // ee
        mixDh(staticKeyPair.secretKey(), remoteEphemeral); // se, initiator side
      } else {
        mixDh(staticKeyPair.secretKey(), remoteEphemeral); // es, responder side
        byte[] s = state.decryptAndHash(in.take(DHLEN + TAGLEN));
        mixDh(staticKeyPair.secretKey(), s); // ss
        remoteStatic = s;
      }
      byte[] payload = state.decryptAndHash(in.rest());
      advance();
      return payload;
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

  private void mixDh(byte[] localSecret, byte[] remotePublic) {
    HandshakeMessages.mixDh(crypto, state, localSecret, remotePublic);
  }

  private void advance() {
    step++;
    if (step == 2) {
      byte[][] keys = state.split();
      byte[] tx = initiator ? keys[0] : keys[1];
      byte[] rx = initiator ? keys[1] : keys[0];
      result =
          new HandshakeResult(
              initiator, tx, rx, state.handshakeHash(), staticKeyPair.publicKey(), remoteStatic.clone());
      state.wipe();
      ephemeral = null;
      remoteEphemeral = null;
    }
  }

  private void checkTurn(boolean sending) {
    HandshakeMessages.checkTurn(failed, isComplete(), isMyTurn(), sending);
  }

  private NoiseException fail(RuntimeException cause) {
    failed = true;
    state.wipe();
    ephemeral = null;
    if (!initiator) {
      // A responder must not act on a key from a message that failed later on.
      remoteStatic = null;
    }
    return HandshakeMessages.failure(cause);
  }
}
