package io.protomux.wakeup.adapters.bouncycastle;

import java.util.Arrays;
import org.bouncycastle.math.ec.rfc7748.X25519Field;

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
  private static final int FIELD_INTS = X25519Field.SIZE;
  private static final int PACKED_LONGS = 2 * FIELD_INTS;

  /** The neutral element (1, 1, 2, 0) as {@link #select} lays entries out. */
  private static final long[] IDENTITY = new long[PACKED_LONGS];

  static {
    pack(new CachedPoint(), IDENTITY, 0);
  }

  private EdwardsScalarMult() {}

  /**
   * {@code scalar * p}, constant-time in the scalar. The scalar is 32 bytes little-endian; its top
   * bit is ignored, as libsodium clears it before multiplying. {@code p}'s T must be current.
   */
  static EdwardsPoint multiply(byte[] scalar, EdwardsPoint p) {
    int[] digits = signedRadix16(scalar);
    long[] table = pack(multiples(p));
    long[] scratch = new long[PACKED_LONGS];
    CachedPoint selected = new CachedPoint();
    EdwardsPoint accumulator = EdwardsPoint.identity();
    try {
      for (int i = DIGITS - 1; i >= 0; i--) {
        if (i != DIGITS - 1) {
          timesSixteen(accumulator);
        }
        select(table, digits[i], scratch, selected);
        accumulator.add(selected);
      }
      return accumulator;
    } finally {
      Arrays.fill(digits, 0);
      Arrays.fill(table, 0);
      Arrays.fill(scratch, 0);
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

  /**
   * The table's entries end to end, two limbs to a long: the masked scan in {@link #select} then
   * touches half as many words as it would limb by limb, and is one plain loop.
   */
  private static long[] pack(CachedPoint[] table) {
    long[] packed = new long[TABLE_SIZE * PACKED_LONGS];
    for (int k = 0; k < TABLE_SIZE; k++) {
      pack(table[k], packed, k * PACKED_LONGS);
    }
    return packed;
  }

  private static void pack(CachedPoint entry, long[] out, int at) {
    int[][] fields = {entry.yPlusX, entry.yMinusX, entry.z2, entry.t2d};
    for (int f = 0; f < fields.length; f++) {
      int[] limbs = fields[f];
      for (int i = 0; i < FIELD_INTS; i += 2) {
        out[at++] = (limbs[i] & 0xffffffffL) | ((long) limbs[i + 1] << 32);
      }
    }
  }

  /** out = digit * P, reading every table entry whatever the digit. */
  private static void select(long[] table, int digit, long[] scratch, CachedPoint out) {
    int negative = digit >>> 31;
    int magnitude = (digit ^ -negative) + negative;
    long isZero = (magnitude - 1) >> 31;
    for (int j = 0; j < PACKED_LONGS; j++) {
      scratch[j] = IDENTITY[j] & isZero;
    }
    for (int k = 1; k <= TABLE_SIZE; k++) {
      long equal = ((magnitude ^ k) - 1) >> 31;
      int at = (k - 1) * PACKED_LONGS;
      for (int j = 0; j < PACKED_LONGS; j++) {
        scratch[j] |= table[at + j] & equal;
      }
    }
    unpack(scratch, 0, out.yPlusX);
    unpack(scratch, FIELD_INTS / 2, out.yMinusX);
    unpack(scratch, FIELD_INTS, out.z2);
    unpack(scratch, 3 * FIELD_INTS / 2, out.t2d);
    out.cnegate(negative);
  }

  private static void unpack(long[] packed, int at, int[] limbs) {
    for (int i = 0; i < FIELD_INTS; i += 2) {
      long pair = packed[at + i / 2];
      limbs[i] = (int) pair;
      limbs[i + 1] = (int) (pair >>> 32);
    }
  }
}
