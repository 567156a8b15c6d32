package io.protomux.wakeup.adapters.bouncycastle;

import static io.protomux.wakeup.testvectors.Vectors.hex;
import static org.assertj.core.api.Assertions.assertThat;

import io.protomux.wakeup.adapters.bouncycastle.EdwardsReference.Point;
import java.math.BigInteger;
import java.util.Random;
import org.bouncycastle.math.ec.rfc7748.X25519Field;
import org.junit.jupiter.api.Test;

/** The limb arithmetic against Bouncy Castle's fixed-base code and a BigInteger oracle. */
class Ed25519ScalarMultTest {
  private static final byte[] BASE =
      hex("5866666666666666666666666666666666666666666666666666666666666666");

  private final Random random = new Random(42);

  @Test
  void curveConstantsAreDAndTwoD() {
    assertThat(limbsToBytes(EdwardsPoint.D))
        .isEqualTo(EdwardsReference.toLittleEndian(EdwardsReference.D));
    assertThat(limbsToBytes(EdwardsPoint.D2))
        .isEqualTo(
            EdwardsReference.toLittleEndian(
                EdwardsReference.D.shiftLeft(1).mod(EdwardsReference.P)));
  }

  @Test
  void baseTimesClampedScalarIsTheBouncyCastlePublicKey() {
    EdwardsPoint base = EdwardsPoint.decodeVar(BASE);
    for (int i = 0; i < 64; i++) {
      byte[] seed = randomBytes();
      byte[] publicKey = new byte[32];
      org.bouncycastle.math.ec.rfc8032.Ed25519.generatePublicKey(seed, 0, publicKey, 0);
      byte[] scalar = Ed25519Curve.clampedScalar(seed);

      assertThat(EdwardsScalarMult.multiply(scalar, base).encode()).isEqualTo(publicKey);
      assertThat(SodiumScalarMult.noclamp(scalar, BASE)).isEqualTo(publicKey);
    }
  }

  @Test
  void multiplyMatchesTheBigIntegerOracle() {
    for (int i = 0; i < 12; i++) {
      byte[] point = randomPublicKey();
      byte[] scalar = randomBytes();
      scalar[31] &= 0x7f;
      Point expected =
          EdwardsReference.multiply(
              EdwardsReference.littleEndian(scalar), EdwardsReference.decode(point));

      assertThat(EdwardsScalarMult.multiply(scalar, EdwardsPoint.decodeVar(point)).encode())
          .isEqualTo(EdwardsReference.encode(expected));
    }
  }

  @Test
  void multiplyIgnoresTheTopBitOfTheScalar() {
    EdwardsPoint p = EdwardsPoint.decodeVar(randomPublicKey());
    byte[] scalar = randomBytes();
    scalar[31] &= 0x7f;
    byte[] withTopBit = scalar.clone();
    withTopBit[31] |= (byte) 0x80;
    assertThat(EdwardsScalarMult.multiply(withTopBit, p).encode())
        .isEqualTo(EdwardsScalarMult.multiply(scalar, p).encode());
  }

  @Test
  void smallAndGroupOrderScalarsBehaveAsTheGroupLawSays() {
    byte[] encoded = randomPublicKey();
    EdwardsPoint p = EdwardsPoint.decodeVar(encoded);
    Point reference = EdwardsReference.decode(encoded);
    BigInteger l = EdwardsReference.L;

    assertThat(EdwardsScalarMult.multiply(scalar(BigInteger.ZERO), p).isIdentityVar()).isTrue();
    assertThat(EdwardsScalarMult.multiply(scalar(l), p).isIdentityVar()).isTrue();
    assertThat(EdwardsScalarMult.multiply(scalar(BigInteger.ONE), p).encode()).isEqualTo(encoded);
    assertThat(EdwardsScalarMult.multiply(scalar(l.add(BigInteger.ONE)), p).encode())
        .isEqualTo(encoded);
    assertThat(EdwardsScalarMult.multiply(scalar(l.subtract(BigInteger.ONE)), p).encode())
        .isEqualTo(
            EdwardsReference.encode(
                new Point(EdwardsReference.P.subtract(reference.x()), reference.y())));
    BigInteger allDigitsExtreme = new BigInteger("8".repeat(63), 16);
    assertThat(EdwardsScalarMult.multiply(scalar(allDigitsExtreme), p).encode())
        .isEqualTo(EdwardsReference.encode(EdwardsReference.multiply(allDigitsExtreme, reference)));
  }

