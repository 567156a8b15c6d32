package io.protomux.wakeup.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code demo}, as the README runs it, and {@code demo --tcp}. */
class DemoIT {
  @Test
  void theDhtDemoFindsThePeerThroughJavaDhtNodesAndShowsEveryStep() throws Exception {
    try (CliProcess demo = CliProcess.start("demo", CliImplementation.JAVA, List.of("demo"))) {
      assertThat(demo.awaitExit(Duration.ofSeconds(60))).isZero();

      assertThat(demo.stderr()).isEmpty();
      List<String> ofA = nodeEvents(demo, "a");
      List<String> ofB = nodeEvents(demo, "b");
      // a joins first and is found: it announces, b looks up and dials.
      assertThat(ofA).startsWith("joined", "connection", "peer-add", "peer-active");
      assertThat(ofA)
          .containsSubsequence(
              "announce", "lookup", "peer-inactive", "peer-active", "peer-remove");
      assertThat(ofB).contains("joined", "connection");
      assertThat(ofB).containsSubsequence("connection", "peer-add", "peer-active", "announce",
          "peer-remove");
      JsonNode joinedA = demo.events("joined").get(0);
      String publicKeyOfA = joinedA.get("publicKey").asText();
      String topic = joinedA.get("topic").asText();
      assertThat(demo.events("peer-add"))
          .allSatisfy(e -> assertThat(e.get("topic").asText()).isEqualTo(topic));
      JsonNode connectionOfB = demo.events("connection").stream()
          .filter(e -> e.get("node").asText().equals("b"))
          .findFirst()
          .orElseThrow();
      assertThat(connectionOfB.get("remotePublicKey").asText()).isEqualTo(publicKeyOfA);
      assertThat(connectionOfB.get("initiator").asBoolean()).isTrue();
      assertThat(demo.events("lookup").get(0).get("hash").asText()).isEqualTo("aa".repeat(32));
    }
  }

  @Test
  void theTcpDemoShowsEveryStepAndExitsZero() throws Exception {
    try (CliProcess demo =
        CliProcess.start("demo", CliImplementation.JAVA, List.of("demo", "--tcp"))) {
      assertThat(demo.awaitExit(Duration.ofSeconds(30))).isZero();

      assertThat(demo.stderr()).isEmpty();
      List<JsonNode> events = demo.events();
      assertThat(events.get(0).get("event").asText()).isEqualTo("listening");
      assertThat(events.get(0).get("node").asText()).isEqualTo("a");
      String publicKeyOfA = events.get(0).get("publicKey").asText();
      String topic = demo.events("peer-add").get(0).get("topic").asText();
      assertThat(events.subList(1, events.size()))
          .allSatisfy(event -> assertThat(event.get("topic").asText()).isEqualTo(topic));
      assertThat(nodeEvents(demo, "a"))
          .containsExactly(
              "listening", "peer-add", "peer-active", "announce", "lookup", "peer-inactive",
              "peer-active", "peer-inactive", "peer-remove");
      assertThat(nodeEvents(demo, "b"))
          .containsExactly(
              "peer-add", "peer-active", "announce", "peer-inactive", "peer-remove");
      JsonNode peerOfB = events.stream()
          .filter(e -> e.get("node").asText().equals("b") && e.get("event").asText().equals("peer-add"))
          .findFirst()
          .orElseThrow();
      assertThat(peerOfB.get("remotePublicKey").asText()).isEqualTo(publicKeyOfA);
      JsonNode lookup = demo.events("lookup").get(0);
      assertThat(lookup.get("hash").asText()).isEqualTo("aa".repeat(32));
      JsonNode answer =
          events.stream()
              .filter(e -> e.get("node").asText().equals("b") && e.get("event").asText().equals("announce"))
              .findFirst()
              .orElseThrow();
      assertThat(answer.get("wakeups").get(0).get("key").asText()).isEqualTo("aa".repeat(32));
      assertThat(answer.get("wakeups").get(0).get("length").asLong()).isEqualTo(1);
    }
  }

  private static List<String> nodeEvents(CliProcess demo, String node) {
    return demo.events().stream()
        .filter(event -> event.get("node").asText().equals(node))
        .map(event -> event.get("event").asText())
        .toList();
  }
}
