package io.protomux.wakeup.domain.noise;

import java.util.Arrays;
import java.util.HexFormat;

/**
 * What a completed Noise handshake yields: the transport keys, the handshake hash that binds the
 * session, and both static public keys. Arrays are copied out; {@link #toString()} hides the keys.
 */
public final class HandshakeResult {
  private final boolean initiator;
  private final byte[] tx;
  private final byte[] rx;
  private final byte[] handshakeHash;
  private final byte[] publicKey;
  private final byte[] remotePublicKey;

  HandshakeResult(
      boolean initiator,
      byte[] tx,
      byte[] rx,
      byte[] handshakeHash,
      byte[] publicKey,
      byte[] remotePublicKey) {
    this.initiator = initiator;
    this.tx = tx;
    this.rx = rx;
    this.handshakeHash = handshakeHash;
    this.publicKey = publicKey;
    this.remotePublicKey = remotePublicKey;
  }

  /** Whether this side dialed (sent the first handshake message). */
  public boolean isInitiator() {
    return initiator;
  }

  /** The 32-byte key this side encrypts with. */
  public byte[] tx() {
    return tx.clone();
  }

  /** The 32-byte key this side decrypts with. */
  public byte[] rx() {
    return rx.clone();
  }

  /** The 64-byte final handshake hash; both sides compute the same value. */
  public byte[] handshakeHash() {
    return handshakeHash.clone();
  }

  /** This side's static Ed25519 public key. */
  public byte[] publicKey() {
    return publicKey.clone();
  }

  /** The remote's static Ed25519 public key, as authenticated by the handshake. */
  public byte[] remotePublicKey() {
    return remotePublicKey.clone();
  }

  /** Overwrites the transport keys, once the cipher states have taken them. */
  public void wipeKeys() {
    Arrays.fill(tx, (byte) 0);
    Arrays.fill(rx, (byte) 0);
  }

  @Override
  public String toString() {
    HexFormat hex = HexFormat.of();
    return "HandshakeResult[initiator="
        + initiator
        + ", publicKey="
        + hex.formatHex(publicKey)
        + ", remotePublicKey="
        + hex.formatHex(remotePublicKey)
        + ", keys=<redacted>]";
  }
}
