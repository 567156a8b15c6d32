package io.protomux.wakeup.ports.crypto;

/**
 * Ed25519 key pairs and the Diffie-Hellman of noise-curve-ed, which multiplies on the Edwards curve
 * (libsodium's {@code crypto_scalarmult_ed25519_noclamp}) rather than using X25519.
 */
public interface Ed25519 {
  /** Bytes in a DH result. */
  int SHARED_BYTES = 32;

  /** libsodium {@code crypto_sign_seed_keypair}: deterministic key pair from a 32-byte seed. */
  KeyPair keyPair(byte[] seed);

  /** A key pair from a fresh seed drawn from this provider's {@link RandomSource}. */
  KeyPair keyPair();

  /**
   * noise-curve-ed {@code dh(publicKey, keyPair)}: the scalar is SHA-512(seed)[0..32] clamped, the
   * result the compressed Edwards point {@code scalar * publicKey}.
   *
   * @param secretKey the 64-byte libsodium secret key of the local side
   * @param remotePublicKey the remote's 32-byte Ed25519 public key
   * @throws CryptoException when libsodium would refuse: a non-canonical encoding, a point not on
   *     the curve, of small order or off the prime-order subgroup, or an identity result
   */
  byte[] dh(byte[] secretKey, byte[] remotePublicKey);
}
