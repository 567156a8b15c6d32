package io.protomux.wakeup.adapters.bouncycastle;

import io.protomux.wakeup.ports.crypto.Blake2b;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * {@link Blake2b} on {@link Blake2bEngine}. Thread-safe: each thread hashes with an engine of its
 * own, reused from call to call, so a hash allocates only its result.
 */
public final class Blake2bHashing implements Blake2b {
  private static final byte[] HYPERCORE = "hypercore".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] NO_KEY = new byte[0];
  private static final int HMAC_BLOCK_BYTES = Blake2bEngine.BLOCK_BYTES;
  private static final ThreadLocal<Blake2bEngine> ENGINES = ThreadLocal.withInitial(Blake2bEngine::new);

  @Override
  public byte[] hash(byte[]... parts) {
    return keyedHash(HASH_BYTES, NO_KEY, parts);
  }

  @Override
  public byte[] hash64(byte[]... parts) {
    return keyedHash(HASH64_BYTES, NO_KEY, parts);
  }

  @Override
  public byte[] keyedHash(int outputBytes, byte[] key, byte[]... parts) {
    if (outputBytes < 16 || outputBytes > 64) {
      throw new IllegalArgumentException("BLAKE2b output must be 16 to 64 bytes, got " + outputBytes);
    }
    if (key.length > 64) {
      throw new IllegalArgumentException("BLAKE2b key must be at most 64 bytes, got " + key.length);
    }
    Blake2bEngine engine = ENGINES.get();
    engine.init(outputBytes, key);
    for (byte[] part : parts) {
      engine.update(part);
    }
    return engine.doFinal();
  }

  @Override
  public byte[] discoveryKey(byte[] key) {
    return keyedHash(HASH_BYTES, key, HYPERCORE);
  }

  @Override
  public byte[][] namespace(String name, int count) {
    if (count < 0 || count > 256) {
      throw new IllegalArgumentException("namespace count must be 0 to 256, got " + count);
    }
    byte[] ns = hash(name.getBytes(StandardCharsets.UTF_8));
    byte[][] ids = new byte[count][];
    for (int i = 0; i < count; i++) {
      ids[i] = hash(ns, new byte[] {(byte) i});
    }
    return ids;
  }

  /** HMAC (RFC 2104) over unkeyed BLAKE2b-512, whose block is 128 bytes. */
  @Override
  public byte[] hmac(byte[] key, byte[]... parts) {
    Blake2bEngine engine = ENGINES.get();
    byte[] pad = new byte[HMAC_BLOCK_BYTES];
    if (key.length > HMAC_BLOCK_BYTES) {
      engine.init(HASH64_BYTES, null);
      engine.update(key);
      engine.doFinal(pad, 0);
    } else {
      System.arraycopy(key, 0, pad, 0, key.length);
    }
    for (int i = 0; i < HMAC_BLOCK_BYTES; i++) {
      pad[i] ^= 0x36;
    }
    engine.init(HASH64_BYTES, null);
    engine.update(pad);
    for (byte[] part : parts) {
      engine.update(part);
    }
    byte[] inner = engine.doFinal();
    for (int i = 0; i < HMAC_BLOCK_BYTES; i++) {
      pad[i] ^= 0x36 ^ 0x5c;
    }
    engine.init(HASH64_BYTES, null);
    engine.update(pad);
    engine.update(inner);
    byte[] out = engine.doFinal();
    Arrays.fill(pad, (byte) 0);
    Arrays.fill(inner, (byte) 0);
    return out;
  }

  @Override
  public byte[][] hkdf(byte[] salt, byte[] inputKeyMaterial) {
    byte[] prk = hmac(salt, inputKeyMaterial);
    byte[] first = hmac(prk, new byte[] {1});
    byte[] second = hmac(prk, first, new byte[] {2});
    Arrays.fill(prk, (byte) 0);
    return new byte[][] {first, second};
  }
}
