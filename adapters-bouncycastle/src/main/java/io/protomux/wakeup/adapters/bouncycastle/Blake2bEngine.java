package io.protomux.wakeup.adapters.bouncycastle;

import java.util.Arrays;
import org.bouncycastle.util.Pack;

/**
 * BLAKE2b (RFC 7693) with an optional key and any output length from 1 to 64 bytes (no salt or
 * personalisation, which nothing here uses), reusable: {@link #init} starts a new hash in the same
 * arrays. The stack hashes a few dozen bytes at a time (capability proofs, Noise's chaining and
 * handshake hashes, HMAC and HKDF), where Bouncy Castle's digest spends more on its set-up (new
 * state arrays on every construction and compression, a registrar lookup) than on hashing; this
 * one allocates nothing after construction. Not thread-safe.
 */
final class Blake2bEngine {
  static final int BLOCK_BYTES = 128;
  static final int MAX_OUTPUT_BYTES = 64;
  static final int MAX_KEY_BYTES = 64;

  private static final long IV0 = 0x6a09e667f3bcc908L;
  private static final long IV1 = 0xbb67ae8584caa73bL;
  private static final long IV2 = 0x3c6ef372fe94f82bL;
  private static final long IV3 = 0xa54ff53a5f1d36f1L;
  private static final long IV4 = 0x510e527fade682d1L;
  private static final long IV5 = 0x9b05688c2b3e6c1fL;
  private static final long IV6 = 0x1f83d9abfb41bd6bL;
  private static final long IV7 = 0x5be0cd19137e2179L;

  private static final byte[] SIGMA = {
    0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15,
    14, 10, 4, 8, 9, 15, 13, 6, 1, 12, 0, 2, 11, 7, 5, 3,
    11, 8, 12, 0, 5, 2, 15, 13, 10, 14, 3, 6, 7, 1, 9, 4,
    7, 9, 3, 1, 13, 12, 11, 14, 2, 6, 5, 10, 4, 0, 15, 8,
    9, 0, 5, 7, 2, 4, 10, 15, 14, 1, 11, 12, 6, 8, 3, 13,
    2, 12, 6, 10, 0, 11, 8, 3, 4, 13, 7, 5, 15, 14, 1, 9,
    12, 5, 1, 15, 14, 13, 4, 10, 0, 7, 6, 3, 9, 2, 8, 11,
    13, 11, 7, 14, 12, 1, 3, 9, 5, 0, 15, 4, 8, 6, 2, 10,
    6, 15, 14, 9, 11, 3, 0, 8, 12, 2, 13, 7, 1, 4, 10, 5,
    10, 2, 8, 4, 7, 6, 1, 5, 15, 11, 9, 14, 3, 12, 13, 0,
    0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15,
    14, 10, 4, 8, 9, 15, 13, 6, 1, 12, 0, 2, 11, 7, 5, 3,
  };

  private final long[] h = new long[8];
  private final long[] m = new long[16];
  private final byte[] buffer = new byte[BLOCK_BYTES];
  private int buffered;
  private long counter; // bytes compressed so far (the 128-bit counter's low half is enough here)
  private int outputBytes;

  /**
   * Starts a new hash.
   *
   * @param outputBytes 1 to 64
   * @param key up to 64 bytes; null or empty for an unkeyed hash
   */
  void init(int outputBytes, byte[] key) {
    int keyBytes = key == null ? 0 : key.length;
    if (outputBytes < 1 || outputBytes > MAX_OUTPUT_BYTES || keyBytes > MAX_KEY_BYTES) {
      throw new IllegalArgumentException(
          "BLAKE2b needs an output of 1 to 64 bytes and a key of at most 64, got "
              + outputBytes + " and " + keyBytes);
    }
    this.outputBytes = outputBytes;
    h[0] = IV0 ^ (0x01010000L | ((long) keyBytes << 8) | outputBytes);
    h[1] = IV1;
    h[2] = IV2;
    h[3] = IV3;
    h[4] = IV4;
    h[5] = IV5;
    h[6] = IV6;
    h[7] = IV7;
    counter = 0;
    buffered = 0;
    Arrays.fill(buffer, (byte) 0);
    if (keyBytes > 0) {
      // The key, zero-padded, is the first block.
      System.arraycopy(key, 0, buffer, 0, keyBytes);
      buffered = BLOCK_BYTES;
    }
  }

  void update(byte[] in, int offset, int length) {
    while (length > 0) {
      if (buffered == BLOCK_BYTES) {
        // Only now is it known not to be the last block.
        counter += BLOCK_BYTES;
        compress(buffer, 0, false);
        buffered = 0;
      }
      if (buffered == 0 && length > BLOCK_BYTES) {
        counter += BLOCK_BYTES;
        compress(in, offset, false);
        offset += BLOCK_BYTES;
        length -= BLOCK_BYTES;
        continue;
      }
      int n = Math.min(length, BLOCK_BYTES - buffered);
      System.arraycopy(in, offset, buffer, buffered, n);
      buffered += n;
      offset += n;
      length -= n;
    }
  }

  void update(byte[] in) {
    update(in, 0, in.length);
  }

  /** Writes the hash's {@code outputBytes} bytes to {@code out} at {@code offset}. */
  void doFinal(byte[] out, int offset) {
    counter += buffered;
    Arrays.fill(buffer, buffered, BLOCK_BYTES, (byte) 0);
    compress(buffer, 0, true);
    int full = outputBytes / 8;
    for (int i = 0; i < full; i++) {
      Pack.longToLittleEndian(h[i], out, offset + 8 * i);
    }
    for (int i = full * 8; i < outputBytes; i++) {
      out[offset + i] = (byte) (h[i / 8] >>> (8 * (i % 8)));
    }
    Arrays.fill(buffer, (byte) 0);
    Arrays.fill(m, 0);
  }

