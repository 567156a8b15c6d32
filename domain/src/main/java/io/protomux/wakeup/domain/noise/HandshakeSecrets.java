package io.protomux.wakeup.domain.noise;

import io.protomux.wakeup.ports.crypto.Blake2b;
import java.util.Objects;

/**
 * Secrets a layer derives from a completed handshake's hash, so that both sides hold them without
 * sending anything more. The namespaces are the caller's (hyperdht's), so this package does not
 * depend on it.
 */
public final class HandshakeSecrets {
  /** Bytes in a derived secret. */
  public static final int SECRET_BYTES = 32;

  private HandshakeSecrets() {}

  /**
   * The key hyperdht seals its PEER_HOLEPUNCH payloads with: keyed BLAKE2b-256 of {@code
   * namespace} (hyperdht's {@code NS_PEER_HOLEPUNCH}) under the full 64-byte handshake hash.
   *
   * @throws IllegalArgumentException if the hash is not 64 bytes
   */
  public static byte[] holepunchSecret(Blake2b crypto, byte[] namespace, byte[] handshakeHash) {
    Objects.requireNonNull(namespace, "namespace");
    if (handshakeHash.length != Blake2b.HASH64_BYTES) {
      throw new IllegalArgumentException(
          "handshake hash must be " + Blake2b.HASH64_BYTES + " bytes, got " + handshakeHash.length);
    }
    return crypto.keyedHash(SECRET_BYTES, handshakeHash, namespace);
  }

  /** As above, from a completed handshake. */
  public static byte[] holepunchSecret(Blake2b crypto, byte[] namespace, HandshakeResult result) {
    return holepunchSecret(crypto, namespace, result.handshakeHash());
  }
}
