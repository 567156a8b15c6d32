package io.protomux.wakeup.domain.dht;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.protomux.wakeup.adapters.bouncycastle.BouncyCastleCrypto;
import io.protomux.wakeup.adapters.bouncycastle.RandomSources;
import io.protomux.wakeup.ports.crypto.Crypto;
import io.protomux.wakeup.testvectors.Vectors;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class NodeIdTest {
  private static final Crypto CRYPTO = new BouncyCastleCrypto(RandomSources.seeded(1));
  /** The source address of every response vector, per the vector file's note. */
  private static final PeerAddress RESPONDER = new PeerAddress("10.0.0.1", 49737);

  static List<JsonNode> nodeIds() {
    return DhtVectors.list("nodeIds");
  }

  static List<JsonNode> responses() {
    return DhtVectors.list("responses");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("nodeIds")
  void idIsTheHashOfTheAddressEncoding(JsonNode v) {
    PeerAddress address = DhtVectors.address(v);
    assertThat(Vectors.toHex(address.encode())).isEqualTo(v.get("hashedBytes").asText());
    assertThat(Vectors.toHex(NodeId.of(address, CRYPTO))).isEqualTo(v.get("id").asText());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("responses")
  void receiverKeepsTheIdExactlyWhenTheVectorsSayItDoes(JsonNode v) {
    DhtResponse response = Messages.decodeResponse(Vectors.hex(v.get("encoded")));
    byte[] kept = NodeId.validate(response.id(), RESPONDER, CRYPTO);
    assertThat(kept != null).isEqualTo(v.get("idAcceptedByReceiver").asBoolean());
  }

  @Test
  void anIdFromAnotherAddressIsDropped() {
    byte[] id = NodeId.of(RESPONDER, CRYPTO);
    assertThat(NodeId.validate(id, new PeerAddress("10.0.0.1", 49738), CRYPTO)).isNull();
    assertThat(NodeId.validate(id, new PeerAddress("10.0.0.2", 49737), CRYPTO)).isNull();
    assertThat(NodeId.validate(id, RESPONDER, CRYPTO)).isEqualTo(id);
    assertThat(NodeId.validate(new byte[31], RESPONDER, CRYPTO)).isNull();
  }
}
