package io.protomux.wakeup.domain.dht;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.protomux.wakeup.adapters.bouncycastle.BouncyCastleCrypto;
import io.protomux.wakeup.adapters.bouncycastle.RandomSources;
import io.protomux.wakeup.ports.crypto.Crypto;
import io.protomux.wakeup.testvectors.Vectors;
import org.junit.jupiter.api.Test;

class TokenSecretsTest {
  private static final Crypto CRYPTO = new BouncyCastleCrypto(RandomSources.seeded(2));
  private static final JsonNode TOKENS = DhtVectors.ROOT.get("tokens");

  private static TokenSecrets secrets(JsonNode pair) {
    return new TokenSecrets(Vectors.hex(pair.get(0)), Vectors.hex(pair.get(1)));
  }

  private static void assertTokens(TokenSecrets secrets, JsonNode expected) {
    assertThat(expected.size()).isPositive();
    for (JsonNode v : expected) {
      String host = v.get("host").asText();
      assertThat(Vectors.toHex(secrets.token(host, 0, CRYPTO)))
          .as("token0 %s", host)
          .isEqualTo(v.get("token0").asText());
      assertThat(Vectors.toHex(secrets.token(host, 1, CRYPTO)))
          .as("token1 %s", host)
          .isEqualTo(v.get("token1").asText());
      assertThat(Vectors.toHex(secrets.replyToken(host, CRYPTO)))
          .isEqualTo(v.get("token1").asText());
    }
  }

  @Test
  void tokensMatchTheVectors() {
    assertTokens(secrets(TOKENS.get("secrets")), TOKENS.get("tokens"));
  }

  @Test
  void rotationGivesTheVectorsSecretsAndTokens() {
    TokenSecrets rotated = secrets(TOKENS.get("secrets")).rotate(CRYPTO);
    assertThat(rotated).isEqualTo(secrets(TOKENS.get("secretsAfterOneRotation")));
    assertTokens(rotated, TOKENS.get("tokensAfterOneRotation"));
  }

  @Test
  void aTokenIsAcceptedForTwoGenerationsAndForItsHostOnly() {
    TokenSecrets secrets = secrets(TOKENS.get("secrets"));
    byte[] issued = secrets.replyToken("10.0.0.9", CRYPTO);
    assertThat(secrets.accepts("10.0.0.9", issued, CRYPTO)).isTrue();
    TokenSecrets once = secrets.rotate(CRYPTO);
    assertThat(once.accepts("10.0.0.9", issued, CRYPTO)).isTrue();
    assertThat(once.rotate(CRYPTO).accepts("10.0.0.9", issued, CRYPTO)).isFalse();
    assertThat(secrets.accepts("127.0.0.1", issued, CRYPTO)).isFalse();
    assertThat(secrets.accepts("10.0.0.9", null, CRYPTO)).isFalse();
    assertThat(secrets.accepts("10.0.0.9", new byte[5], CRYPTO)).isFalse();
  }

  @Test
  void theRequestTokenInTheVectorsIsTheReplyTokenForTheRequester() {
    // The FIND_PEER reply to 10.0.0.9 carries token1 of 10.0.0.9.
    String replyToken = DhtVectors.list("responses").get(3).get("fields").get("token").asText();
    assertThat(Vectors.toHex(secrets(TOKENS.get("secrets")).replyToken("10.0.0.9", CRYPTO)))
        .isEqualTo(replyToken);
  }

  @Test
  void refusesBadSecretsAndIndexes() {
    assertThatThrownBy(() -> new TokenSecrets(new byte[31], new byte[32]))
        .isInstanceOf(IllegalArgumentException.class);
    TokenSecrets secrets = new TokenSecrets(new byte[32], new byte[32]);
    assertThatThrownBy(() -> secrets.token("1.2.3.4", 2, CRYPTO))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(secrets.toString()).doesNotContain("0000");
  }
}
