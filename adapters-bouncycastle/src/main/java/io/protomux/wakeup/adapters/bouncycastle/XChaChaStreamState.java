package io.protomux.wakeup.adapters.bouncycastle;

import java.util.Arrays;
import org.bouncycastle.util.Pack;

/**
 * The state both halves of a libsodium secretstream share: the ChaCha20 key and the 12-byte nonce
 * (a 32-bit little-endian counter followed by an 8-byte inner nonce), with the ChaCha20 block
 * function and the Poly1305 MAC written out here over ints, so that a message costs no allocation
 * and no cipher set-up: messages of a wakeup stream are a few dozen bytes, where Bouncy Castle's
 * engines spend more time being initialised (per message: two parameter objects, a key schedule,
 * a MAC key) than computing. Single-threaded, like the streams that own it.
 *
 * <p>A message runs {@link #start}, {@link #crypt}/{@link #authenticate}, {@link #finishMac},
 * and only then {@link #advance}; nothing before {@code advance} changes the key or nonce, which
 * is what lets a pull that fails authentication leave the stream as it was.
 */
final class XChaChaStreamState {
  static final int TAG_REKEY = 2;

  private static final int KEY_BYTES = 32;
  private static final int COUNTER_BYTES = 4;
  private static final int INONCE_BYTES = 8;
  private static final int BLOCK_BYTES = 64;
  private static final int MASK26 = 0x3ffffff;

  // ChaCha20 key words, and the nonce words: [0] the message counter, [1..2] the inner nonce.
  private final int[] key = new int[8];
  private final int[] nonce = new int[3];

  // Keystream of the current message: the block function's output, as bytes, and how much of it
  // crypt() has used; the block counter of the next block.
  private final int[] words = new int[16];
  private final byte[] keystream = new byte[BLOCK_BYTES];
  private int keystreamUsed = BLOCK_BYTES;
  private int nextBlock;

  // Poly1305 (26-bit limbs, as poly1305-donna): r, 5r, the accumulator, the final pad (s), and
  // up to 15 bytes of input waiting to make a block.
  private int r0;
  private int r1;
  private int r2;
  private int r3;
  private int r4;
  private int h0;
  private int h1;
  private int h2;
  private int h3;
  private int h4;
  private final int[] pad = new int[4];
  private final byte[] partial = new byte[16];
  private int partialLength;

  /** init_push / init_pull: sizes are the caller's to check. */
  XChaChaStreamState(byte[] streamKey, byte[] header) {
    byte[] subkey = new byte[KEY_BYTES];
    HChaCha20.derive(streamKey, header, 0, subkey, 0);
    for (int i = 0; i < 8; i++) {
      key[i] = Pack.littleEndianToInt(subkey, 4 * i);
    }
    Arrays.fill(subkey, (byte) 0);
    nonce[1] = Pack.littleEndianToInt(header, HChaCha20.INPUT_BYTES);
    nonce[2] = Pack.littleEndianToInt(header, HChaCha20.INPUT_BYTES + 4);
    resetCounter();
  }

  /**
   * Keys the MAC from keystream block 0, then runs the 64-byte tag block through keystream block 1
   * and feeds its encrypted form to the MAC. Leaves the cipher at block 2, where the message body
   * starts.
   *
   * @param first the tag byte: in clear when pushing, encrypted when pulling
   * @param firstIsEncrypted whether {@code first} is the encrypted form
   * @return {@code first} in its other form (encrypted tag on push, clear tag on pull)
   */
  int start(int first, boolean firstIsEncrypted) {
    block(0, false); // only its words: the MAC key
    initMac();
    block(1, false);
    // The tag block is the tag byte and 63 zeros, so its encryption is the keystream itself with
    // the first byte replaced; no additional data, so libsodium's empty AD adds nothing here.
    // It goes to the MAC straight from the block function's words, never as bytes.
    int[] w = words;
    int other = (w[0] ^ first) & 0xff;
    int encryptedTag = firstIsEncrypted ? first : other;
    absorb((w[0] & ~0xff) | encryptedTag, w[1], w[2], w[3], 1 << 24);
    absorb(w[4], w[5], w[6], w[7], 1 << 24);
    absorb(w[8], w[9], w[10], w[11], 1 << 24);
    absorb(w[12], w[13], w[14], w[15], 1 << 24);
    nextBlock = 2;
    keystreamUsed = BLOCK_BYTES;
    return other;
  }

