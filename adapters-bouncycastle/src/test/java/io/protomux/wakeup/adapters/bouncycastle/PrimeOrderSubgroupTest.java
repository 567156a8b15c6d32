package io.protomux.wakeup.adapters.bouncycastle;

import static io.protomux.wakeup.testvectors.Vectors.hex;
import static org.assertj.core.api.Assertions.assertThat;

import io.protomux.wakeup.adapters.bouncycastle.EdwardsReference.Point;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The point-halving membership test against what membership means: {@code L * P} is the neutral
 * element. Every prime-order point is tried with each of the eight torsion points added, since
 * which torsion component a point carries is what decides the answer.
 */
class PrimeOrderSubgroupTest {
  /** A point of order 8 (libsodium's small-order blacklist, third entry). */
  private static final Point ORDER_8 =
      EdwardsReference.decode(
          hex("26e8958fc2b227b045c3f489f2ef98f0d5dfac05d3c63339b13802886d53fc05"));

  private static final byte[] GROUP_ORDER =
      EdwardsReference.toLittleEndian(EdwardsReference.L);

  private final Random random = new Random(7);

  @Test
  void aPrimeOrderPointIsInOnlyWithoutATorsionComponent() {
    List<Point> torsion = torsionPoints();
    for (int i = 0; i < 40; i++) {
      Point primeOrder =
          EdwardsReference.multiply(
              new BigInteger(252, random).add(BigInteger.ONE), EdwardsReference.BASE);
      for (int k = 0; k < 8; k++) {
        EdwardsPoint p = point(EdwardsReference.add(primeOrder, torsion.get(k)));

        assertThat(PrimeOrderSubgroup.contains(p)).as("torsion %d", k).isEqualTo(k == 0);
      }
    }
  }

  @Test
  void agreesWithMultiplyingByTheGroupOrderOnArbitraryCurvePoints() {
    int checked = 0;
    int inSubgroup = 0;
    while (checked < 300) {
      byte[] encoding = new byte[32];
      random.nextBytes(encoding);
      encoding[31] &= 0x7f;
      EdwardsPoint p = EdwardsPoint.decodeVar(encoding);
      if (p == null) {
        continue; // no x for this y
      }
      boolean expected = EdwardsScalarMult.multiply(GROUP_ORDER, p).isIdentityVar();

      assertThat(PrimeOrderSubgroup.contains(p)).isEqualTo(expected);
      checked++;
      inSubgroup += expected ? 1 : 0;
    }
    // A random curve point is in the subgroup one time in eight: both answers were exercised.
    assertThat(inSubgroup).isBetween(10, 80);
  }

  @Test
  void ofTheTorsionPointsOnlyTheNeutralElementIsIn() {
    List<Point> torsion = torsionPoints();
    assertThat(PrimeOrderSubgroup.contains(point(torsion.get(0)))).isTrue();
    for (int k = 1; k < 8; k++) {
      assertThat(PrimeOrderSubgroup.contains(point(torsion.get(k)))).as("k=%d", k).isFalse();
    }
  }

  @Test
  void projectiveCoordinatesGiveTheSameAnswer() {
    for (int i = 0; i < 16; i++) {
      byte[] encoding = new byte[32];
      random.nextBytes(encoding);
      encoding[31] &= 0x7f;
      EdwardsPoint affine = EdwardsPoint.decodeVar(encoding);
      if (affine == null) {
        continue;
      }
      EdwardsPoint projective = affine.copy();
      projective.doubleInPlace(); // Z != 1 from here on
      boolean expected = EdwardsScalarMult.multiply(GROUP_ORDER, projective).isIdentityVar();

      assertThat(PrimeOrderSubgroup.contains(projective)).isEqualTo(expected);
    }
  }

  private static List<Point> torsionPoints() {
    List<Point> points = new ArrayList<>();
    for (int k = 0; k < 8; k++) {
      points.add(EdwardsReference.multiply(BigInteger.valueOf(k), ORDER_8));
    }
    return points;
  }

  private static EdwardsPoint point(Point p) {
    return EdwardsPoint.decodeVar(EdwardsReference.encode(p));
  }
}
