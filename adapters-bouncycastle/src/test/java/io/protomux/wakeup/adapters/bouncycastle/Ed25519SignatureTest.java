package io.protomux.wakeup.adapters.bouncycastle;

import static io.protomux.wakeup.testvectors.Vectors.hex;
import static io.protomux.wakeup.testvectors.Vectors.toHex;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.protomux.wakeup.ports.crypto.KeyPair;
import io.protomux.wakeup.testvectors.Vectors;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Detached Ed25519 signatures, checked against RFC 8032, hyperdht's vectors and libsodium. */
class Ed25519SignatureTest {
  private final Ed25519Curve curve =
      new Ed25519Curve(
          bytes -> {
            throw new AssertionError("signing must not draw randomness");
          });

  /** RFC 8032 section 7.1, tests 1 to 3 (seed, public key, message, signature). */
  @ParameterizedTest(name = "RFC 8032 test {index}")
  @CsvSource({
    "9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60,"
        + "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a,,"
        + "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b",
    "4ccd089b28ff96da9db6c346ec114e0f5b8a319f35aba624da8cf6ed4fb8a6fb,"
        + "3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c,72,"
        + "92a009a9f0d4cab8720e820b5f642540a2b27b5416503f8fb3762223ebdb69da085ac1e43e15996e458f3613d0f11d8c387b2eaeb4302aeeb00d291612bb0c00",
    "c5aa8df43f9f837bedb7442f31dcb7b166d38535076f094b85ce3a2e0b4458f7,"
        + "fc51cd8e6218a1a38da47ed00230f0580816ed13ba3303ac5deb911548908025,af82,"
        + "6291d657deec24024827e69c3abe01a30ce548a284743a445e3680d7db5ac3ac18ff9b538d16f290ae67f760984dc6594a7c15e9716ed28dc027beceea1ec40a"
  })
  void rfc8032Vectors(String seed, String publicKey, String message, String signature) {
    byte[] m = message == null ? new byte[0] : hex(message);
    KeyPair pair = curve.keyPair(hex(seed));
    assertThat(toHex(pair.publicKey())).isEqualTo(publicKey);
    assertThat(toHex(curve.sign(pair.secretKey(), m))).isEqualTo(signature);
    assertThat(curve.verify(hex(publicKey), m, hex(signature))).isTrue();
    byte[] other = Arrays.copyOf(m, m.length + 1);
    assertThat(curve.verify(hex(publicKey), other, hex(signature))).isFalse();
  }

  @Test
  void hyperdhtAnnounceAndMutableSignaturesAreReproducedAndVerified() {
    JsonNode root = Vectors.load("dht/signatures.json");
    int checked = 0;
    for (String section : new String[] {"announces", "mutables"}) {
      for (JsonNode v : root.get(section)) {
        KeyPair pair = curve.keyPair(hex(v.get("seed")));
        assertThat(toHex(pair.publicKey())).isEqualTo(v.get("publicKey").asText());
        byte[] signable = hex(v.get("signable"));
        assertThat(toHex(curve.sign(pair.secretKey(), signable)))
            .isEqualTo(v.get("signature").asText());
        assertThat(curve.verify(pair.publicKey(), signable, hex(v.get("signature")))).isTrue();
        checked++;
      }
    }
    assertThat(checked).isEqualTo(5);
  }

  @Test
  void verificationAcceptsAndRefusesExactlyAsLibsodium() {
    JsonNode cases = load("/extra/ed25519-verify-libsodium.json").get("cases");
    assertThat(cases).hasSizeGreaterThanOrEqualTo(50);
    int accepted = 0;
    for (JsonNode v : cases) {
      boolean valid = v.get("valid").asBoolean();
      assertThat(
              curve.verify(hex(v.get("publicKey")), hex(v.get("message")), hex(v.get("signature"))))
          .as(v.get("comment").asText() + " " + v.get("publicKey").asText())
          .isEqualTo(valid);
      accepted += valid ? 1 : 0;
    }
    // Both outcomes occur among the mixed-order cases, where a cofactored check would differ.
    assertThat(accepted).isBetween(5, cases.size() - 20);
  }

  @Test
  void signingUsesThePublicKeyStoredInTheSecretKeyAsLibsodiumDoes() {
    KeyPair pair = curve.keyPair(new byte[32]);
    byte[] secretKey = pair.secretKey();
    secretKey[40] ^= 1; // the stored public key no longer matches the seed
    byte[] message = {1, 2, 3};
    assertThat(curve.sign(secretKey, message)).isNotEqualTo(curve.sign(pair.secretKey(), message));
  }

  @Test
  void malformedKeysAndSignaturesAreFalseNotExceptions() {
    KeyPair pair = curve.keyPair(new byte[32]);
    byte[] message = {7};
    byte[] signature = curve.sign(pair.secretKey(), message);
    assertThat(curve.verify(pair.publicKey(), message, signature)).isTrue();
    for (int length : new int[] {0, 1, 31, 33, 64}) {
      assertThat(curve.verify(new byte[length], message, signature)).as("key %d", length).isFalse();
    }
    for (int length : new int[] {0, 32, 63, 65, 128}) {
      assertThat(curve.verify(pair.publicKey(), message, Arrays.copyOf(signature, length)))
          .as("signature %d", length)
          .isFalse();
    }
    assertThat(curve.verify(null, message, signature)).isFalse();
    assertThat(curve.verify(pair.publicKey(), message, null)).isFalse();
    Random random = new Random(8032);
    for (int i = 0; i < 200; i++) {
      byte[] key = new byte[32];
      byte[] sig = new byte[64];
      random.nextBytes(key);
      random.nextBytes(sig);
      assertThat(curve.verify(key, message, sig)).isFalse();
    }
  }

  @Test
  void aSecretKeyOfTheWrongSizeIsAProgrammingError() {
    assertThatThrownBy(() -> curve.sign(new byte[32], new byte[0]))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("secret key must be 64 bytes, got 32");
  }

  @Test
  void bouncyCastleCryptoRoutesSignAndVerify() {
    BouncyCastleCrypto crypto = new BouncyCastleCrypto(bytes -> {});
    KeyPair pair = crypto.keyPair(new byte[32]);
    byte[] signature = crypto.sign(pair.secretKey(), new byte[] {9});
    assertThat(signature).isEqualTo(curve.sign(pair.secretKey(), new byte[] {9}));
    assertThat(crypto.verify(pair.publicKey(), new byte[] {9}, signature)).isTrue();
    assertThat(crypto.verify(pair.publicKey(), new byte[] {8}, signature)).isFalse();
  }

  private static JsonNode load(String resource) {
    try (InputStream in = Ed25519SignatureTest.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("missing test resource " + resource);
      }
      return new ObjectMapper().readTree(in);
    } catch (IOException e) {
      throw new IllegalStateException("cannot read " + resource, e);
    }
  }
}
