package io.protomux.wakeup.adapters.bouncycastle;

import static io.protomux.wakeup.testvectors.Vectors.hex;
import static io.protomux.wakeup.testvectors.Vectors.toHex;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.protomux.wakeup.ports.crypto.CryptoException;
import io.protomux.wakeup.ports.crypto.KeyPair;
import io.protomux.wakeup.testvectors.Vectors;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class Ed25519CurveTest {
  private static final JsonNode DH = Vectors.load("ed25519-dh.json");
  private static final JsonNode CRYPTO = Vectors.load("crypto.json");

  private final Random random = new Random(20240601);
  private final Ed25519Curve curve = new Ed25519Curve(random::nextBytes);

  @Test
  void dhMatchesTheReferenceVectors() {
    assertThat(DH.get("valid")).isNotEmpty();
    for (JsonNode v : DH.get("valid")) {
      assertThat(toHex(curve.dh(hex(v.get("secretKeyA")), hex(v.get("publicKeyB")))))
          .isEqualTo(v.get("shared").asText());
    }
  }

  @Test
  void keyPairFromTheSeedHalfOfAReferenceSecretKeyReproducesIt() {
    for (JsonNode v : DH.get("valid")) {
      byte[] secretKey = hex(v.get("secretKeyA"));
      KeyPair pair = curve.keyPair(Arrays.copyOf(secretKey, 32));
      assertThat(toHex(pair.publicKey())).isEqualTo(v.get("publicKeyA").asText());
      assertThat(pair.secretKey()).isEqualTo(secretKey);
    }
  }

  @Test
  void referenceRejectedPointsAreRefused() {
    assertThat(DH.get("rejectedPoints")).isNotEmpty();
    byte[] secretKey = hex(DH.get("valid").get(0).get("secretKeyA"));
    for (JsonNode v : DH.get("rejectedPoints")) {
      assertThat(v.get("rejected").asBoolean()).isTrue();
      assertThatThrownBy(() -> curve.dh(secretKey, hex(v.get("publicKey"))))
          .as(v.get("publicKey").asText())
          .isInstanceOf(CryptoException.class);
    }
  }

  @Test
  void keyPairFromSeedMatchesCryptoVectors() {
    assertThat(CRYPTO.get("keyPairFromSeed")).isNotEmpty();
    for (JsonNode v : CRYPTO.get("keyPairFromSeed")) {
      KeyPair pair = curve.keyPair(hex(v.get("seed")));
      assertThat(toHex(pair.publicKey())).isEqualTo(v.get("publicKey").asText());
      assertThat(toHex(pair.secretKey())).isEqualTo(v.get("secretKey").asText());
    }
  }

  @Test
  void dhIsSymmetric() {
    for (int i = 0; i < 40; i++) {
      KeyPair a = curve.keyPair();
      KeyPair b = curve.keyPair();
      byte[] ab = curve.dh(a.secretKey(), b.publicKey());
      assertThat(ab).hasSize(32).isEqualTo(curve.dh(b.secretKey(), a.publicKey()));
    }
  }

  @Test
  void dhOfDifferentPeersDiffers() {
    KeyPair a = curve.keyPair();
    assertThat(curve.dh(a.secretKey(), curve.keyPair().publicKey()))
        .isNotEqualTo(curve.dh(a.secretKey(), curve.keyPair().publicKey()));
  }

  @Test
  void keyPairWithoutSeedUsesASeedFromTheRandomSource() {
    byte[] seed = new byte[32];
    new Random(7).nextBytes(seed);
    Ed25519Curve seeded = new Ed25519Curve(new Random(7)::nextBytes);
    assertThat(seeded.keyPair()).isEqualTo(curve.keyPair(seed));
    assertThat(seeded.keyPair()).isNotEqualTo(curve.keyPair(seed));
  }

  @Test
  void dhUsesOnlyTheSeedHalfOfTheSecretKey() {
    KeyPair a = curve.keyPair();
    byte[] other = curve.keyPair().publicKey();
    byte[] tampered = a.secretKey();
    Arrays.fill(tampered, 32, 64, (byte) 0x55);
    assertThat(curve.dh(tampered, other)).isEqualTo(curve.dh(a.secretKey(), other));
  }

  @Test
  void seedOfWrongLengthIsAnIllegalArgument() {
    for (int length : new int[] {0, 31, 33, 64}) {
      assertThatThrownBy(() -> curve.keyPair(new byte[length]))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("32");
    }
  }

  @Test
  void secretKeyOfWrongLengthIsAnIllegalArgument() {
    byte[] publicKey = curve.keyPair().publicKey();
    for (int length : new int[] {0, 32, 63, 65}) {
      assertThatThrownBy(() -> curve.dh(new byte[length], publicKey))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("64");
    }
  }

  @Test
  void remotePublicKeyOfWrongLengthIsACryptoException() {
    byte[] secretKey = curve.keyPair().secretKey();
    byte[] publicKey = curve.keyPair().publicKey();
    for (int length : new int[] {0, 31, 33, 64}) {
      assertThatThrownBy(() -> curve.dh(secretKey, Arrays.copyOf(publicKey, length)))
          .isInstanceOf(CryptoException.class)
          .hasMessageContaining("32");
    }
  }

  @Test
  void refusalMessagesCarryNoSecretBytes() {
    KeyPair a = curve.keyPair();
    byte[] scalar = Ed25519Curve.clampedScalar(a.secretKey());
    assertThatThrownBy(() -> curve.dh(a.secretKey(), new byte[32]))
        .isInstanceOf(CryptoException.class)
        .satisfies(
            e -> {
              String message = e.getMessage().toLowerCase();
              assertThat(message).doesNotContain(toHex(a.seed()).substring(0, 8));
              assertThat(message).doesNotContain(toHex(scalar).substring(0, 8));
            });
  }

  @Test
  void clampedScalarIsClamped() {
    for (int i = 0; i < 20; i++) {
      byte[] scalar = Ed25519Curve.clampedScalar(curve.keyPair().secretKey());
      assertThat(scalar[0] & 7).isZero();
      assertThat(scalar[31] & 0xc0).isEqualTo(0x40);
    }
  }
}
