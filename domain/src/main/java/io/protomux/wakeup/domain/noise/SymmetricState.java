package io.protomux.wakeup.domain.noise;

import io.protomux.wakeup.ports.crypto.CryptoException;
import io.protomux.wakeup.ports.crypto.Crypto;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Noise's SymmetricState with HASHLEN 64 (BLAKE2b-512), holding the CipherState inline: the chaining
 * key, the running hash and the current cipher key with its nonce.
 */
final class SymmetricState {
  private static final int HASHLEN = 64;
  private static final int KEYLEN = 32;

  /**
   * Sees the state after each operation, for checking a handshake step by step against a trace
   * of the reference; never set outside tests.
   */
  interface Observer {
    /**
     * @param operation {@code MixHash}, {@code MixKey}, {@code EncryptAndHash} or {@code
     *     DecryptAndHash}
     * @param hash h after the operation (a copy)
     * @param chainingKey ck after the operation (a copy)
     */
    void step(String operation, byte[] hash, byte[] chainingKey);
  }

  private static final Observer NONE = (operation, hash, chainingKey) -> {};

  private final Crypto crypto;
  private final Observer observer;
  private byte[] chainingKey;
  private byte[] hash;
  private byte[] key;
  private long nonce;

  SymmetricState(Crypto crypto, String protocolName) {
    this(crypto, protocolName, null);
  }

  SymmetricState(Crypto crypto, String protocolName, Observer observer) {
    this.crypto = crypto;
    this.observer = observer == null ? NONE : observer;
    byte[] name = protocolName.getBytes(StandardCharsets.US_ASCII);
    // Names up to HASHLEN bytes are used zero-padded rather than hashed (Noise spec 5.2).
    hash = name.length <= HASHLEN ? Arrays.copyOf(name, HASHLEN) : crypto.hash64(name);
    chainingKey = hash.clone();
  }

  /** An independent copy of this state, to try a message without committing to it. */
  SymmetricState copy() {
    return new SymmetricState(this);
  }

  private SymmetricState(SymmetricState other) {
    this.crypto = other.crypto;
    this.observer = other.observer;
    this.chainingKey = other.chainingKey.clone();
    this.hash = other.hash.clone();
    this.key = other.key == null ? null : other.key.clone();
    this.nonce = other.nonce;
  }

  void mixHash(byte[] data) {
    hash = crypto.hash64(hash, data);
    observe("MixHash");
  }

  void mixKey(byte[] inputKeyMaterial) {
    byte[][] out = crypto.hkdf(chainingKey, inputKeyMaterial);
    Arrays.fill(chainingKey, (byte) 0);
    chainingKey = out[0];
    setKey(Arrays.copyOf(out[1], KEYLEN));
    Arrays.fill(out[1], (byte) 0);
    observe("MixKey");
  }

  byte[] encryptAndHash(byte[] plaintext) {
    byte[] ciphertext = key == null ? plaintext : crypto.encrypt(key, nonce++, hash, plaintext);
    hash = crypto.hash64(hash, ciphertext);
    observe("EncryptAndHash");
    return ciphertext;
  }

  byte[] decryptAndHash(byte[] ciphertext) {
    byte[] plaintext;
    if (key == null) {
      plaintext = ciphertext;
    } else {
      try {
        plaintext = crypto.decrypt(key, nonce, hash, ciphertext);
      } catch (CryptoException e) {
        throw new NoiseException("handshake message failed authentication", e);
      }
      nonce++;
    }
    hash = crypto.hash64(hash, ciphertext);
    observe("DecryptAndHash");
    return plaintext;
  }

  boolean hasKey() {
    return key != null;
  }

  byte[] handshakeHash() {
    return hash.clone();
  }

  /** Noise Split(): two 32-byte keys, initiator-to-responder first. */
  byte[][] split() {
    byte[][] out = crypto.hkdf(chainingKey, new byte[0]);
    byte[][] keys = {Arrays.copyOf(out[0], KEYLEN), Arrays.copyOf(out[1], KEYLEN)};
    Arrays.fill(out[0], (byte) 0);
    Arrays.fill(out[1], (byte) 0);
    return keys;
  }

  void wipe() {
    Arrays.fill(chainingKey, (byte) 0);
    if (key != null) {
      Arrays.fill(key, (byte) 0);
    }
  }

  private void observe(String operation) {
    if (observer != NONE) {
      observer.step(operation, hash.clone(), chainingKey.clone());
    }
  }

  private void setKey(byte[] newKey) {
    if (key != null) {
      Arrays.fill(key, (byte) 0);
    }
    key = newKey;
    nonce = 0;
  }
}
