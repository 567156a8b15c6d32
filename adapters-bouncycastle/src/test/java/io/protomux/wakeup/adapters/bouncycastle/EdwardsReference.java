package io.protomux.wakeup.adapters.bouncycastle;

import java.math.BigInteger;

/**
 * Slow, obviously-correct edwards25519 arithmetic on affine BigInteger coordinates, the independent
 * oracle the limb-based code is checked against.
 */
final class EdwardsReference {
  static final BigInteger P = BigInteger.ONE.shiftLeft(255).subtract(BigInteger.valueOf(19));
  static final BigInteger L =
      BigInteger.ONE.shiftLeft(252).add(new BigInteger("27742317777372353535851937790883648493"));
  static final BigInteger D =
      BigInteger.valueOf(-121665).multiply(BigInteger.valueOf(121666).modInverse(P)).mod(P);
  private static final BigInteger SQRT_MINUS_ONE =
      BigInteger.TWO.modPow(P.subtract(BigInteger.ONE).shiftRight(2), P);

  /** An affine point. */
  record Point(BigInteger x, BigInteger y) {}

  static final Point IDENTITY = new Point(BigInteger.ZERO, BigInteger.ONE);
  static final Point BASE =
      decode(bytes("5866666666666666666666666666666666666666666666666666666666666666"));

  private EdwardsReference() {}

  static Point add(Point a, Point b) {
    BigInteger k = D.multiply(a.x).multiply(b.x).multiply(a.y).multiply(b.y).mod(P);
    BigInteger x =
        a.x.multiply(b.y).add(b.x.multiply(a.y)).multiply(BigInteger.ONE.add(k).modInverse(P));
    BigInteger y =
        a.y.multiply(b.y).add(a.x.multiply(b.x)).multiply(BigInteger.ONE.subtract(k).modInverse(P));
    return new Point(x.mod(P), y.mod(P));
  }

  static Point multiply(BigInteger n, Point p) {
    Point r = IDENTITY;
    for (int i = n.bitLength() - 1; i >= 0; i--) {
      r = add(r, r);
      if (n.testBit(i)) {
        r = add(r, p);
      }
    }
    return r;
  }

  /** Plain RFC 8032 decoding of a canonical encoding; null when y has no x. */
  static Point decode(byte[] encoding) {
    BigInteger v = littleEndian(encoding);
    BigInteger y = v.clearBit(255);
    boolean sign = v.testBit(255);
    BigInteger u = y.multiply(y).subtract(BigInteger.ONE);
    BigInteger w = D.multiply(y).multiply(y).add(BigInteger.ONE);
    BigInteger x2 = u.multiply(w.modInverse(P)).mod(P);
    BigInteger x = x2.modPow(P.add(BigInteger.valueOf(3)).shiftRight(3), P);
    if (!x.multiply(x).subtract(x2).mod(P).equals(BigInteger.ZERO)) {
      x = x.multiply(SQRT_MINUS_ONE).mod(P);
    }
    if (!x.multiply(x).subtract(x2).mod(P).equals(BigInteger.ZERO)) {
      return null;
    }
    if (x.testBit(0) != sign) {
      x = P.subtract(x).mod(P);
    }
    return new Point(x, y);
  }

  static byte[] encode(Point p) {
    BigInteger v = p.y;
    if (p.x.testBit(0)) {
      v = v.setBit(255);
    }
    return toLittleEndian(v);
  }

  static BigInteger littleEndian(byte[] bytes) {
    byte[] bigEndian = new byte[bytes.length];
    for (int i = 0; i < bytes.length; i++) {
      bigEndian[i] = bytes[bytes.length - 1 - i];
    }
    return new BigInteger(1, bigEndian);
  }

  static byte[] toLittleEndian(BigInteger v) {
    byte[] out = new byte[32];
    for (int i = 0; i < 32; i++) {
      out[i] = v.shiftRight(8 * i).byteValue();
    }
    return out;
  }

  private static byte[] bytes(String hex) {
    return java.util.HexFormat.of().parseHex(hex);
  }
}
