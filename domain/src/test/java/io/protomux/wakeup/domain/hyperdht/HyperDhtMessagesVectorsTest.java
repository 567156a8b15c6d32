package io.protomux.wakeup.domain.hyperdht;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.protomux.wakeup.adapters.bouncycastle.BouncyCastleCrypto;
import io.protomux.wakeup.testvectors.Vectors;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every message of hyperdht-messages.json decoded to its fields and encoded to its bytes. */
class HyperDhtMessagesVectorsTest {

  static List<JsonNode> messages() {
    return HyperDhtVectors.messages();
  }

  @ParameterizedTest(name = "{index}: {0}")
  @MethodSource("messages")
  void decodesToTheReferenceFields(JsonNode v) {
    HyperDhtVectors.Kind kind = HyperDhtVectors.kindOf(v);
    Object expected = kind.fromJson().apply(v.get("decoded"));
    Object decoded = kind.decode().apply(Vectors.hex(v.get("encoded")));
    assertThat(decoded).isEqualTo(expected);
  }

  @ParameterizedTest(name = "{index}: {0}")
  @MethodSource("messages")
  void encodesToTheReferenceBytes(JsonNode v) {
    HyperDhtVectors.Kind kind = HyperDhtVectors.kindOf(v);
    String hex = v.get("encoded").asText();
    Object decoded = kind.decode().apply(Vectors.hex(hex));
    byte[] reencoded = kind.encode().apply(decoded);
    if (v.get("value").isNull()) {
      // Decode-only vectors (what only other senders produce): what we write decodes the same.
      assertThat(kind.decode().apply(reencoded)).isEqualTo(decoded);
      return;
    }
    assertThat(Vectors.toHex(reencoded)).isEqualTo(hex);
    if (!kind.type().equals("lookupRawReply")) {
      Object fromValue = kind.fromJson().apply(v.get("value"));
      assertThat(Vectors.toHex(kind.encode().apply(fromValue))).isEqualTo(hex);
    }
  }

  /** The reference writes LOOKUP replies from the records as its storage keeps them, encoded. */
  @Test
  void lookupRepliesEncodeFromRawRecords() {
    int checked = 0;
    for (JsonNode v : messages()) {
      if (!v.get("type").asText().equals("lookupRawReply") || v.get("value").isNull()) {
        continue;
      }
      List<byte[]> raw = new ArrayList<>();
      v.get("value").get("peers").forEach(p -> raw.add(Vectors.hex(p)));
      byte[] encoded = PeerRecords.encodeLookupReply(raw, v.get("value").get("bump").asLong());
      assertThat(Vectors.toHex(encoded)).isEqualTo(v.get("encoded").asText());
      checked++;
    }
    assertThat(checked).isEqualTo(2);
  }

  @Test
  void everyMessageTypeOfTheVectorsIsCovered() {
    List<String> types = new ArrayList<>();
    messages().forEach(v -> types.add(HyperDhtVectors.kindOf(v).type()));
    assertThat(types).containsAll(HyperDhtVectors.KINDS.keySet());
    assertThat(types).hasSize(36);
  }

