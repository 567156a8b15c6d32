package io.protomux.wakeup.ports.crypto;

/**
 * BLAKE2b hashing and the constructions the reference builds on it (hypercore-crypto and
 * noise-handshake). Every method is stateless and thread-safe.
 */
public interface Blake2b {
  /** Digest length of {@link #hash(byte[]...)}, {@link #discoveryKey} and the namespace ids. */
  int HASH_BYTES = 32;
  /** Digest length of {@link #hash64(byte[]...)}, {@link #hmac} and each HKDF output. */
  int HASH64_BYTES = 64;

  /** hypercore-crypto {@code hash(parts)}: unkeyed BLAKE2b-256 over the parts concatenated. */
  byte[] hash(byte[]... parts);

  /** Unkeyed BLAKE2b-512 over the parts concatenated (Noise's HASH with HASHLEN 64). */
  byte[] hash64(byte[]... parts);

  /**
   * Keyed BLAKE2b ({@code crypto_generichash} with a key).
   *
   * @param outputBytes digest length, 16 to 64
   * @param key 0 to 64 bytes; empty means unkeyed
   */
  byte[] keyedHash(int outputBytes, byte[] key, byte[]... parts);

  /** hypercore-crypto {@code discoveryKey(key)}: BLAKE2b-256 of ASCII "hypercore" keyed with the key. */
  byte[] discoveryKey(byte[] key);

  /**
   * hypercore-crypto {@code namespace(name, count)}: {@code ns = hash(utf8(name))}, then
   * {@code id_i = hash(ns || byte i)}.
   */
  byte[][] namespace(String name, int count);

  /** HMAC-BLAKE2b-512 (block 128 bytes) over the parts concatenated, as noise-handshake's hmac. */
  byte[] hmac(byte[] key, byte[]... parts);

  /**
   * noise-handshake's {@code hkdf(salt, ikm)} with an empty info: two 64-byte outputs
   * {@code T1 = HMAC(prk, 0x01)}, {@code T2 = HMAC(prk, T1 || 0x02)} where {@code prk = HMAC(salt, ikm)}.
   */
  byte[][] hkdf(byte[] salt, byte[] inputKeyMaterial);
}
