package io.protomux.wakeup.domain.dht;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Replays operation lists recorded from the real kademlia-routing-table 1.0.6
 * (interop/gen-routing-table-vectors.js): every add/remove/get answer, every closest() list in
 * its exact order, and the size after every operation must be the reference's.
 */
class RoutingTableVectorsTest {
  private static final JsonNode VECTORS = JsonResources.load("dht/routing-table-vectors.json");
  private static final HexFormat HEX = HexFormat.of();

  private static DhtPeer peer(byte[] id, int n) {
    return new DhtPeer(id, new PeerAddress("10.0." + (n >> 8 & 0xff) + "." + (n & 0xff), 1000 + n));
  }

  @Test
  void everyCaseReplaysExactly() {
    JsonNode cases = VECTORS.get("cases");
    assertThat(cases.size()).isGreaterThanOrEqualTo(30);
    int refused = 0;
    int closestCalls = 0;
    int replaced = 0;
    for (int c = 0; c < cases.size(); c++) {
      JsonNode testCase = cases.get(c);
      RoutingTable table = new RoutingTable(HEX.parseHex(testCase.get("id").asText()),
          testCase.get("k").asInt());
      List<byte[]> ids = new ArrayList<>();
      testCase.get("ids").forEach(h -> ids.add(HEX.parseHex(h.asText())));
      JsonNode ops = testCase.get("ops");
      for (int i = 0; i < ops.size(); i++) {
        JsonNode op = ops.get(i);
        String kind = op.get("op").asText();
        String where = "case " + c + " op " + i + " " + kind;
        switch (kind) {
          case "add" -> {
            int index = op.get("id").asInt();
            DhtPeer before = table.get(ids.get(index));
            DhtPeer node = peer(ids.get(index), i);
            boolean added = table.add(node);
            assertThat(added).as(where).isEqualTo(op.get("result").asBoolean());
            if (!added) {
              refused++;
              assertThat(table.get(ids.get(index))).as(where + " refused").isNull();
            } else {
              // A re-add replaces the node object, as the reference's row does.
              assertThat(table.get(ids.get(index))).as(where + " held").isSameAs(node);
              if (before != null) {
                replaced++;
              }
            }
          }
          case "remove" -> assertThat(table.remove(ids.get(op.get("id").asInt())))
              .as(where).isEqualTo(op.get("result").asBoolean());
          case "get" -> assertThat(table.get(ids.get(op.get("id").asInt())) != null)
              .as(where).isEqualTo(op.get("result").asBoolean());
          case "closest" -> {
            closestCalls++;
            List<DhtPeer> closest =
                table.closest(ids.get(op.get("id").asInt()), op.get("count").asInt());
            assertThat(hexIds(closest)).as(where).containsExactlyElementsOf(expectedIds(op, ids));
          }
          case "toArray" -> assertThat(hexIds(table.toList()))
              .as(where).containsExactlyElementsOf(expectedIds(op, ids));
          default -> throw new AssertionError("unknown op " + kind);
        }
        assertThat(table.size()).as(where + " size").isEqualTo(op.get("size").asInt());
      }
    }
    assertThat(refused).as("full rows refused").isGreaterThan(100);
    assertThat(closestCalls).isGreaterThan(500);
    assertThat(replaced).isGreaterThan(10);
  }

  @Test
  void theOwnIdGoesToTheLastRowAndIdsMustBe32Bytes() {
    byte[] id = new byte[32];
    RoutingTable table = new RoutingTable(id, 20);
    assertThat(table.add(peer(id.clone(), 1))).isTrue();
    assertThat(table.size()).isEqualTo(1);
    assertThat(table.isOwnId(id.clone())).isTrue();
    byte[] far = new byte[32];
    far[0] = (byte) 0x80;
    assertThat(table.add(peer(far, 2))).isTrue();
    // Row 255 (own id) first as the target's row, then down to row 0.
    assertThat(hexIds(table.closest(id, 20))).containsExactly(HEX.formatHex(id), HEX.formatHex(far));
    assertThat(hexIds(table.closest(far, 1))).containsExactly(HEX.formatHex(far));
    assertThat(table.nth(0).rawId()).isEqualTo(far);
    assertThat(table.nth(1).rawId()).isEqualTo(id);
    assertThat(table.nth(2)).isNull();
    assertThatThrownBy(() -> new RoutingTable(new byte[31], 20))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(table.id()).isEqualTo(id).isNotSameAs(table.id());
  }

  private static List<String> hexIds(List<DhtPeer> nodes) {
    List<String> out = new ArrayList<>();
    for (DhtPeer node : nodes) {
      out.add(HEX.formatHex(node.rawId()));
    }
    return out;
  }

  private static List<String> expectedIds(JsonNode op, List<byte[]> ids) {
    List<String> out = new ArrayList<>();
    op.get("result").forEach(i -> out.add(HEX.formatHex(ids.get(i.asInt()))));
    return out;
  }
}
