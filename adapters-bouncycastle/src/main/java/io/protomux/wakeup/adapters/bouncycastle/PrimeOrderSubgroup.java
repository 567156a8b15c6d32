package io.protomux.wakeup.adapters.bouncycastle;

import java.math.BigInteger;
import org.bouncycastle.math.ec.rfc7748.X25519Field;

/**
 * Membership of the prime-order subgroup by point halving (T. Pornin, "Point-halving and subgroup
 * membership in twisted Edwards curves", ePrint 2022/1164), instead of multiplying by the group
 * order L.
 *
 * <p>The group of edwards25519 is Z/8 x Z/L, so a point lies in the subgroup of order L exactly
 * when it can be halved three times. The point is moved to the curve {@code u w^2 = u^2 + A u + B}
 * ({@code u = (a-d)(1+y)/(1-y)}, {@code w = 2/x}, {@code A = 2(a+d)}, {@code B = (a-d)^2}), where
 * doubling factors into two 2-isogenies and an isomorphism that are easy to invert: each halving
 * costs two square roots and fails only if the first does not exist, and the third halving exists
 * exactly when u is then a square. Five or six exponentiations in all, against the 252 doublings of
 * {@code L * P}: about a third of the time. To avoid inversions the curve is scaled by {@code e =
 * X(Z-Y)}, the isomorphism {@code (u, w) -> (u e^2, w e)} onto {@code A e^2, B e^4}.
 *
 * <p>Variable-time: only for public points.
 */
final class PrimeOrderSubgroup {
  private static final BigInteger P = BigInteger.ONE.shiftLeft(255).subtract(BigInteger.valueOf(19));

  /** a - d, with a = -1. */
  private static final int[] A_MINUS_D = constant(fromLimbs(EdwardsPoint.D).negate().subtract(BigInteger.ONE));

  /** A = 2(a + d). */
  private static final int[] A0 = constant(fromLimbs(EdwardsPoint.D).subtract(BigInteger.ONE).shiftLeft(1));

  /** B = (a - d)^2. */
  private static final int[] B0 = constant(fromLimbs(EdwardsPoint.D).add(BigInteger.ONE).pow(2));

  /** 1/2. */
  private static final int[] HALF = constant(P.add(BigInteger.ONE).shiftRight(1));

  /** sqrt(-1), for recognising the points of order 4 and 8. */
  private static final int[] SQRT_M1 =
      constant(BigInteger.TWO.modPow(P.subtract(BigInteger.ONE).shiftRight(2), P));

  private PrimeOrderSubgroup() {}

