package io.protomux.wakeup.adapters.bouncycastle;

import java.util.Arrays;
import java.util.HexFormat;

/**
 * Variable-base scalar multiplication on edwards25519, which Bouncy Castle does not expose.
 *
 * <p>Both variants recode the scalar into 64 signed radix-16 digits in [-8, 8] (as libsodium's
 * {@code ge25519_scalarmult} does) and walk them from the top: four doublings, then one addition of
 * a multiple from a table of 1P..8P. {@link #multiply} reads the table by scanning every entry with
 * masks and negates with masks, so neither timing nor memory access depends on the scalar; {@link
 * #multiplyVar} indexes directly and is only for public scalars.
 */
final class EdwardsScalarMult {
  static final int SCALAR_BYTES = 32;

  private static final int DIGITS = 64;
  private static final int TABLE_SIZE = 8;

  /** L = 2^252 + 27742317777372353535851937790883648493, the order of the base point. */
  private static final byte[] GROUP_ORDER =
      HexFormat.of().parseHex("edd3f55c1a631258d69cf7a2def9de1400000000000000000000000000000010");

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
   * {@code scalar * p} for a public scalar; same conventions as {@link #multiply}, not
   * constant-time.
   */
  static EdwardsPoint multiplyVar(byte[] scalar, EdwardsPoint p) {
    int[] digits = signedRadix16(scalar);
    CachedPoint[] table = multiples(p);
    CachedPoint negated = new CachedPoint();
    EdwardsPoint accumulator = EdwardsPoint.identity();
    for (int i = DIGITS - 1; i >= 0; i--) {
      if (i != DIGITS - 1) {
        timesSixteen(accumulator);
      }
      int digit = digits[i];
      if (digit > 0) {
        accumulator.add(table[digit - 1]);
      } else if (digit < 0) {
        negated.cmov(-1, table[-digit - 1]);
        negated.cnegate(1);
        accumulator.add(negated);
      }
    }
    return accumulator;
  }

  /**
   * Whether {@code L * p} is the neutral element, i.e. p lies in the prime-order subgroup. Like
   * current libsodium it checks both {@code X = 0} and {@code Y = Z}; libsodium before late 2025
   * tested X only and so also let through points of order 2L. Variable-time: p is public.
   */
  static boolean isInPrimeOrderSubgroupVar(EdwardsPoint p) {
    return multiplyVar(GROUP_ORDER, p).isIdentityVar();
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
