package io.protomux.wakeup.ports.crypto;

/**
 * ChaCha20-Poly1305 IETF as the Noise cipher: a 32-byte key and a 12-byte nonce made of four zero
 * bytes and the 64-bit little-endian counter.
 */
public interface ChaChaPoly {
  /** Bytes in the authentication tag appended to every ciphertext. */
  int TAG_BYTES = 16;

  /** Returns {@code ciphertext || tag}. */
  byte[] encrypt(byte[] key, long counter, byte[] associatedData, byte[] plaintext);

  /**
   * Returns the plaintext.
   *
   * @throws CryptoException if the ciphertext is shorter than a tag or does not authenticate
   */
  byte[] decrypt(byte[] key, long counter, byte[] associatedData, byte[] ciphertext);
}
