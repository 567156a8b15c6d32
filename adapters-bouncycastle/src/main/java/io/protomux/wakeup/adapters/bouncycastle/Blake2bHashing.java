package io.protomux.wakeup.adapters.bouncycastle;

import io.protomux.wakeup.ports.crypto.Blake2b;
import java.nio.charset.StandardCharsets;
import org.bouncycastle.crypto.digests.Blake2bDigest;
import org.bouncycastle.crypto.macs.HMac;
import org.bouncycastle.crypto.params.KeyParameter;

/** {@link Blake2b} on Bouncy Castle's BLAKE2b digest. Stateless; digests are made per call. */
public final class Blake2bHashing implements Blake2b {
  private static final byte[] HYPERCORE = "hypercore".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] NO_KEY = new byte[0];

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
    // Bouncy Castle treats a null key as unkeyed; an empty array would also work but be explicit.
    Blake2bDigest digest =
        new Blake2bDigest(key.length == 0 ? null : key, outputBytes, null, null);
    for (byte[] part : parts) {
      digest.update(part, 0, part.length);
    }
    byte[] out = new byte[outputBytes];
    digest.doFinal(out, 0);
    return out;
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

  @Override
  public byte[] hmac(byte[] key, byte[]... parts) {
    HMac mac = new HMac(new Blake2bDigest(HASH64_BYTES * 8));
    mac.init(new KeyParameter(key));
    for (byte[] part : parts) {
      mac.update(part, 0, part.length);
    }
    byte[] out = new byte[HASH64_BYTES];
    mac.doFinal(out, 0);
    return out;
  }

  @Override
  public byte[][] hkdf(byte[] salt, byte[] inputKeyMaterial) {
    byte[] prk = hmac(salt, inputKeyMaterial);
    byte[] first = hmac(prk, new byte[] {1});
    byte[] second = hmac(prk, first, new byte[] {2});
    java.util.Arrays.fill(prk, (byte) 0);
    return new byte[][] {first, second};
  }
}
