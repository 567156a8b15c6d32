package io.protomux.wakeup.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.protomux.wakeup.domain.Key32;
import io.protomux.wakeup.domain.wakeup.messages.Wakeup;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class EventTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Key32 TOPIC = Key32.fromHex("0a".repeat(32));
  private static final Key32 KEY = Key32.fromHex("b1".repeat(32));

  @Test
  void linesAreTheDocumentedJsonObjects() throws Exception {
    assertThat(Event.listening("127.0.0.1", 4000, KEY).toJson(null))
        .isEqualTo(
            "{\"event\":\"listening\",\"host\":\"127.0.0.1\",\"port\":4000,\"publicKey\":\""
                + KEY.toHex() + "\"}");
    assertThat(Event.peerAdd(TOPIC, KEY).toJson(null))
        .isEqualTo(
            "{\"event\":\"peer-add\",\"topic\":\"" + TOPIC.toHex()
                + "\",\"remotePublicKey\":\"" + KEY.toHex() + "\"}");
    assertThat(Event.lookup(TOPIC, Optional.empty(), KEY).toJson(null))
        .isEqualTo(
            "{\"event\":\"lookup\",\"topic\":\"" + TOPIC.toHex() + "\",\"hash\":null"
                + ",\"remotePublicKey\":\"" + KEY.toHex() + "\"}");
    JsonNode announce =
        JSON.readTree(
            Event.announce(
                    TOPIC, List.of(new Wakeup(KEY, 9007199254740991L), new Wakeup(TOPIC, 0)), KEY)
                .toJson(null));
    assertThat(announce.get("wakeups").get(0).get("key").asText()).isEqualTo(KEY.toHex());
    assertThat(announce.get("wakeups").get(0).get("length").asLong()).isEqualTo(9007199254740991L);
    assertThat(announce.get("wakeups").get(1).get("length").asLong()).isZero();
    assertThat(Event.announce(TOPIC, List.of(), KEY).toJson(null))
        .endsWith("\"wakeups\":[],\"remotePublicKey\":\"" + KEY.toHex() + "\"}");
  }

  @Test
  void aNodeLabelFollowsTheEventName() {
    assertThat(Event.peerRemove(TOPIC, KEY).toJson("a"))
        .isEqualTo(
            "{\"event\":\"peer-remove\",\"node\":\"a\",\"topic\":\"" + TOPIC.toHex()
                + "\",\"remotePublicKey\":\"" + KEY.toHex() + "\"}");
  }

  @Test
  void stringsAreEscaped() throws Exception {
    String host = "we\"ird\\host\n\u00e9";
    JsonNode line = JSON.readTree(Event.listening(host, 1, KEY).toJson(null));
    assertThat(line.get("host").asText()).isEqualTo(host);
  }

  @Test
  void mutedOutputPrintsNothingButStillTellsListeners() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    EventOutput output = new EventOutput(new PrintStream(bytes, true, StandardCharsets.UTF_8), null);
    List<String> heard = new ArrayList<>();
    output.addListener(event -> heard.add(event.name()));

    output.emit(Event.peerActive(TOPIC, KEY));
    output.mute();
    output.emit(Event.peerInactive(TOPIC, KEY));

    assertThat(bytes.toString(StandardCharsets.UTF_8).lines()).hasSize(1);
    assertThat(heard).containsExactly("peer-active", "peer-inactive");
  }

  @Test
  void theExitConditionWaitsForEveryTopic() {
    Key32 other = Key32.fromHex("0b".repeat(32));
    int[] met = {0};
    ExitCondition condition =
        new ExitCondition(ExitEvent.LOOKUP, java.util.Set.of(TOPIC, other), () -> met[0]++);

    condition.accept(Event.lookup(TOPIC, Optional.empty(), KEY));
    condition.accept(Event.peerAdd(other, KEY));
    condition.accept(Event.lookup(TOPIC, Optional.empty(), KEY));
    assertThat(met[0]).isZero();
    condition.accept(Event.lookup(other, Optional.empty(), KEY));
    condition.accept(Event.lookup(other, Optional.empty(), KEY));
    assertThat(met[0]).isEqualTo(1);
  }
}
