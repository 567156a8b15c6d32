package io.protomux.wakeup.adapters.bouncycastle;

import java.util.Arrays;
import org.bouncycastle.crypto.engines.ChaChaEngine;
import org.bouncycastle.util.Pack;

/**
 * HChaCha20 (libsodium's {@code crypto_core_hchacha20}): derives the subkey that turns a 24-byte
 * XChaCha20 nonce into an ordinary ChaCha20 key.
 */
final class HChaCha20 {
  static final int KEY_BYTES = 32;
  static final int INPUT_BYTES = 16;
  static final int OUTPUT_BYTES = 32;

  private static final int ROUNDS = 20;
  // "expand 32-byte k", as little-endian words.
  private static final int[] SIGMA = {0x61707865, 0x3320646e, 0x79622d32, 0x6b206574};

  private HChaCha20() {}

  /**
   * Writes the 32-byte subkey of {@code key} and the 16 bytes at {@code input[inputOffset]} to
   * {@code out[outOffset]}.
   */
  static void derive(byte[] key, byte[] input, int inputOffset, byte[] out, int outOffset) {
    int[] state = new int[16];
    System.arraycopy(SIGMA, 0, state, 0, 4);
    Pack.littleEndianToInt(key, 0, state, 4, 8);
    Pack.littleEndianToInt(input, inputOffset, state, 12, 4);
    int[] mixed = new int[16];
    // Bouncy Castle's core adds the input back in (the block function's feed-forward), which
    // HChaCha20 omits; subtracting it again recovers the bare permutation without duplicating
    // the round function here.
    ChaChaEngine.chachaCore(ROUNDS, state, mixed);
    for (int i = 0; i < 4; i++) {
      Pack.intToLittleEndian(mixed[i] - state[i], out, outOffset + 4 * i);
      Pack.intToLittleEndian(mixed[12 + i] - state[12 + i], out, outOffset + 16 + 4 * i);
    }
    Arrays.fill(state, 0);
    Arrays.fill(mixed, 0);
  }
}