  /** XORs the next {@code length} keystream bytes over the input into {@code out}. */
  void crypt(byte[] in, int inOffset, int length, byte[] out, int outOffset) {
    while (length > 0) {
      if (keystreamUsed == BLOCK_BYTES) {
        boolean whole = length >= BLOCK_BYTES;
        block(nextBlock++, !whole);
        if (whole) {
          // A whole block: XOR a word at a time, straight from the block function's output.
          for (int i = 0; i < 16; i++) {
            int at = 4 * i;
            Pack.intToLittleEndian(Pack.littleEndianToInt(in, inOffset + at) ^ words[i], out, outOffset + at);
          }
          inOffset += BLOCK_BYTES;
          outOffset += BLOCK_BYTES;
          length -= BLOCK_BYTES;
          continue;
        }
        keystreamUsed = 0;
      }
      int n = Math.min(length, BLOCK_BYTES - keystreamUsed);
      for (int i = 0; i < n; i++) {
        out[outOffset + i] = (byte) (in[inOffset + i] ^ keystream[keystreamUsed + i]);
      }
      keystreamUsed += n;
      inOffset += n;
      outOffset += n;
      length -= n;
    }
  }

  /** Feeds message ciphertext to the MAC. */
  void authenticate(byte[] ciphertext, int offset, int length) {
    macUpdate(ciphertext, offset, length);
  }

  /** Completes the MAC of a {@code messageLength}-byte body, writing 16 bytes to {@code mac}. */
  void finishMac(int messageLength, byte[] mac, int macOffset) {
    // libsodium pads with (0x10 - 64 + mlen) & 0xf zeros, which is mlen mod 16 rather than the
    // amount that would align 64 + mlen to 16; interoperating means repeating that exactly.
    macZeros((0x10 - BLOCK_BYTES + messageLength) & 0xf);
    // The lengths block: 64 bits of additional-data length (0), 64 bits of 64 + mlen.
    long total = (long) BLOCK_BYTES + messageLength;
    macZeros(8);
    for (int i = 0; i < 8; i++) {
      macByte((byte) (total >>> (8 * i)));
    }
    macFinish(mac, macOffset);
    Arrays.fill(keystream, (byte) 0);
  }

  /** Moves to the next message after one with this MAC and tag was pushed or accepted. */
  void advance(byte[] mac, int macOffset, int tag) {
    nonce[1] ^= Pack.littleEndianToInt(mac, macOffset);
    nonce[2] ^= Pack.littleEndianToInt(mac, macOffset + 4);
    // libsodium increments only the 4 counter bytes (sodium-javascript carries into the inner
    // nonce, which differs once the counter wraps; native libsodium is the reference here).
    nonce[0]++;
    if ((tag & TAG_REKEY) != 0 || nonce[0] == 0) {
      rekey();
    }
  }

  /** crypto_secretstream_xchacha20poly1305_rekey: key and inner nonce XOR their own keystream. */
  void rekey() {
    block(0, false);
    for (int i = 0; i < 8; i++) {
      key[i] ^= words[i];
    }
    nonce[1] ^= words[8];
    nonce[2] ^= words[9];
    Arrays.fill(words, 0);
    Arrays.fill(keystream, (byte) 0);
    keystreamUsed = BLOCK_BYTES;
    resetCounter();
  }

  /** Test hook: reaching a counter wrap by pushing 2^32 messages is not practical. */
  void setCounter(int counter) {
    nonce[0] = counter;
  }

  /** Test hook: the 32-bit message counter. */
  int counter() {
    return nonce[0];
  }

  private void resetCounter() {
    setCounter(1);
  }

  // ---- ChaCha20 (RFC 8439 block function: 32-bit block counter, 96-bit nonce) ----

