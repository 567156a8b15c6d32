package io.protomux.wakeup.adapters.bouncycastle;

import static io.protomux.wakeup.testvectors.Vectors.hex;
import static io.protomux.wakeup.testvectors.Vectors.toHex;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.protomux.wakeup.ports.crypto.CryptoException;
import io.protomux.wakeup.testvectors.Vectors;
import org.junit.jupiter.api.Test;

class ChaCha20Poly1305CipherTest {
  private static final JsonNode VECTORS = Vectors.load("chachapoly.json").get("vectors");
  private final ChaCha20Poly1305Cipher cipher = new ChaCha20Poly1305Cipher();

  @Test
  void encryptsEveryVector() {
    assertThat(VECTORS).hasSizeGreaterThanOrEqualTo(3);
    for (JsonNode v : VECTORS) {
      byte[] out =
          cipher.encrypt(
              hex(v.get("key")), v.get("counter").asLong(), hex(v.get("ad")), hex(v.get("plaintext")));
      assertThat(toHex(out)).isEqualTo(v.get("ciphertext").asText());
    }
  }

  @Test
  void decryptsEveryVector() {
    for (JsonNode v : VECTORS) {
      byte[] out =
          cipher.decrypt(
              hex(v.get("key")), v.get("counter").asLong(), hex(v.get("ad")), hex(v.get("ciphertext")));
      assertThat(toHex(out)).isEqualTo(v.get("plaintext").asText());
    }
  }

  @Test
  void nonceIsTheLittleEndianCounterAfterFourZeroBytes() {
    for (JsonNode v : VECTORS) {
      byte[] nonce = hex(v.get("nonce"));
      long counter = 0;
      for (int i = 0; i < 8; i++) {
        counter |= (nonce[4 + i] & 0xffL) << (8 * i);
      }
      assertThat(counter).isEqualTo(v.get("counter").asLong());
    }
  }

  @Test
  void everyFlippedBitFailsAuthentication() {
    JsonNode v = VECTORS.get(1);
    byte[] key = hex(v.get("key"));
    byte[] ad = hex(v.get("ad"));
    byte[] ciphertext = hex(v.get("ciphertext"));
    for (int bit = 0; bit < ciphertext.length * 8; bit++) {
      byte[] tampered = ciphertext.clone();
      tampered[bit / 8] ^= (byte) (1 << (bit % 8));
      assertThatThrownBy(() -> cipher.decrypt(key, 1, ad, tampered))
          .as("bit %d", bit)
          .isInstanceOf(CryptoException.class);
    }
  }

  @Test
  void wrongCounterOrAssociatedDataFailsAuthentication() {
    JsonNode v = VECTORS.get(1);
    byte[] key = hex(v.get("key"));
    byte[] ciphertext = hex(v.get("ciphertext"));
    assertThatThrownBy(() -> cipher.decrypt(key, 2, hex(v.get("ad")), ciphertext))
        .isInstanceOf(CryptoException.class);
    assertThatThrownBy(() -> cipher.decrypt(key, 1, hex("6165"), ciphertext))
        .isInstanceOf(CryptoException.class);
  }

  @Test
  void refusesInputShorterThanATagAndKeysOfTheWrongSize() {
    assertThatThrownBy(() -> cipher.decrypt(new byte[32], 0, new byte[0], new byte[15]))
        .isInstanceOf(CryptoException.class)
        .hasMessageContaining("shorter than its 16-byte tag");
    assertThatThrownBy(() -> cipher.encrypt(new byte[31], 0, new byte[0], new byte[1]))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
