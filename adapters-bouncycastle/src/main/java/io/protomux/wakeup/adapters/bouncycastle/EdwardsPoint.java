package io.protomux.wakeup.adapters.bouncycastle;

import java.util.Arrays;
import java.util.HexFormat;
import org.bouncycastle.math.ec.rfc7748.X25519Field;

/**
 * A mutable point on edwards25519 ({@code -x^2 + y^2 = 1 + d x^2 y^2}) in extended coordinates
 * {@code (X:Y:Z:T)} with {@code x = X/Z}, {@code y = Y/Z}, {@code xy = T/Z}.
 *
 * <p>Doubling and addition use formulas that are complete on this curve (a = -1, d not a square),
 * so no input needs a special case; that is what lets a scalar multiplication run without branches
 * on secret bits. Each instance owns its scratch space, so instances are not thread-safe but never
 * allocate while computing.
 *
 * <p>Operand sizes follow Bouncy Castle's own Ed25519 code: sums and differences of two products go
 * straight into a multiplication; anything bigger is carried first, because the 25.5-bit limbs have
 * no more headroom than that.
 */
final class EdwardsPoint {
  static final int ENCODED_BYTES = 32;

  /** d = -121665/121666, little-endian. */
  static final int[] D =
      constant("a3785913ca4deb75abd841414d0a700098e879777940c78c73fe6f2bee6c0352");

  /** 2d, the k of the add-2008-hwcd-3 addition. */
  static final int[] D2 =
      constant("59f1b226949bd6eb56b183829a14e00030d1f3eef2808e19e7fcdf56dcd90624");

  final int[] x = X25519Field.create();
  final int[] y = X25519Field.create();
  final int[] z = X25519Field.create();
  final int[] t = X25519Field.create();

  private final int[] s0 = X25519Field.create();
  private final int[] s1 = X25519Field.create();
  private final int[] s2 = X25519Field.create();
  private final int[] s3 = X25519Field.create();
  private final int[] s4 = X25519Field.create();
  private final int[] s5 = X25519Field.create();
  private final int[] s6 = X25519Field.create();
  private final int[] s7 = X25519Field.create();

  private EdwardsPoint() {}

  /** The neutral element (0, 1). */
  static EdwardsPoint identity() {
    EdwardsPoint p = new EdwardsPoint();
    X25519Field.one(p.y);
    X25519Field.one(p.z);
    return p;
  }

  /**
   * libsodium's {@code ge25519_frombytes}: y from the low 255 bits (not checked to be below p, the
   * caller does that), x from the curve equation, negated when its parity differs from the top bit.
   * An x of zero with the top bit set stays zero, as in libsodium. Variable-time: the encoding is
   * public.
   *
   * @return the point, or {@code null} when no x satisfies the curve equation for this y
   */
  static EdwardsPoint decodeVar(byte[] encoding) {
    EdwardsPoint p = new EdwardsPoint();
    X25519Field.decode255(encoding, 0, p.y, 0); // drops the top (sign) bit
    int[] u = p.s0;
    int[] v = p.s1;
    X25519Field.sqr(p.y, u);
    X25519Field.mul(D, u, v);
    X25519Field.subOne(u); // u = y^2 - 1
    X25519Field.addOne(v); // v = d y^2 + 1
    if (!X25519Field.sqrtRatioVar(u, v, p.x)) {
      return null;
    }
    X25519Field.normalize(p.x);
    int sign = (encoding[ENCODED_BYTES - 1] >>> 7) & 1;
    if ((p.x[0] & 1) != sign) {
      X25519Field.negate(p.x, p.x);
    }
    X25519Field.one(p.z);
    X25519Field.mul(p.x, p.y, p.t);
    return p;
  }

  /** A copy that shares no arrays with this point. */
  EdwardsPoint copy() {
    EdwardsPoint p = new EdwardsPoint();
    X25519Field.copy(x, 0, p.x, 0);
    X25519Field.copy(y, 0, p.y, 0);
    X25519Field.copy(z, 0, p.z, 0);
    X25519Field.copy(t, 0, p.t, 0);
    return p;
  }