  /**
   * Computes keystream block {@code counter} into {@link #words}, and into {@link #keystream} as
   * bytes if {@code bytes}.
   */
  private void block(int counter, boolean bytes) {
    int x0 = 0x61707865;
    int x1 = 0x3320646e;
    int x2 = 0x79622d32;
    int x3 = 0x6b206574;
    int x4 = key[0];
    int x5 = key[1];
    int x6 = key[2];
    int x7 = key[3];
    int x8 = key[4];
    int x9 = key[5];
    int x10 = key[6];
    int x11 = key[7];
    int x12 = counter;
    int x13 = nonce[0];
    int x14 = nonce[1];
    int x15 = nonce[2];
    for (int i = 0; i < 10; i++) {
      // Column rounds.
      x0 += x4;
      x12 = Integer.rotateLeft(x12 ^ x0, 16);
      x8 += x12;
      x4 = Integer.rotateLeft(x4 ^ x8, 12);
      x0 += x4;
      x12 = Integer.rotateLeft(x12 ^ x0, 8);
      x8 += x12;
      x4 = Integer.rotateLeft(x4 ^ x8, 7);
      x1 += x5;
      x13 = Integer.rotateLeft(x13 ^ x1, 16);
      x9 += x13;
      x5 = Integer.rotateLeft(x5 ^ x9, 12);
      x1 += x5;
      x13 = Integer.rotateLeft(x13 ^ x1, 8);
      x9 += x13;
      x5 = Integer.rotateLeft(x5 ^ x9, 7);
      x2 += x6;
      x14 = Integer.rotateLeft(x14 ^ x2, 16);
      x10 += x14;
      x6 = Integer.rotateLeft(x6 ^ x10, 12);
      x2 += x6;
      x14 = Integer.rotateLeft(x14 ^ x2, 8);
      x10 += x14;
      x6 = Integer.rotateLeft(x6 ^ x10, 7);
      x3 += x7;
      x15 = Integer.rotateLeft(x15 ^ x3, 16);
      x11 += x15;
      x7 = Integer.rotateLeft(x7 ^ x11, 12);
      x3 += x7;
      x15 = Integer.rotateLeft(x15 ^ x3, 8);
      x11 += x15;
      x7 = Integer.rotateLeft(x7 ^ x11, 7);
      // Diagonal rounds.
      x0 += x5;
      x15 = Integer.rotateLeft(x15 ^ x0, 16);
      x10 += x15;
      x5 = Integer.rotateLeft(x5 ^ x10, 12);
      x0 += x5;
      x15 = Integer.rotateLeft(x15 ^ x0, 8);
      x10 += x15;
      x5 = Integer.rotateLeft(x5 ^ x10, 7);
      x1 += x6;
      x12 = Integer.rotateLeft(x12 ^ x1, 16);
      x11 += x12;
      x6 = Integer.rotateLeft(x6 ^ x11, 12);
      x1 += x6;
      x12 = Integer.rotateLeft(x12 ^ x1, 8);
      x11 += x12;
      x6 = Integer.rotateLeft(x6 ^ x11, 7);
      x2 += x7;
      x13 = Integer.rotateLeft(x13 ^ x2, 16);
      x8 += x13;
      x7 = Integer.rotateLeft(x7 ^ x8, 12);
      x2 += x7;
      x13 = Integer.rotateLeft(x13 ^ x2, 8);
      x8 += x13;
      x7 = Integer.rotateLeft(x7 ^ x8, 7);
      x3 += x4;
      x14 = Integer.rotateLeft(x14 ^ x3, 16);
      x9 += x14;
      x4 = Integer.rotateLeft(x4 ^ x9, 12);
      x3 += x4;
      x14 = Integer.rotateLeft(x14 ^ x3, 8);
      x9 += x14;
      x4 = Integer.rotateLeft(x4 ^ x9, 7);
    }
    int[] w = words;
    w[0] = x0 + 0x61707865;
    w[1] = x1 + 0x3320646e;
    w[2] = x2 + 0x79622d32;
    w[3] = x3 + 0x6b206574;
    w[4] = x4 + key[0];
    w[5] = x5 + key[1];
    w[6] = x6 + key[2];
    w[7] = x7 + key[3];
    w[8] = x8 + key[4];
    w[9] = x9 + key[5];
    w[10] = x10 + key[6];
    w[11] = x11 + key[7];
    w[12] = x12 + counter;
    w[13] = x13 + nonce[0];
    w[14] = x14 + nonce[1];
    w[15] = x15 + nonce[2];
    if (bytes) {
      for (int i = 0; i < 16; i++) {
        Pack.intToLittleEndian(w[i], keystream, 4 * i);
      }
    }
  }