  /** Whether {@code L * p} is the neutral element. */
  static boolean contains(EdwardsPoint p) {
    if (hasLowOrder(p)) {
      // Halving breaks down on the 8-torsion (x = 0 or y = 1 has no u or w), and of those
      // points only the neutral element is in the subgroup.
      return isNeutral(p);
    }
    int[] e = X25519Field.create();
    int[] u = X25519Field.create();
    int[] w = X25519Field.create();
    int[] t = X25519Field.create();
    // e = X(Z - Y); u = (a-d)(Z+Y)(Z-Y)X^2 = (a-d)(Z+Y)X e; w = 2Z(Z-Y).
    X25519Field.sub(p.z, p.y, t);
    X25519Field.carry(t);
    X25519Field.mul(p.x, t, e);
    X25519Field.mul(p.z, t, w);
    X25519Field.add(w, w, w);
    X25519Field.carry(w);
    X25519Field.add(p.z, p.y, t);
    X25519Field.carry(t);
    X25519Field.mul(t, A_MINUS_D, u);
    X25519Field.mul(u, p.x, u);
    X25519Field.mul(u, e, u);

    int[] e2 = X25519Field.create();
    X25519Field.sqr(e, e2);
    int[] curveA = X25519Field.create(); // A e^2
    X25519Field.mul(A0, e2, curveA);
    int[] curveB = X25519Field.create(); // B e^4
    X25519Field.sqr(e2, curveB);
    X25519Field.mul(curveB, B0, curveB);
    // The intermediate curve of the two isogenies: A' = -2A, B' = A^2 - 4B.
    int[] primeA = X25519Field.create();
    X25519Field.add(curveA, curveA, primeA);
    X25519Field.carry(primeA);
    X25519Field.negate(primeA, primeA);
    int[] primeB = X25519Field.create();
    X25519Field.sqr(curveA, primeB);
    X25519Field.mul(curveB, 4, t);
    X25519Field.sub(primeB, t, primeB);
    X25519Field.carry(primeB);

    int[] one = X25519Field.create();
    X25519Field.one(one);
    int[] us = X25519Field.create();
    int[] ws = X25519Field.create();
    int[] wp = X25519Field.create();
    int[] up = X25519Field.create();
    for (int halving = 0; halving < 2; halving++) {
      // Undo the isomorphism: (4u, 2w) on the curve (4A, 16B).
      X25519Field.mul(u, 4, us);
      X25519Field.add(w, w, ws);
      X25519Field.carry(ws);
      // Undo the second isogeny: w' = sqrt(us), which exists only if the point is a double.
      if (!X25519Field.sqrtRatioVar(us, one, wp)) {
        return false;
      }
      // u' = (us - A' - w' ws) / 2.
      X25519Field.mul(wp, ws, t);
      X25519Field.sub(us, primeA, up);
      X25519Field.carry(up);
      X25519Field.sub(up, t, up);
      X25519Field.carry(up);
      X25519Field.mul(up, HALF, up);
      // Undo the first isogeny from (u', w') or from the other preimage (B'/u', -w'): exactly
      // one of u' and B'/u' is a square, since B' is not.
      if (X25519Field.sqrtRatioVar(up, one, w)) {
        // u = (u' - A - w w') / 2.
        X25519Field.mul(w, wp, t);
        X25519Field.sub(up, curveA, u);
      } else {
        if (!X25519Field.sqrtRatioVar(primeB, up, w)) {
          throw new IllegalStateException("neither preimage of the isogeny has a square u");
        }
        // u = (B'/u' - A + w w') / 2, with B'/u' = w^2.
        X25519Field.mul(w, wp, t);
        X25519Field.negate(t, t);
        X25519Field.sqr(w, u);
        X25519Field.sub(u, curveA, u);
      }
      X25519Field.carry(u);
      X25519Field.sub(u, t, u);
      X25519Field.carry(u);
      X25519Field.mul(u, HALF, u);
    }
    // A third halving exists exactly when u is a square.
    return X25519Field.sqrtRatioVar(u, one, t);
  }

  /** x = 0, y = 0 or x = ±i y: the points of order 1, 2, 4 and 8. */
  private static boolean hasLowOrder(EdwardsPoint p) {
    if (isZero(p.x) || isZero(p.y)) {
      return true;
    }
    int[] iy = X25519Field.create();
    X25519Field.mul(p.y, SQRT_M1, iy);
    int[] difference = X25519Field.create();
    X25519Field.sub(p.x, iy, difference);
    if (isZero(difference)) {
      return true;
    }
    X25519Field.add(p.x, iy, difference);
    return isZero(difference);
  }

  private static boolean isNeutral(EdwardsPoint p) {
    int[] difference = X25519Field.create();
    X25519Field.sub(p.y, p.z, difference);
    return isZero(p.x) && isZero(difference);
  }

  private static boolean isZero(int[] value) {
    int[] copy = X25519Field.create();
    X25519Field.copy(value, 0, copy, 0);
    X25519Field.normalize(copy);
    return X25519Field.isZeroVar(copy);
  }

  private static BigInteger fromLimbs(int[] limbs) {
    int[] copy = X25519Field.create();
    X25519Field.copy(limbs, 0, copy, 0);
    X25519Field.normalize(copy);
    byte[] littleEndian = new byte[32];
    X25519Field.encode(copy, littleEndian, 0);
    byte[] bigEndian = new byte[33];
    for (int i = 0; i < 32; i++) {
      bigEndian[32 - i] = littleEndian[i];
    }
    return new BigInteger(bigEndian);
  }

  private static int[] constant(BigInteger value) {
    BigInteger reduced = value.mod(P);
    byte[] bigEndian = reduced.toByteArray();
    byte[] littleEndian = new byte[32];
    for (int i = 0; i < Math.min(32, bigEndian.length); i++) {
      littleEndian[i] = bigEndian[bigEndian.length - 1 - i];
    }
    int[] limbs = X25519Field.create();
    X25519Field.decode(littleEndian, 0, limbs);
    return limbs;
  }
}
