package io.protomux.wakeup.adapters.bouncycastle;

import static io.protomux.wakeup.testvectors.Vectors.hex;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.protomux.wakeup.adapters.bouncycastle.EdwardsReference.Point;
import io.protomux.wakeup.ports.crypto.CryptoException;
import java.math.BigInteger;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Every way libsodium's {@code crypto_scalarmult_ed25519_noclamp} refuses, one check at a time. */
class Ed25519RefusalTest {
  private static final List<String> BLACKLIST =
      List.of(
          "0000000000000000000000000000000000000000000000000000000000000000",
          "0100000000000000000000000000000000000000000000000000000000000000",
          "26e8958fc2b227b045c3f489f2ef98f0d5dfac05d3c63339b13802886d53fc05",
          "c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac037a",
          "ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f",
          "edffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f",
          "eeffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f");
  private static final byte[] BASE =
      hex("5866666666666666666666666666666666666666666666666666666666666666");
  private static final byte[] SCALAR =
      hex("1a2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d5e6f708192a3b4c5d6e7f809");

  @Test
  void blacklistedSmallOrderEncodingsAreRefusedWithEitherSignBit() {
    for (String hex : BLACKLIST) {
      for (byte[] point : new byte[][] {hex(hex), flipSign(hex(hex))}) {
        // p and p + 1 are caught one check earlier, as non-canonical.
        assertRefused(point, SodiumPointChecks.isCanonical(point) ? "small order" : "canonical");
        assertThat(SodiumPointChecks.hasSmallOrder(point)).isTrue();
      }
    }
  }

  @Test
  void blacklistedEncodingsReallyHaveSmallOrder() {
    for (String hex : BLACKLIST.subList(0, 5)) {
      Point p = EdwardsReference.decode(hex(hex));
      assertThat(EdwardsReference.multiply(BigInteger.valueOf(8), p))
          .isEqualTo(EdwardsReference.IDENTITY);
    }
  }

  @Test
  void nonCanonicalYIsRefused() {
    for (int k = 2; k <= 18; k++) {
      byte[] point = EdwardsReference.toLittleEndian(EdwardsReference.P.add(BigInteger.valueOf(k)));
      for (byte[] encoding : new byte[][] {point, flipSign(point)}) {
        assertThat(SodiumPointChecks.hasSmallOrder(encoding)).isFalse();
        assertRefused(encoding, "not canonically encoded");
      }
    }
    assertThat(EdwardsReference.toLittleEndian(EdwardsReference.P.add(BigInteger.valueOf(18))))
        .as("p + 18 is 2^255 - 1")
        .isEqualTo(hex("ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f"));
    assertRefused(
        hex("ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff"),
        "not canonically encoded");
  }

  @Test
  void canonicalCheckIsOnlyAboutY() {
    assertThat(
            SodiumPointChecks.isCanonical(
                EdwardsReference.toLittleEndian(EdwardsReference.P.subtract(BigInteger.ONE))))
        .isTrue();
    assertThat(SodiumPointChecks.isCanonical(EdwardsReference.toLittleEndian(EdwardsReference.P)))
        .isFalse();
    assertThat(SodiumPointChecks.isCanonical(flipSign(BASE))).isTrue();
  }

  @Test
  void yWithoutAnXIsRefused() {
    for (int y : new int[] {2, 7, 8}) {
      byte[] point = EdwardsReference.toLittleEndian(BigInteger.valueOf(y));
      assertThat(EdwardsReference.decode(point)).isNull();
      assertRefused(point, "not on the curve");
      assertRefused(flipSign(point), "not on the curve");
    }
  }

  @Test
  void pointsOffThePrimeOrderSubgroupAreRefused() {
    Point order8 = EdwardsReference.decode(hex(BLACKLIST.get(2)));
    for (int k = 1; k < 8; k++) {
      Point torsion = EdwardsReference.multiply(BigInteger.valueOf(k), order8);
      byte[] point = EdwardsReference.encode(EdwardsReference.add(EdwardsReference.BASE, torsion));
      assertThat(SodiumPointChecks.hasSmallOrder(point)).isFalse();
      assertThat(EdwardsPoint.decodeVar(point)).isNotNull();
      assertRefused(point, "not in the prime-order subgroup");
    }
  }

  @Test
  void orderTwoLPointIsRefusedAlthoughItsLMultipleHasXZero() {
    // B + (0, -1) = (-x, -y): L times it is (0, -1), which older libsodium let through.
    byte[] point = hex("9599999999999999999999999999999999999999999999999999999999999999");
    assertThat(EdwardsReference.multiply(EdwardsReference.L, EdwardsReference.decode(point)))
        .isEqualTo(new Point(BigInteger.ZERO, EdwardsReference.P.subtract(BigInteger.ONE)));
    assertRefused(point, "not in the prime-order subgroup");
  }

  @Test
  void zeroScalarIsRefused() {
    assertThatThrownBy(() -> SodiumScalarMult.noclamp(new byte[32], BASE))
        .isInstanceOf(CryptoException.class)
        .hasMessageContaining("scalar is zero");
  }

  @Test
  void neutralResultIsRefused() {
    byte[] groupOrder = EdwardsReference.toLittleEndian(EdwardsReference.L);
    byte[] onlyTheIgnoredTopBit = new byte[32];
    onlyTheIgnoredTopBit[31] = (byte) 0x80;
    for (byte[] scalar : new byte[][] {groupOrder, onlyTheIgnoredTopBit}) {
      assertThatThrownBy(() -> SodiumScalarMult.noclamp(scalar, BASE))
          .isInstanceOf(CryptoException.class)
          .hasMessageContaining("neutral element");
    }
  }

  @Test
  void identityEncodingTestIgnoresTheSignBit() {
    assertThat(SodiumPointChecks.isIdentity(hex(BLACKLIST.get(1)))).isTrue();
    assertThat(SodiumPointChecks.isIdentity(flipSign(hex(BLACKLIST.get(1))))).isTrue();
    assertThat(SodiumPointChecks.isIdentity(BASE)).isFalse();
    assertThat(SodiumPointChecks.isZero(new byte[32])).isTrue();
    assertThat(
            SodiumPointChecks.isZero(
                hex("0000000000000000000000000000000000000000000000000000000000000080")))
        .isFalse();
  }

  @Test
  void validPointIsAccepted() {
    assertThat(SodiumScalarMult.noclamp(SCALAR, BASE)).hasSize(32);
    assertThat(SodiumScalarMult.noclamp(SCALAR, flipSign(BASE))).hasSize(32);
  }

  @Test
  void wrongLengthsAtTheScalarMultiplicationAreIllegalArguments() {
    assertThatThrownBy(() -> SodiumScalarMult.noclamp(new byte[31], BASE))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> SodiumScalarMult.noclamp(SCALAR, new byte[33]))
        .isInstanceOf(IllegalArgumentException.class);
  }

  private static void assertRefused(byte[] point, String reason) {
    assertThatThrownBy(() -> SodiumScalarMult.noclamp(SCALAR, point))
        .as(io.protomux.wakeup.testvectors.Vectors.toHex(point))
        .isInstanceOf(CryptoException.class)
        .hasMessageContaining(reason);
  }

  private static byte[] flipSign(byte[] point) {
    byte[] flipped = point.clone();
    flipped[31] ^= (byte) 0x80;
    return flipped;
  }
}
