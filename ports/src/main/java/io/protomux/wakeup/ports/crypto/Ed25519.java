package io.protomux.wakeup.ports.crypto;

/**
 * Ed25519 key pairs, detached signatures as libsodium makes and checks them (hyperdht signs its
 * announces and mutable values with them), and the Diffie-Hellman of noise-curve-ed, which
 * multiplies on the Edwards curve (libsodium's {@code crypto_scalarmult_ed25519_noclamp}) rather
 * than using X25519.
 */
public interface Ed25519 {
  /** Bytes in a DH result. */
  int SHARED_BYTES = 32;
  /** Bytes in a detached signature. */
  int SIGNATURE_BYTES = 64;

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

  /**
   * libsodium {@code crypto_sign_detached}: the deterministic RFC 8032 signature of {@code
   * message}. As in libsodium, the public key hashed into the signature is the second half of the
   * secret key as given, not one derived again from the seed.
   *
   * @param secretKey the 64-byte libsodium secret key, {@code seed || publicKey}
   * @return 64 bytes, {@code R || S}
   * @throws IllegalArgumentException when the secret key is not 64 bytes
   */
  byte[] sign(byte[] secretKey, byte[] message);

  /**
   * libsodium {@code crypto_sign_verify_detached}: whether {@code signature} is a valid signature
   * of {@code message} by {@code publicKey}. It accepts and refuses what libsodium does: S must be
   * below the group order, R and the public key must not be of small order, and the public key
   * must be canonically encoded and on the curve. Everything the peer controls may be malformed:
   * any other length of key or signature is false, never an exception.
   */
  boolean verify(byte[] publicKey, byte[] message, byte[] signature);
}