  /** The hash in a new array of {@code outputBytes}. */
  byte[] doFinal() {
    byte[] out = new byte[outputBytes];
    doFinal(out, 0);
    return out;
  }

  private void compress(byte[] block, int offset, boolean last) {
    long[] w = m;
    for (int i = 0; i < 16; i++) {
      w[i] = Pack.littleEndianToLong(block, offset + 8 * i);
    }
    long v0 = h[0];
    long v1 = h[1];
    long v2 = h[2];
    long v3 = h[3];
    long v4 = h[4];
    long v5 = h[5];
    long v6 = h[6];
    long v7 = h[7];
    long v8 = IV0;
    long v9 = IV1;
    long v10 = IV2;
    long v11 = IV3;
    long v12 = IV4 ^ counter;
    long v13 = IV5; // the counter's high half: messages here stay far below 2^64 bytes
    long v14 = last ? ~IV6 : IV6;
    long v15 = IV7;
    for (int r = 0, s = 0; r < 12; r++, s += 16) {
      // G(v0, v4, v8, v12)
      v0 += v4 + w[SIGMA[s]];
      v12 = Long.rotateRight(v12 ^ v0, 32);
      v8 += v12;
      v4 = Long.rotateRight(v4 ^ v8, 24);
      v0 += v4 + w[SIGMA[s + 1]];
      v12 = Long.rotateRight(v12 ^ v0, 16);
      v8 += v12;
      v4 = Long.rotateRight(v4 ^ v8, 63);
      // G(v1, v5, v9, v13)
      v1 += v5 + w[SIGMA[s + 2]];
      v13 = Long.rotateRight(v13 ^ v1, 32);
      v9 += v13;
      v5 = Long.rotateRight(v5 ^ v9, 24);
      v1 += v5 + w[SIGMA[s + 3]];
      v13 = Long.rotateRight(v13 ^ v1, 16);
      v9 += v13;
      v5 = Long.rotateRight(v5 ^ v9, 63);
      // G(v2, v6, v10, v14)
      v2 += v6 + w[SIGMA[s + 4]];
      v14 = Long.rotateRight(v14 ^ v2, 32);
      v10 += v14;
      v6 = Long.rotateRight(v6 ^ v10, 24);
      v2 += v6 + w[SIGMA[s + 5]];
      v14 = Long.rotateRight(v14 ^ v2, 16);
      v10 += v14;
      v6 = Long.rotateRight(v6 ^ v10, 63);
      // G(v3, v7, v11, v15)
      v3 += v7 + w[SIGMA[s + 6]];
      v15 = Long.rotateRight(v15 ^ v3, 32);
      v11 += v15;
      v7 = Long.rotateRight(v7 ^ v11, 24);
      v3 += v7 + w[SIGMA[s + 7]];
      v15 = Long.rotateRight(v15 ^ v3, 16);
      v11 += v15;
      v7 = Long.rotateRight(v7 ^ v11, 63);
      // G(v0, v5, v10, v15)
      v0 += v5 + w[SIGMA[s + 8]];
      v15 = Long.rotateRight(v15 ^ v0, 32);
      v10 += v15;
      v5 = Long.rotateRight(v5 ^ v10, 24);
      v0 += v5 + w[SIGMA[s + 9]];
      v15 = Long.rotateRight(v15 ^ v0, 16);
      v10 += v15;
      v5 = Long.rotateRight(v5 ^ v10, 63);
      // G(v1, v6, v11, v12)
      v1 += v6 + w[SIGMA[s + 10]];
      v12 = Long.rotateRight(v12 ^ v1, 32);
      v11 += v12;
      v6 = Long.rotateRight(v6 ^ v11, 24);
      v1 += v6 + w[SIGMA[s + 11]];
      v12 = Long.rotateRight(v12 ^ v1, 16);
      v11 += v12;
      v6 = Long.rotateRight(v6 ^ v11, 63);
      // G(v2, v7, v8, v13)
      v2 += v7 + w[SIGMA[s + 12]];
      v13 = Long.rotateRight(v13 ^ v2, 32);
      v8 += v13;
      v7 = Long.rotateRight(v7 ^ v8, 24);
      v2 += v7 + w[SIGMA[s + 13]];
      v13 = Long.rotateRight(v13 ^ v2, 16);
      v8 += v13;
      v7 = Long.rotateRight(v7 ^ v8, 63);
      // G(v3, v4, v9, v14)
      v3 += v4 + w[SIGMA[s + 14]];
      v14 = Long.rotateRight(v14 ^ v3, 32);
      v9 += v14;
      v4 = Long.rotateRight(v4 ^ v9, 24);
      v3 += v4 + w[SIGMA[s + 15]];
      v14 = Long.rotateRight(v14 ^ v3, 16);
      v9 += v14;
      v4 = Long.rotateRight(v4 ^ v9, 63);
    }
    h[0] ^= v0 ^ v8;
    h[1] ^= v1 ^ v9;
    h[2] ^= v2 ^ v10;
    h[3] ^= v3 ^ v11;
    h[4] ^= v4 ^ v12;
    h[5] ^= v5 ^ v13;
    h[6] ^= v6 ^ v14;
    h[7] ^= v7 ^ v15;
  }
}