  /** this = 2 * this, all four coordinates (dbl-2008-hwcd with a = -1, signs flipped as in BC). */
  void doubleInPlace() {
    doubleXyz();
    X25519Field.mul(s4, s7, t);
  }

  /**
   * this = 2 * this, leaving T stale. Only for when the next operation is another doubling, which
   * never reads T; it saves one multiplication per doubling in the scalar-multiplication ladders.
   */
  void doubleInPlaceWithoutT() {
    doubleXyz();
  }

  private void doubleXyz() {
    int[] a = s0;
    int[] b = s1;
    int[] c = s2;
    int[] e = s4;
    int[] f = s5;
    int[] g = s6;
    int[] h = s7;
    X25519Field.sqr(x, a);
    X25519Field.sqr(y, b);
    X25519Field.sqr(z, c);
    X25519Field.add(c, c, c);
    X25519Field.apm(a, b, h, g); // h = A + B = -H, g = A - B = -G
    X25519Field.add(x, y, e);
    X25519Field.sqr(e, e);
    X25519Field.sub(h, e, e); // e = -E
    X25519Field.add(c, g, f); // f = -F, four products wide
    X25519Field.carry(f);
    X25519Field.mul(e, f, x);
    X25519Field.mul(g, h, y);
    X25519Field.mul(f, g, z);
    // The negations cancel in pairs; doubleInPlace finishes T = e * h from s4 and s7.
  }

  /** this = this + q, the complete add-2008-hwcd-3 formula with k = 2d. */
  void add(CachedPoint q) {
    int[] a = s0;
    int[] b = s1;
    int[] c = s2;
    int[] d = s3;
    int[] e = s4;
    int[] f = s5;
    int[] g = s6;
    int[] h = s7;
    X25519Field.apm(y, x, b, a);
    X25519Field.mul(a, q.yMinusX, a);
    X25519Field.mul(b, q.yPlusX, b);
    X25519Field.mul(t, q.t2d, c);
    X25519Field.mul(z, q.z2, d);
    X25519Field.apm(b, a, h, e);
    X25519Field.apm(d, c, g, f);
    X25519Field.carry(g);
    X25519Field.mul(e, f, x);
    X25519Field.mul(g, h, y);
    X25519Field.mul(f, g, z);
    X25519Field.mul(e, h, t);
  }

  /**
   * Whether this is the neutral element: X = 0 and Y = Z, as libsodium's fixed {@code
   * ge25519_is_on_main_subgroup} tests it. Variable-time, for public points only.
   */
  boolean isIdentityVar() {
    X25519Field.copy(x, 0, s0, 0);
    X25519Field.normalize(s0);
    if (!X25519Field.isZeroVar(s0)) {
      return false;
    }
    X25519Field.sub(y, z, s0);
    X25519Field.normalize(s0);
    return X25519Field.isZeroVar(s0);
  }

  /** The canonical 32-byte encoding: y little-endian, x's parity in the top bit. Constant-time. */
  byte[] encode() {
    int[] zInverse = s0;
    int[] affineX = s1;
    int[] affineY = s2;
    X25519Field.inv(z, zInverse);
    X25519Field.mul(x, zInverse, affineX);
    X25519Field.mul(y, zInverse, affineY);
    X25519Field.normalize(affineX);
    X25519Field.normalize(affineY);
    byte[] out = new byte[ENCODED_BYTES];
    X25519Field.encode(affineY, out, 0);
    out[ENCODED_BYTES - 1] |= (byte) ((affineX[0] & 1) << 7);
    return out;
  }

  /** Overwrites coordinates and scratch, which may hold values derived from a secret scalar. */
  void wipe() {
    for (int[] limbs : new int[][] {x, y, z, t, s0, s1, s2, s3, s4, s5, s6, s7}) {
      Arrays.fill(limbs, 0);
    }
  }

  private static int[] constant(String littleEndianHex) {
    int[] limbs = X25519Field.create();
    X25519Field.decode255(HexFormat.of().parseHex(littleEndianHex), 0, limbs, 0);
    return limbs;
  }
}
