package io.protomux.wakeup.adapters.bouncycastle;

import static io.protomux.wakeup.testvectors.Vectors.hex;
import static io.protomux.wakeup.testvectors.Vectors.toHex;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.protomux.wakeup.testvectors.Vectors;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class Blake2bHashingTest {
  private static final JsonNode CRYPTO = Vectors.load("crypto.json");
  private final Blake2bHashing blake2b = new Blake2bHashing();

  @Test
  void discoveryKeyMatchesTheReference() {
    assertThat(CRYPTO.get("discoveryKey")).isNotEmpty();
    for (JsonNode v : CRYPTO.get("discoveryKey")) {
      assertThat(toHex(blake2b.discoveryKey(hex(v.get("key")))))
          .isEqualTo(v.get("discoveryKey").asText());
    }
  }

  @Test
  void hashOfPartsMatchesTheReference() {
    assertThat(CRYPTO.get("hash")).hasSizeGreaterThanOrEqualTo(3);
    for (JsonNode v : CRYPTO.get("hash")) {
      List<byte[]> parts = new ArrayList<>();
      v.get("parts").forEach(p -> parts.add(hex(p)));
      assertThat(toHex(blake2b.hash(parts.toArray(byte[][]::new))))
          .isEqualTo(v.get("out").asText());
    }
  }

  @Test
  void hashDoesNotDependOnHowTheInputIsSplit() {
    byte[] whole = hex("000102030405060708090a0b0c0d0e0f");
    assertThat(blake2b.hash(whole))
        .isEqualTo(blake2b.hash(hex("0001"), hex(""), hex("02030405060708090a0b0c0d0e0f")));
  }

  @Test
  void namespaceMatchesTheReference() {
    for (JsonNode v : CRYPTO.get("namespace")) {
      byte[][] ids = blake2b.namespace(v.get("name").asText(), v.get("count").asInt());
      assertThat(ids.length).isEqualTo(v.get("ids").size());
      for (int i = 0; i < ids.length; i++) {
        assertThat(toHex(ids[i])).isEqualTo(v.get("ids").get(i).asText());
      }
    }
  }

  @Test
  void secretStreamIdIsTheNamespaceIdHashedUnderTheHandshakeHash() {
    byte[][] ns = blake2b.namespace("hyperswarm/secret-stream", 3);
    for (JsonNode v : CRYPTO.get("secretStreamId")) {
      byte[] message = v.get("isInitiator").asBoolean() ? ns[0] : ns[1];
      byte[] id = blake2b.keyedHash(32, hex(v.get("handshakeHash")), message);
      assertThat(toHex(id)).isEqualTo(v.get("id").asText());
    }
  }

  @Test
  void wakeupCapabilityProofMatchesTheReference() {
    byte[][] ns = blake2b.namespace("wakeup", 2);
    for (JsonNode v : CRYPTO.get("wakeupCapabilityProof")) {
      byte[] role = v.get("isInitiator").asBoolean() ? ns[0] : ns[1];
      byte[] proof = blake2b.hash(role, hex(v.get("capability")), hex(v.get("handshakeHash")));
      assertThat(toHex(proof)).isEqualTo(v.get("proof").asText());
    }
  }

  @Test
  void hash64IsTheUnkeyed512BitDigest() {
    // RFC 7693 appendix A: BLAKE2b-512("abc").
    assertThat(toHex(blake2b.hash64("abc".getBytes(java.nio.charset.StandardCharsets.US_ASCII))))
        .isEqualTo(
            "ba80a53f981c4d0d6a2797b69f12f6e94c212f14685ac4b74b12bb6fdbffa2d1"
                + "7d87c5392aab792dc252d5de4533cc9518d38aa8dbf1925ab92386edd4009923");
  }

  @Test
  void hmacFollowsRfc2104WithA128ByteBlock() {
    byte[] key = hex("0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b");
    byte[] data = "Hi There".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    byte[] paddedKey = new byte[128];
    System.arraycopy(key, 0, paddedKey, 0, key.length);
    byte[] ipad = new byte[128];
    byte[] opad = new byte[128];
    for (int i = 0; i < 128; i++) {
      ipad[i] = (byte) (paddedKey[i] ^ 0x36);
      opad[i] = (byte) (paddedKey[i] ^ 0x5c);
    }
    byte[] expected = blake2b.hash64(opad, blake2b.hash64(ipad, data));
    assertThat(blake2b.hmac(key, data)).isEqualTo(expected);
  }

  @Test
  void hkdfExpandsTwoBlocksChainedOnTheFirst() {
    byte[] salt = blake2b.hash64(hex("01"));
    byte[] ikm = hex("deadbeef");
    byte[][] out = blake2b.hkdf(salt, ikm);
    byte[] prk = blake2b.hmac(salt, ikm);
    assertThat(out[0]).isEqualTo(blake2b.hmac(prk, hex("01")));
    assertThat(out[1]).isEqualTo(blake2b.hmac(prk, out[0], hex("02")));
    assertThat(out[0]).hasSize(64).isNotEqualTo(out[1]);
  }

  @Test
  void refusesOutOfRangeParameters() {
    assertThatThrownBy(() -> blake2b.keyedHash(15, new byte[0]))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> blake2b.keyedHash(65, new byte[0]))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> blake2b.keyedHash(32, new byte[65]))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> blake2b.namespace("x", 257))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
