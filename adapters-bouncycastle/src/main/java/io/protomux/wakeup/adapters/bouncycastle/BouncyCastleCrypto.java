package io.protomux.wakeup.adapters.bouncycastle;

import io.protomux.wakeup.ports.crypto.Crypto;
import io.protomux.wakeup.ports.crypto.KeyPair;
import io.protomux.wakeup.ports.crypto.RandomSource;

/**
 * The whole {@link Crypto} port on Bouncy Castle: one object to hand to the stack. Each primitive
 * lives in its own class; this one only routes calls to them.
 */
public final class BouncyCastleCrypto implements Crypto {
  private final RandomSource random;
  private final Blake2bHashing blake2b = new Blake2bHashing();
  private final ChaCha20Poly1305Cipher chachaPoly = new ChaCha20Poly1305Cipher();
  private final Ed25519Curve ed25519;
  private final XChaChaSecretStream secretStream;

  /** A provider drawing from the platform's secure random source. */
  public BouncyCastleCrypto() {
    this(RandomSources.secure());
  }

  /** A provider drawing keys and headers from the given source (seeded for replayable tests). */
  public BouncyCastleCrypto(RandomSource random) {
    this.random = random;
    this.ed25519 = new Ed25519Curve(random);
    this.secretStream = new XChaChaSecretStream(random);
  }

  @Override
  public RandomSource random() {
    return random;
  }

  @Override
  public byte[] hash(byte[]... parts) {
    return blake2b.hash(parts);
  }

  @Override
  public byte[] hash64(byte[]... parts) {
    return blake2b.hash64(parts);
  }

  @Override
  public byte[] keyedHash(int outputBytes, byte[] key, byte[]... parts) {
    return blake2b.keyedHash(outputBytes, key, parts);
  }

  @Override
  public byte[] discoveryKey(byte[] key) {
    return blake2b.discoveryKey(key);
  }

  @Override
  public byte[][] namespace(String name, int count) {
    return blake2b.namespace(name, count);
  }

  @Override
  public byte[] hmac(byte[] key, byte[]... parts) {
    return blake2b.hmac(key, parts);
  }

  @Override
  public byte[][] hkdf(byte[] salt, byte[] inputKeyMaterial) {
    return blake2b.hkdf(salt, inputKeyMaterial);
  }

  @Override
  public KeyPair keyPair(byte[] seed) {
    return ed25519.keyPair(seed);
  }

  @Override
  public KeyPair keyPair() {
    return ed25519.keyPair();
  }

  @Override
  public byte[] dh(byte[] secretKey, byte[] remotePublicKey) {
    return ed25519.dh(secretKey, remotePublicKey);
  }

  @Override
  public byte[] sign(byte[] secretKey, byte[] message) {
    return ed25519.sign(secretKey, message);
  }

  @Override
  public boolean verify(byte[] publicKey, byte[] message, byte[] signature) {
    return ed25519.verify(publicKey, message, signature);
  }

  @Override
  public byte[] encrypt(byte[] key, long counter, byte[] associatedData, byte[] plaintext) {
    return chachaPoly.encrypt(key, counter, associatedData, plaintext);
  }

  @Override
  public byte[] decrypt(byte[] key, long counter, byte[] associatedData, byte[] ciphertext) {
    return chachaPoly.decrypt(key, counter, associatedData, ciphertext);
  }

  @Override
  public Push initPush(byte[] key) {
    return secretStream.initPush(key);
  }

  @Override
  public Push initPush(byte[] key, byte[] header) {
    return secretStream.initPush(key, header);
  }

  @Override
  public Pull initPull(byte[] key, byte[] header) {
    return secretStream.initPull(key, header);
  }
}
