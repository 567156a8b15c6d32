package io.protomux.wakeup.domain.dht;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.protomux.wakeup.testvectors.Vectors;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every request and response of dht-rpc.json, decoded to its fields and encoded to its bytes. */
class MessagesVectorsTest {

  static List<JsonNode> requests() {
    return DhtVectors.list("requests");
  }

  static List<JsonNode> responses() {
    return DhtVectors.list("responses");
  }

  @ParameterizedTest(name = "{index}: {0}")
  @MethodSource("requests")
  void requestBothWays(JsonNode v) {
    DhtRequest expected = DhtVectors.request(v.get("fields"));
    String hex = v.get("encoded").asText();
    assertThat(expected.flags()).isEqualTo(v.get("flags").asInt());
    assertThat(Vectors.toHex(Messages.encodeRequest(expected))).isEqualTo(hex);
    assertThat(Vectors.toHex(Messages.encode(expected))).isEqualTo(hex);
    DhtRequest decoded = Messages.decodeRequest(Vectors.hex(hex));
    assertThat(decoded).isEqualTo(expected);
    assertThat(Messages.decode(Vectors.hex(hex))).isEqualTo(expected);
    // The name in the vectors is the internal name only when the internal flag is set.
    String name = Commands.internalName(decoded.command());
    if (decoded.internal()) {
      assertThat(name).isEqualTo(v.get("fields").get("commandName").asText());
    } else {
      assertThat(v.get("fields").get("commandName").asText()).isNotEqualTo(name);
    }
  }

  @ParameterizedTest(name = "{index}: {0}")
  @MethodSource("responses")
  void responseBothWays(JsonNode v) {
    DhtResponse expected = DhtVectors.response(v.get("fields"));
    String hex = v.get("encoded").asText();
    assertThat(expected.flags()).isEqualTo(v.get("flags").asInt());
    assertThat(Vectors.toHex(Messages.encodeResponse(expected))).isEqualTo(hex);
    assertThat(Vectors.toHex(Messages.encode(expected))).isEqualTo(hex);
    assertThat(Messages.decodeResponse(Vectors.hex(hex))).isEqualTo(expected);
    assertThat(Messages.decode(Vectors.hex(hex))).isEqualTo(expected);
  }

  @Test
  void pingAndPeerHandshakeShareCommandZeroAndDifferOnlyByTheInternalFlag() {
    DhtRequest ping = Messages.decodeRequest(Vectors.hex(requests().get(0).get("encoded")));
    DhtRequest handshake = Messages.decodeRequest(Vectors.hex(requests().get(10).get("encoded")));
    assertThat(ping.command()).isZero().isEqualTo(handshake.command());
    assertThat(ping.internal()).isTrue();
    assertThat(handshake.internal()).isFalse();
  }

  @Test
  void constantsMatchTheVectors() {
    JsonNode c = DhtVectors.ROOT.get("constants");
    assertThat(Messages.VERSION).isEqualTo(c.get("versionNibble").asInt());
    assertThat(Messages.REQUEST_ID).isEqualTo(c.get("requestTypeByte").asInt());
    assertThat(Messages.RESPONSE_ID).isEqualTo(c.get("responseTypeByte").asInt());
    assertThat(Messages.K).isEqualTo(c.get("k").asInt());
    JsonNode internal = c.get("internalCommands");
    internal.fieldNames()
        .forEachRemaining(
            n -> assertThat(Commands.internalName(internal.get(n).asLong())).isEqualTo(n));
    assertThat(Commands.OK).isEqualTo(c.get("errors").get("OK").asInt());
    assertThat(Commands.UNKNOWN_COMMAND).isEqualTo(c.get("errors").get("UNKNOWN_COMMAND").asInt());
    assertThat(Commands.INVALID_TOKEN).isEqualTo(c.get("errors").get("INVALID_TOKEN").asInt());
    JsonNode rq = c.get("requestFlags");
    assertThat(List.of(DhtRequest.FLAG_ID, DhtRequest.FLAG_TOKEN, DhtRequest.FLAG_INTERNAL,
            DhtRequest.FLAG_TARGET, DhtRequest.FLAG_VALUE))
        .containsExactly(rq.get("id").asInt(), rq.get("token").asInt(),
            rq.get("internal").asInt(), rq.get("target").asInt(), rq.get("value").asInt());
    JsonNode rs = c.get("responseFlags");
    assertThat(List.of(DhtResponse.FLAG_ID, DhtResponse.FLAG_TOKEN, DhtResponse.FLAG_CLOSER_NODES,
            DhtResponse.FLAG_ERROR, DhtResponse.FLAG_VALUE))
        .containsExactly(rs.get("id").asInt(), rs.get("token").asInt(),
            rs.get("closerNodes").asInt(), rs.get("error").asInt(), rs.get("value").asInt());
  }

  @Test
  void recordsAreImmutable() {
    byte[] target = new byte[32];
    DhtRequest request =
        new DhtRequest(1, new PeerAddress("1.2.3.4", 5), null, null, true, 2, target, null);
    target[0] = 9;
    request.target()[1] = 9;
    assertThat(request.target()).isEqualTo(new byte[32]);
  }

  @Test
  void trailingBytesAreIgnoredAsByTheReference() {
    byte[] ping = Vectors.hex(requests().get(0).get("encoded").asText() + "ffff");
    assertThat(Messages.decodeRequest(ping))
        .isEqualTo(DhtVectors.request(requests().get(0).get("fields")));
  }
}
