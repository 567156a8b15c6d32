package io.protomux.wakeup.adapters.bouncycastle;

import java.util.Arrays;

/**
 * Variable-base scalar multiplication on edwards25519, which Bouncy Castle does not expose.
 *
 * <p>The scalar is recoded into 64 signed radix-16 digits in [-8, 8] (as libsodium's {@code
 * ge25519_scalarmult} does), walked from the top: four doublings, then one addition of a multiple
 * from a table of 1P..8P. The table is read by scanning every entry with masks and negated with
 * masks, so neither timing nor memory access depends on the scalar.
 */
final class EdwardsScalarMult {
  static final int SCALAR_BYTES = 32;

  private static final int DIGITS = 64;
  private static final int TABLE_SIZE = 8;

  private EdwardsScalarMult() {}

  /**
   * {@code scalar * p}, constant-time in the scalar. The scalar is 32 bytes little-endian; its top
   * bit is ignored, as libsodium clears it before multiplying. {@code p}'s T must be current.
   */
  static EdwardsPoint multiply(byte[] scalar, EdwardsPoint p) {
    int[] digits = signedRadix16(scalar);
    CachedPoint[] table = multiples(p);
    CachedPoint selected = new CachedPoint();
    EdwardsPoint accumulator = EdwardsPoint.identity();
    try {
      for (int i = DIGITS - 1; i >= 0; i--) {
        if (i != DIGITS - 1) {
          timesSixteen(accumulator);
        }
        select(table, digits[i], selected);
        accumulator.add(selected);
      }
      return accumulator;
    } finally {
      Arrays.fill(digits, 0);
      selected.wipe();
    }
  }

  /**
   * Digits e[i] in [-8, 8] with scalar = sum e[i] 16^i, the scalar's top bit cleared first. The
   * carries are computed arithmetically so that recoding a secret scalar does not branch on it.
   */
  static int[] signedRadix16(byte[] scalar) {
    int[] e = new int[DIGITS];
    for (int i = 0; i < SCALAR_BYTES; i++) {
      int b = scalar[i] & (i == SCALAR_BYTES - 1 ? 0x7f : 0xff);
      e[2 * i] = b & 15;
      e[2 * i + 1] = b >>> 4;
    }
    int carry = 0;
    for (int i = 0; i < DIGITS - 1; i++) {
      e[i] += carry;
      carry = (e[i] + 8) >> 4;
      e[i] -= carry << 4;
    }
    // At most 7 + 1: the cleared top bit is what keeps the last digit inside the table.
    e[DIGITS - 1] += carry;
    return e;
  }

  private static void timesSixteen(EdwardsPoint p) {
    p.doubleInPlaceWithoutT();
    p.doubleInPlaceWithoutT();
    p.doubleInPlaceWithoutT();
    p.doubleInPlace();
  }

  /** 1P, 2P, ..., 8P. */
  private static CachedPoint[] multiples(EdwardsPoint p) {
    CachedPoint[] table = new CachedPoint[TABLE_SIZE];
    table[0] = CachedPoint.of(p);
    EdwardsPoint multiple = p.copy();
    multiple.doubleInPlace();
    table[1] = CachedPoint.of(multiple);
    for (int k = 2; k < TABLE_SIZE; k++) {
      multiple.add(table[0]);
      table[k] = CachedPoint.of(multiple);
    }
    return table;
  }

  /** out = digit * P from the table, touching every entry whatever the digit. */
  private static void select(CachedPoint[] table, int digit, CachedPoint out) {
    int negative = digit >>> 31;
    int magnitude = (digit ^ -negative) + negative;
    out.setIdentity();
    for (int k = 1; k <= TABLE_SIZE; k++) {
      int equal = ((magnitude ^ k) - 1) >> 31;
      out.cmov(equal, table[k - 1]);
    }
    out.cnegate(negative);
  }
}
