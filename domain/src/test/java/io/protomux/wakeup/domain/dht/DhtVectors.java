package io.protomux.wakeup.domain.dht;

import com.fasterxml.jackson.databind.JsonNode;
import io.protomux.wakeup.testvectors.Vectors;
import java.util.ArrayList;
import java.util.List;

/** Reads dht-rpc.json's fields into the domain's types, for the tests of this package. */
final class DhtVectors {
  static final JsonNode ROOT = Vectors.load("dht/dht-rpc.json");

  private DhtVectors() {}

  static List<JsonNode> list(String section) {
    List<JsonNode> out = new ArrayList<>();
    ROOT.get(section).forEach(out::add);
    if (out.isEmpty()) {
      throw new IllegalStateException("no vectors in " + section);
    }
    return out;
  }

  static PeerAddress address(JsonNode node) {
    return new PeerAddress(node.get("host").asText(), node.get("port").asInt());
  }

  /** Null for JSON null, else the hex string's bytes. */
  static byte[] bytesOrNull(JsonNode node) {
    return node == null || node.isNull() ? null : Vectors.hex(node);
  }

  static DhtRequest request(JsonNode fields) {
    return new DhtRequest(
        fields.get("tid").asInt(),
        address(fields.get("to")),
        bytesOrNull(fields.get("id")),
        bytesOrNull(fields.get("token")),
        fields.get("internal").asBoolean(),
        fields.get("command").asLong(),
        bytesOrNull(fields.get("target")),
        bytesOrNull(fields.get("value")));
  }

  static DhtResponse response(JsonNode fields) {
    JsonNode closer = fields.get("closerNodes");
    List<PeerAddress> nodes = null;
    if (!closer.isNull()) {
      nodes = new ArrayList<>();
      for (JsonNode n : closer) {
        nodes.add(address(n));
      }
    }
    return new DhtResponse(
        fields.get("tid").asInt(),
        address(fields.get("to")),
        bytesOrNull(fields.get("id")),
        bytesOrNull(fields.get("token")),
        nodes,
        fields.get("error").asLong(),
        bytesOrNull(fields.get("value")));
  }
}