  // ---- Poly1305 (poly1305-donna, 32-bit limbs) ----

  /** Keys the MAC with the first 32 bytes of the keystream block just computed. */
  private void initMac() {
    int[] w = words;
    // r = first 16 bytes, clamped, as five 26-bit limbs.
    int t0 = w[0];
    int t1 = w[1];
    int t2 = w[2];
    int t3 = w[3];
    r0 = t0 & 0x3ffffff;
    r1 = ((t0 >>> 26) | (t1 << 6)) & 0x3ffff03;
    r2 = ((t1 >>> 20) | (t2 << 12)) & 0x3ffc0ff;
    r3 = ((t2 >>> 14) | (t3 << 18)) & 0x3f03fff;
    r4 = (t3 >>> 8) & 0x00fffff;
    pad[0] = w[4];
    pad[1] = w[5];
    pad[2] = w[6];
    pad[3] = w[7];
    h0 = 0;
    h1 = 0;
    h2 = 0;
    h3 = 0;
    h4 = 0;
    partialLength = 0;
  }

  private void macUpdate(byte[] in, int offset, int length) {
    if (partialLength > 0) {
      int n = Math.min(length, 16 - partialLength);
      System.arraycopy(in, offset, partial, partialLength, n);
      partialLength += n;
      offset += n;
      length -= n;
      if (partialLength < 16) {
        return;
      }
      macBlocks(partial, 0, 16, 1 << 24);
      partialLength = 0;
    }
    int whole = length & ~15;
    if (whole > 0) {
      macBlocks(in, offset, whole, 1 << 24);
    }
    int rest = length - whole;
    if (rest > 0) {
      System.arraycopy(in, offset + whole, partial, 0, rest);
      partialLength = rest;
    }
  }

  private void macZeros(int count) {
    for (int i = 0; i < count; i++) {
      macByte((byte) 0);
    }
  }

  private void macByte(byte b) {
    partial[partialLength++] = b;
    if (partialLength == 16) {
      macBlocks(partial, 0, 16, 1 << 24);
      partialLength = 0;
    }
  }

  /** Absorbs {@code length} bytes (a multiple of 16) as whole blocks. */
  private void macBlocks(byte[] m, int offset, int length, int hibit) {
    for (int end = offset + length; offset < end; offset += 16) {
      absorb(
          Pack.littleEndianToInt(m, offset),
          Pack.littleEndianToInt(m, offset + 4),
          Pack.littleEndianToInt(m, offset + 8),
          Pack.littleEndianToInt(m, offset + 12),
          hibit);
    }
  }