  @Test
  void constantsMatchTheReference() {
    JsonNode commands = HyperDhtVectors.ROOT.get("commands");
    assertThat(commands.size()).isEqualTo(11);
    commands
        .fieldNames()
        .forEachRemaining(
            n -> assertThat(HyperDhtConstants.commandName(commands.get(n).asLong())).isEqualTo(n));
    assertThat(HyperDhtConstants.commandName(11)).isNull();
    assertThat(HyperDhtConstants.commandName(-1)).isNull();
    assertThat(
            List.of(
                HyperDhtConstants.PEER_HANDSHAKE, HyperDhtConstants.PEER_HOLEPUNCH,
                HyperDhtConstants.FIND_PEER, HyperDhtConstants.LOOKUP, HyperDhtConstants.ANNOUNCE,
                HyperDhtConstants.UNANNOUNCE, HyperDhtConstants.MUTABLE_PUT,
                HyperDhtConstants.MUTABLE_GET, HyperDhtConstants.IMMUTABLE_PUT,
                HyperDhtConstants.IMMUTABLE_GET, HyperDhtConstants.PLUGIN))
        .containsExactly(
            values(commands, "PEER_HANDSHAKE", "PEER_HOLEPUNCH", "FIND_PEER", "LOOKUP", "ANNOUNCE",
                "UNANNOUNCE", "MUTABLE_PUT", "MUTABLE_GET", "IMMUTABLE_PUT", "IMMUTABLE_GET",
                "PLUGIN"));
    assertThat(
            List.of(
                HyperDhtConstants.FIREWALL_UNKNOWN, HyperDhtConstants.FIREWALL_OPEN,
                HyperDhtConstants.FIREWALL_CONSISTENT, HyperDhtConstants.FIREWALL_RANDOM))
        .containsExactly(
            values(HyperDhtVectors.ROOT.get("firewall"), "UNKNOWN", "OPEN", "CONSISTENT",
                "RANDOM"));
    assertThat(
            List.of(
                HyperDhtConstants.ERROR_NONE, HyperDhtConstants.ERROR_ABORTED,
                HyperDhtConstants.ERROR_VERSION_MISMATCH, HyperDhtConstants.ERROR_TRY_LATER,
                HyperDhtConstants.ERROR_SEQ_REUSED, HyperDhtConstants.ERROR_SEQ_TOO_LOW))
        .containsExactly(
            values(HyperDhtVectors.ROOT.get("errors"), "NONE", "ABORTED", "VERSION_MISMATCH",
                "TRY_LATER", "SEQ_REUSED", "SEQ_TOO_LOW"));
    assertThat(
            List.of(
                HyperDhtConstants.MODE_FROM_CLIENT, HyperDhtConstants.MODE_FROM_SERVER,
                HyperDhtConstants.MODE_FROM_RELAY, HyperDhtConstants.MODE_FROM_SECOND_RELAY,
                HyperDhtConstants.MODE_REPLY))
        .containsExactly(
            values(HyperDhtVectors.ROOT.get("handshakeModes"), "FROM_CLIENT", "FROM_SERVER",
                "FROM_RELAY", "FROM_SECOND_RELAY", "REPLY"));
  }

  @Test
  void namespacesMatchTheReference() {
    JsonNode ns = HyperDhtVectors.ROOT.get("namespaces");
    JsonNode values = ns.get("values");
    Namespaces namespaces = Namespaces.derive(new BouncyCastleCrypto());
    assertThat(Vectors.toHex(namespaces.base())).isEqualTo(ns.get("base").asText());
    assertThat(Vectors.toHex(namespaces.announce())).isEqualTo(values.get("ANNOUNCE").asText());
    assertThat(Vectors.toHex(namespaces.unannounce()))
        .isEqualTo(values.get("UNANNOUNCE").asText());
    assertThat(Vectors.toHex(namespaces.mutablePut()))
        .isEqualTo(values.get("MUTABLE_PUT").asText());
    assertThat(Vectors.toHex(namespaces.peerHandshake()))
        .isEqualTo(values.get("PEER_HANDSHAKE").asText());
    assertThat(Vectors.toHex(namespaces.peerHolepunch()))
        .isEqualTo(values.get("PEER_HOLEPUNCH").asText());
    assertThat(Vectors.toHex(namespaces.plugin())).isEqualTo(values.get("PLUGIN").asText());
    assertThat(values.size()).isEqualTo(6);
    // The accessors hand out copies.
    namespaces.announce()[0] ^= 1;
    assertThat(Vectors.toHex(namespaces.announce())).isEqualTo(values.get("ANNOUNCE").asText());
  }

  @Test
  void aServerKeyIsFoundUnderTheHashOfTheKey() {
    BouncyCastleCrypto crypto = new BouncyCastleCrypto();
    for (JsonNode e : HyperDhtVectors.ROOT.get("targets").get("examples")) {
      assertThat(Vectors.toHex(crypto.hash(Vectors.hex(e.get("publicKey")))))
          .isEqualTo(e.get("target").asText());
      assertThat(Vectors.toHex(crypto.keyPair(Vectors.hex(e.get("seed"))).secretKey()))
          .isEqualTo(e.get("secretKey").asText());
    }
  }

  private static Integer[] values(JsonNode node, String... names) {
    Integer[] out = new Integer[names.length];
    for (int i = 0; i < names.length; i++) {
      out[i] = node.get(names[i]).asInt();
    }
    return out;
  }
}
