package io.protomux.wakeup.adapters.bouncycastle;

import static io.protomux.wakeup.testvectors.Vectors.hex;
import static io.protomux.wakeup.testvectors.Vectors.toHex;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.protomux.wakeup.ports.crypto.CryptoException;
import io.protomux.wakeup.ports.crypto.KeyPair;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** Vectors taken from the real libsodium (see the file's note for how they were made). */
class Ed25519LibsodiumVectorsTest {
  private static final JsonNode VECTORS = load("/extra/ed25519-dh-libsodium.json");

  private final Ed25519Curve curve =
      new Ed25519Curve(
          bytes -> {
            throw new AssertionError("these tests must not draw randomness");
          });

  @Test
  void noiseCurveEdDhMatchesLibsodiumBothWays() {
    assertThat(VECTORS.get("dh")).hasSizeGreaterThanOrEqualTo(20);
    for (JsonNode v : VECTORS.get("dh")) {
      assertThat(toHex(curve.dh(hex(v.get("secretKeyA")), hex(v.get("publicKeyB")))))
          .isEqualTo(v.get("shared").asText());
      assertThat(toHex(curve.dh(hex(v.get("secretKeyB")), hex(v.get("publicKeyA")))))
          .isEqualTo(v.get("shared").asText());
    }
  }

  @Test
  void seedKeyPairsMatchLibsodium() {
    for (JsonNode v : VECTORS.get("dh")) {
      for (String side : new String[] {"A", "B"}) {
        byte[] secretKey = hex(v.get("secretKey" + side));
        KeyPair pair = curve.keyPair(Arrays.copyOf(secretKey, 32));
        assertThat(pair.secretKey()).isEqualTo(secretKey);
        assertThat(toHex(pair.publicKey())).isEqualTo(v.get("publicKey" + side).asText());
      }
    }
  }

  @Test
  void scalarMultNoclampAcceptsAndRefusesExactlyAsLibsodium() {
    JsonNode cases = VECTORS.get("scalarMultNoclamp");
    assertThat(cases).hasSizeGreaterThanOrEqualTo(80);
    int refused = 0;
    for (JsonNode v : cases) {
      byte[] scalar = hex(v.get("scalar"));
      byte[] point = hex(v.get("point"));
      String label = v.get("comment").asText();
      if (v.path("rejected").asBoolean(false)) {
        refused++;
        assertThatThrownBy(() -> SodiumScalarMult.noclamp(scalar, point))
            .as(label)
            .isInstanceOf(CryptoException.class);
      } else {
        assertThat(toHex(SodiumScalarMult.noclamp(scalar, point)))
            .as(label)
            .isEqualTo(v.get("result").asText());
      }
    }
    assertThat(refused).isBetween(1, cases.size() - 1);
  }

  private static JsonNode load(String resource) {
    try (InputStream in = Ed25519LibsodiumVectorsTest.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("missing test resource " + resource);
      }
      return new ObjectMapper().readTree(in);
    } catch (IOException e) {
      throw new IllegalStateException("cannot read " + resource, e);
    }
  }
}