  /** One 16-byte block, as four little-endian words, into the accumulator: h = (h + m) r. */
  private void absorb(int m0, int m1, int m2, int m3, int hibit) {
    final int s1 = r1 * 5;
    final int s2 = r2 * 5;
    final int s3 = r3 * 5;
    final int s4 = r4 * 5;
    int a0 = h0 + (m0 & MASK26);
    int a1 = h1 + (((m0 >>> 26) | (m1 << 6)) & MASK26);
    int a2 = h2 + (((m1 >>> 20) | (m2 << 12)) & MASK26);
    int a3 = h3 + (((m2 >>> 14) | (m3 << 18)) & MASK26);
    int a4 = h4 + ((m3 >>> 8) | hibit);

    long d0 = (long) a0 * r0 + (long) a1 * s4 + (long) a2 * s3 + (long) a3 * s2 + (long) a4 * s1;
    long d1 = (long) a0 * r1 + (long) a1 * r0 + (long) a2 * s4 + (long) a3 * s3 + (long) a4 * s2;
    long d2 = (long) a0 * r2 + (long) a1 * r1 + (long) a2 * r0 + (long) a3 * s4 + (long) a4 * s3;
    long d3 = (long) a0 * r3 + (long) a1 * r2 + (long) a2 * r1 + (long) a3 * r0 + (long) a4 * s4;
    long d4 = (long) a0 * r4 + (long) a1 * r3 + (long) a2 * r2 + (long) a3 * r1 + (long) a4 * r0;

    long c = d0 >>> 26;
    a0 = (int) d0 & MASK26;
    d1 += c;
    c = d1 >>> 26;
    a1 = (int) d1 & MASK26;
    d2 += c;
    c = d2 >>> 26;
    a2 = (int) d2 & MASK26;
    d3 += c;
    c = d3 >>> 26;
    a3 = (int) d3 & MASK26;
    d4 += c;
    c = d4 >>> 26;
    a4 = (int) d4 & MASK26;
    a0 += (int) c * 5;
    a1 += a0 >>> 26;
    a0 &= MASK26;
    h0 = a0;
    h1 = a1;
    h2 = a2;
    h3 = a3;
    h4 = a4;
  }

  private void macFinish(byte[] out, int outOffset) {
    if (partialLength > 0) {
      partial[partialLength] = 1;
      Arrays.fill(partial, partialLength + 1, 16, (byte) 0);
      macBlocks(partial, 0, 16, 0);
      partialLength = 0;
    }
    // Fully carry h.
    int c = h1 >>> 26;
    h1 &= MASK26;
    h2 += c;
    c = h2 >>> 26;
    h2 &= MASK26;
    h3 += c;
    c = h3 >>> 26;
    h3 &= MASK26;
    h4 += c;
    c = h4 >>> 26;
    h4 &= MASK26;
    h0 += c * 5;
    c = h0 >>> 26;
    h0 &= MASK26;
    h1 += c;

    // g = h + 5 - 2^130; keep h if g is negative (h < p), else g.
    int g0 = h0 + 5;
    c = g0 >>> 26;
    g0 &= MASK26;
    int g1 = h1 + c;
    c = g1 >>> 26;
    g1 &= MASK26;
    int g2 = h2 + c;
    c = g2 >>> 26;
    g2 &= MASK26;
    int g3 = h3 + c;
    c = g3 >>> 26;
    g3 &= MASK26;
    int g4 = h4 + c - (1 << 26);
    int select = (g4 >>> 31) - 1; // all ones when g4 >= 0
    int keep = ~select;
    h0 = (h0 & keep) | (g0 & select);
    h1 = (h1 & keep) | (g1 & select);
    h2 = (h2 & keep) | (g2 & select);
    h3 = (h3 & keep) | (g3 & select);
    h4 = (h4 & keep) | (g4 & select);

    // h mod 2^128, plus s.
    long f0 = ((h0) | (h1 << 26)) & 0xffffffffL;
    long f1 = ((h1 >>> 6) | (h2 << 20)) & 0xffffffffL;
    long f2 = ((h2 >>> 12) | (h3 << 14)) & 0xffffffffL;
    long f3 = ((h3 >>> 18) | (h4 << 8)) & 0xffffffffL;
    long f = f0 + (pad[0] & 0xffffffffL);
    Pack.intToLittleEndian((int) f, out, outOffset);
    f = f1 + (pad[1] & 0xffffffffL) + (f >>> 32);
    Pack.intToLittleEndian((int) f, out, outOffset + 4);
    f = f2 + (pad[2] & 0xffffffffL) + (f >>> 32);
    Pack.intToLittleEndian((int) f, out, outOffset + 8);
    f = f3 + (pad[3] & 0xffffffffL) + (f >>> 32);
    Pack.intToLittleEndian((int) f, out, outOffset + 12);

    h0 = 0;
    h1 = 0;
    h2 = 0;
    h3 = 0;
    h4 = 0;
    r0 = 0;
    r1 = 0;
    r2 = 0;
    r3 = 0;
    r4 = 0;
    Arrays.fill(pad, 0);
    Arrays.fill(partial, (byte) 0);
  }
}
