package io.protomux.wakeup.adapters.bouncycastle;

import java.util.Arrays;
import org.bouncycastle.math.ec.rfc7748.X25519Field;

/**
 * A point prepared as the second operand of {@link EdwardsPoint#add}: {@code (Y+X, Y-X, 2Z, 2dT)}.
 * Preparing once saves work for table entries that are added many times, and it makes negation
 * (swap the first two, negate the last) cheap enough to do with masks alone.
 */
final class CachedPoint {
  final int[] yPlusX = X25519Field.create();
  final int[] yMinusX = X25519Field.create();
  final int[] z2 = X25519Field.create();
  final int[] t2d = X25519Field.create();

  /** The neutral element, (1, 1, 2, 0). */
  CachedPoint() {
    setIdentity();
  }

  /** The cached form of {@code p}, whose T must be current. */
  static CachedPoint of(EdwardsPoint p) {
    CachedPoint c = new CachedPoint();
    X25519Field.apm(p.y, p.x, c.yPlusX, c.yMinusX);
    X25519Field.carry(c.yPlusX);
    X25519Field.carry(c.yMinusX);
    X25519Field.add(p.z, p.z, c.z2);
    X25519Field.carry(c.z2);
    X25519Field.mul(p.t, EdwardsPoint.D2, c.t2d);
    return c;
  }

  private void setIdentity() {
    X25519Field.one(yPlusX);
    X25519Field.one(yMinusX);
    X25519Field.one(z2);
    X25519Field.addOne(z2);
    X25519Field.zero(t2d);
  }

  /** this = -this when {@code negate} is 1, unchanged when it is 0; no branch on the flag. */
  void cnegate(int negate) {
    X25519Field.cswap(negate, yPlusX, yMinusX);
    X25519Field.cnegate(negate, t2d);
  }

  void wipe() {
    Arrays.fill(yPlusX, 0);
    Arrays.fill(yMinusX, 0);
    Arrays.fill(z2, 0);
    Arrays.fill(t2d, 0);
  }
}