  @Test
  void signedDigitsStayInTheTableAndSumToTheScalar() {
    for (int i = 0; i < 200; i++) {
      byte[] scalar = randomBytes();
      if (i == 0) {
        java.util.Arrays.fill(scalar, (byte) 0xff);
      }
      int[] digits = EdwardsScalarMult.signedRadix16(scalar);
      BigInteger sum = BigInteger.ZERO;
      for (int j = digits.length - 1; j >= 0; j--) {
        assertThat(digits[j]).isBetween(-8, 8);
        sum = sum.shiftLeft(4).add(BigInteger.valueOf(digits[j]));
      }
      assertThat(sum).isEqualTo(EdwardsReference.littleEndian(scalar).clearBit(255));
    }
  }

  @Test
  void additionOfAPointToItselfEqualsDoubling() {
    EdwardsPoint p = EdwardsPoint.decodeVar(randomPublicKey());
    EdwardsPoint sum = p.copy();
    sum.add(CachedPoint.of(p));
    EdwardsPoint doubled = p.copy();
    doubled.doubleInPlace();
    assertThat(sum.encode()).isEqualTo(doubled.encode());
  }

  @Test
  void decodeEncodeRoundTripsAndMatchesTheOracle() {
    for (int i = 0; i < 32; i++) {
      byte[] encoded = randomPublicKey();
      assertThat(EdwardsPoint.decodeVar(encoded).encode()).isEqualTo(encoded);
    }
    byte[] noX = hex("0200000000000000000000000000000000000000000000000000000000000000");
    assertThat(EdwardsReference.decode(noX)).isNull();
    assertThat(EdwardsPoint.decodeVar(noX)).isNull();
  }

  @Test
  void decodeKeepsXZeroWhenTheSignBitAsksForANegativeZeroLikeLibsodium() {
    byte[] oneWithSign = hex("0100000000000000000000000000000000000000000000000000000000000080");
    EdwardsPoint p = EdwardsPoint.decodeVar(oneWithSign);
    assertThat(p).isNotNull();
    assertThat(p.isIdentityVar()).isTrue();
    assertThat(p.encode())
        .isEqualTo(hex("0100000000000000000000000000000000000000000000000000000000000000"));
  }

  @Test
  void keysRememberedAfterTheirChecksGiveTheSameResultsAsFreshOnes() {
    // One key coming back between many one-time keys, more than are remembered: every result must
    // be what the multiplication gives on a freshly decoded point, remembered or not.
    byte[] recurring = randomPublicKey();
    for (int i = 0; i < 40; i++) {
      byte[] key = i % 3 == 0 ? recurring : randomPublicKey();
      byte[] scalar = randomBytes();
      scalar[31] &= 0x7f;
      byte[] expected = EdwardsScalarMult.multiply(scalar, EdwardsPoint.decodeVar(key)).encode();

      assertThat(SodiumScalarMult.noclamp(scalar, key)).isEqualTo(expected);
      assertThat(SodiumScalarMult.noclamp(scalar, key)).isEqualTo(expected);
    }
  }

  private byte[] randomBytes() {
    byte[] bytes = new byte[32];
    random.nextBytes(bytes);
    return bytes;
  }

  private byte[] randomPublicKey() {
    byte[] publicKey = new byte[32];
    org.bouncycastle.math.ec.rfc8032.Ed25519.generatePublicKey(randomBytes(), 0, publicKey, 0);
    return publicKey;
  }

  private static byte[] scalar(BigInteger n) {
    return EdwardsReference.toLittleEndian(n);
  }

  private static byte[] limbsToBytes(int[] limbs) {
    int[] copy = X25519Field.create();
    X25519Field.copy(limbs, 0, copy, 0);
    X25519Field.normalize(copy);
    byte[] out = new byte[32];
    X25519Field.encode(copy, out, 0);
    return out;
  }
}
