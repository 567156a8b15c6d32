package io.protomux.wakeup.adapters.bouncycastle;

import java.util.Arrays;
import org.bouncycastle.crypto.engines.ChaCha7539Engine;
import org.bouncycastle.crypto.macs.Poly1305;
import org.bouncycastle.crypto.params.KeyParameter;
import org.bouncycastle.crypto.params.ParametersWithIV;
import org.bouncycastle.util.Pack;

/**
 * The state both halves of a libsodium secretstream share: the ChaCha20 key and the 12-byte nonce
 * (a 32-bit little-endian counter followed by an 8-byte inner nonce), plus the cipher, MAC and
 * scratch space reused by every message. Single-threaded, like the streams that own it.
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
  private static final byte[] ZEROS = new byte[16];

  private final byte[] key = new byte[KEY_BYTES];
  private final byte[] nonce = new byte[COUNTER_BYTES + INONCE_BYTES];
  // Bouncy Castle copies key bytes into its parameters, so this is rebuilt whenever key changes.
  private KeyParameter keyParameter;

  private final ChaCha7539Engine chacha = new ChaCha7539Engine();
  private final Poly1305 poly = new Poly1305();
  private final byte[] block = new byte[BLOCK_BYTES];
  private final byte[] lengths = new byte[16];

  /** init_push / init_pull: sizes are the caller's to check. */
  XChaChaStreamState(byte[] streamKey, byte[] header) {
    HChaCha20.derive(streamKey, header, 0, key, 0);
    System.arraycopy(header, HChaCha20.INPUT_BYTES, nonce, COUNTER_BYTES, INONCE_BYTES);
    resetCounter();
    keyParameter = new KeyParameter(key);
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
    chacha.init(true, new ParametersWithIV(keyParameter, nonce));
    Arrays.fill(block, (byte) 0);
    chacha.processBytes(block, 0, BLOCK_BYTES, block, 0);
    poly.init(new KeyParameter(block, 0, 32));

    Arrays.fill(block, (byte) 0);
    block[0] = (byte) first;
    chacha.processBytes(block, 0, BLOCK_BYTES, block, 0);
    int other = block[0] & 0xff;
    if (firstIsEncrypted) {
      block[0] = (byte) first;
    }
    // No additional data, so libsodium's empty AD and its zero-length padding add nothing here.
    poly.update(block, 0, BLOCK_BYTES);
    Arrays.fill(block, (byte) 0);
    return other;
  }

  /** XORs the next {@code length} keystream bytes over the input into {@code out}. */
  void crypt(byte[] in, int inOffset, int length, byte[] out, int outOffset) {
    chacha.processBytes(in, inOffset, length, out, outOffset);
  }

  /** Feeds message ciphertext to the MAC. */
  void authenticate(byte[] ciphertext, int offset, int length) {
    poly.update(ciphertext, offset, length);
  }

  /** Completes the MAC of a {@code messageLength}-byte body, writing 16 bytes to {@code mac}. */
  void finishMac(int messageLength, byte[] mac, int macOffset) {
    // libsodium pads with (0x10 - 64 + mlen) & 0xf zeros, which is mlen mod 16 rather than the
    // amount that would align 64 + mlen to 16; interoperating means repeating that exactly.
    poly.update(ZEROS, 0, (0x10 - BLOCK_BYTES + messageLength) & 0xf);
    Pack.longToLittleEndian(0L, lengths, 0);
    Pack.longToLittleEndian((long) BLOCK_BYTES + messageLength, lengths, 8);
    poly.update(lengths, 0, lengths.length);
    poly.doFinal(mac, macOffset);
  }

  /** Moves to the next message after one with this MAC and tag was pushed or accepted. */
  void advance(byte[] mac, int macOffset, int tag) {
    for (int i = 0; i < INONCE_BYTES; i++) {
      nonce[COUNTER_BYTES + i] ^= mac[macOffset + i];
    }
    // libsodium increments only the 4 counter bytes (sodium-javascript carries into the inner
    // nonce, which differs once the counter wraps; native libsodium is the reference here).
    int counter = Pack.littleEndianToInt(nonce, 0) + 1;
    Pack.intToLittleEndian(counter, nonce, 0);
    if ((tag & TAG_REKEY) != 0 || counter == 0) {
      rekey();
    }
  }

  /** crypto_secretstream_xchacha20poly1305_rekey: key and inner nonce XOR their own keystream. */
  void rekey() {
    byte[] next = new byte[KEY_BYTES + INONCE_BYTES];
    System.arraycopy(key, 0, next, 0, KEY_BYTES);
    System.arraycopy(nonce, COUNTER_BYTES, next, KEY_BYTES, INONCE_BYTES);
    chacha.init(true, new ParametersWithIV(keyParameter, nonce));
    chacha.processBytes(next, 0, next.length, next, 0);
    System.arraycopy(next, 0, key, 0, KEY_BYTES);
    System.arraycopy(next, KEY_BYTES, nonce, COUNTER_BYTES, INONCE_BYTES);
    Arrays.fill(next, (byte) 0);
    resetCounter();
    keyParameter = new KeyParameter(key);
  }

  /** Test hook: reaching a counter wrap by pushing 2^32 messages is not practical. */
  void setCounter(int counter) {
    Pack.intToLittleEndian(counter, nonce, 0);
  }

  /** Test hook: the 32-bit message counter. */
  int counter() {
    return Pack.littleEndianToInt(nonce, 0);
  }

  private void resetCounter() {
    setCounter(1);
  }
}
