package io.protomux.wakeup.interop;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.protomux.wakeup.domain.Key32;
import io.protomux.wakeup.domain.wakeup.Capability;
import io.protomux.wakeup.domain.wakeup.SessionOptions;
import io.protomux.wakeup.domain.wakeup.WakeupSession;
import io.protomux.wakeup.domain.wakeup.messages.Lookup;
import io.protomux.wakeup.domain.wakeup.messages.Wakeup;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.stream.Collectors;

/**
 * The wakeup conversation the DHT interop tests run on a fresh connection between the Java wakeup
 * swarm and a Node script speaking wakeup-peer.js's commands: both join a topic, Java looks up and
 * gets Node's announce, Node looks up with a hash and gets Java's, and Java going inactive reaches
 * Node.
 */
final class WakeupExchange {
  private static final HexFormat HEX = HexFormat.of();
  private static final Duration WAIT = Duration.ofSeconds(30);

  private WakeupExchange() {}

  static void run(NodePeer node, JavaWakeup wakeup, Random random) throws InterruptedException {
    Capability cap = Capability.of(bytes(random, 32));
    List<Wakeup> nodeWakeups = wakeups(random, 3);
    List<Wakeup> javaWakeups = wakeups(random, 2);
    String topic = node.command(sessionCommand(cap, nodeWakeups)).get("topic").asText();
    WakeupSession session = wakeup.session(cap, SessionOptions.DEFAULTS, javaWakeups);
    assertThat(wakeup.await("add " + topic)).endsWith(" true");
    node.await(e -> "peer-add".equals(e.path("event").asText()), WAIT);

    wakeup.run(() -> session.broadcastLookup(Lookup.withoutHash()));
    assertThat(node.await(e -> "lookup".equals(e.path("event").asText()), WAIT).get("hash").isNull())
        .isTrue();
    assertThat(wakeup.await("announce " + topic))
        .isEqualTo("announce " + topic + " " + JavaWakeup.describe(nodeWakeups));

    String hash = HEX.formatHex(bytes(random, 32));
    node.command("{\"cmd\":\"lookup\",\"topic\":\"" + topic + "\",\"hash\":\"" + hash + "\"}");
    assertThat(wakeup.await("lookup " + topic)).isEqualTo("lookup " + topic + " " + hash);
    JsonNode announce = node.await(e -> "announce".equals(e.path("event").asText()), WAIT);
    assertThat(describe(announce.get("wakeups"))).isEqualTo(JavaWakeup.describe(javaWakeups));

    wakeup.run(session::inactive);
    assertThat(node.await(e -> "peer-inactive".equals(e.path("event").asText()), WAIT)
        .get("topic").asText()).isEqualTo(topic);
  }

  /** wakeup-peer.js's {@code session} command, answering lookups with {@code respond}. */
  static String sessionCommand(Capability cap, List<Wakeup> respond) {
    return "{\"cmd\":\"session\",\"capability\":\"" + HEX.formatHex(cap.bytes())
        + "\",\"active\":true,\"respond\":["
        + respond.stream()
            .map(w -> "{\"key\":\"" + w.key().toHex() + "\",\"length\":" + w.length() + "}")
            .collect(Collectors.joining(","))
        + "]}";
  }

  /** A JSON wakeups array as {@link JavaWakeup#describe} writes a list. */
  static String describe(JsonNode wakeups) {
    List<String> parts = new ArrayList<>();
    wakeups.forEach(w -> parts.add(w.get("key").asText() + ":" + w.get("length").asLong()));
    return String.join(",", parts);
  }

  static List<Wakeup> wakeups(Random random, int count) {
    List<Wakeup> out = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      out.add(new Wakeup(Key32.of(bytes(random, 32)), 1000L * (i + 1)));
    }
    return out;
  }

  static byte[] bytes(Random random, int n) {
    byte[] out = new byte[n];
    random.nextBytes(out);
    return out;
  }
}
