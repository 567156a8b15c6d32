package io.protomux.wakeup.domain.dht;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.protomux.wakeup.domain.hyperdht.HyperDhtConstants;
import io.protomux.wakeup.domain.hyperdht.StorageOptions;
import io.protomux.wakeup.testvectors.Vectors;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * live-exchange-storage.json (HYPERDHT.md 6.8) replayed at Java nodes: every storage request the
 * JS client and server nodes sent to the testnet (immutable put and get, mutable put of seq 1 and
 * then the refused seq 0, mutable get) goes, with the same command, target and value, to the Java
 * node standing in for the JS node it went to (node0 ephemeral, node1 and node2 persistent
 * storage nodes); the Java node must answer with the JS node's flags, error and value. Only the
 * tokens differ: a write carries the token the Java node gave in its own earlier reply, as the JS
 * client used the JS node's.
 */
class CaptureStorageReplayTest {
  private static final List<String> STORAGE =
      List.of("IMMUTABLE_GET", "IMMUTABLE_PUT", "MUTABLE_GET", "MUTABLE_PUT");

  private final StorageNet net = new StorageNet(81, StorageOptions.DEFAULTS);
  private final Map<String, DhtTestNet.Scripted> requesters = Map.of(
      "client-dht", net.net.scripted("10.6.0.1", 49741),
      "server-dht", net.net.scripted("10.6.0.2", 49740));
  private final Map<String, DhtNode> nodes = Map.of("node0", net.boot, "node1", net.s1,
      "node2", net.s2);
  private final Map<String, byte[]> tokens = new HashMap<>();

  private static String node(JsonNode datagram, String field) {
    String label = datagram.get(field).asText();
    return label.substring(0, label.indexOf('.'));
  }

  private static byte[] bytes(JsonNode node) {
    return node == null || node.isNull() ? null : Vectors.hex(node);
  }

  @Test
  void javaStorageNodesAnswerAsTheJsStorageNodesDid() {
    List<JsonNode> datagrams = list(Vectors.load("dht/live-exchange-storage.json").get("datagrams"));
    int replayed = 0;
    int refused = 0;
    int unknown = 0;
    for (JsonNode g : datagrams) {
      JsonNode d = g.get("decoded");
      if (!d.get("type").asText().equals("request") || !STORAGE.contains(d.get("commandName")
          .asText())) {
        continue;
      }
      String from = node(g, "fromLabel");
      String to = node(g, "toLabel");
      JsonNode expected = answer(datagrams, g);
      DhtTestNet.Scripted requester = requesters.get(from);
      DhtNode node = nodes.get(to);
      byte[] token = d.get("token").isNull() ? null : tokens.get(from + to);
      assertThat(d.get("token").isNull()).as("#%s: a write follows a read", g.get("n"))
          .isEqualTo(token == null);
      DhtResponse ours = net.ask(requester, node, d.get("command").asLong(),
          bytes(d.get("target")), token, bytes(d.get("value")));
      String what = "#" + g.get("n") + " " + d.get("commandName").asText() + " at " + to;
      assertThat(ours).as(what).isNotNull();
      JsonNode e = expected.get("decoded");
      assertThat(ours.flags()).as(what + " flags").isEqualTo(e.get("flags").asInt());
      assertThat(ours.error()).as(what + " error").isEqualTo(e.get("error").asLong());
      assertThat(ours.value()).as(what + " value").isEqualTo(bytes(e.get("value")));
      assertThat(ours.id()).as(what + " id").isEqualTo(node.id());
      assertThat(ours.to()).isEqualTo(requester.address);
      if (ours.token() != null) {
        tokens.put(from + to, ours.token());
      }
      replayed++;
      if (ours.error() == HyperDhtConstants.ERROR_SEQ_TOO_LOW) {
        refused++;
      }
      if (ours.error() == Commands.UNKNOWN_COMMAND) {
        unknown++;
      }
    }
    assertThat(replayed).isEqualTo(21);
    assertThat(refused).as("the seq 0 put at node1 and node2").isEqualTo(2);
    assertThat(unknown).as("every read at the ephemeral node0").isEqualTo(5);
  }

  /** The response with the request's tid from the node it went to. */
  private static JsonNode answer(List<JsonNode> datagrams, JsonNode request) {
    int tid = request.get("decoded").get("tid").asInt();
    String node = node(request, "toLabel");
    for (JsonNode x : datagrams) {
      JsonNode d = x.get("decoded");
      if (x.get("n").asInt() > request.get("n").asInt() && d.get("type").asText().equals("response")
          && d.get("tid").asInt() == tid && node(x, "fromLabel").equals(node)) {
        return x;
      }
    }
    throw new IllegalStateException("no answer to #" + request.get("n"));
  }

  private static List<JsonNode> list(JsonNode array) {
    List<JsonNode> out = new ArrayList<>();
    array.forEach(out::add);
    return out;
  }
}
