package io.protomux.wakeup.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code dht-node}: a first node, a second one joining it, the lines both print. */
class DhtNodeIT {
  private static final Duration WAIT = Duration.ofSeconds(30);

  @Test
  void aSecondNodeJoinsTheFirstAndTheFirstPrintsTheTableChange() throws Exception {
    try (CliProcess first = CliProcess.start("first", CliImplementation.JAVA,
        List.of("dht-node", "--host", "127.0.0.1", "--port", "0", "-v"))) {
      JsonNode listening = first.awaitEvent("listening", WAIT);
      int port = listening.get("port").asInt();
      assertThat(listening.get("host").asText()).isEqualTo("127.0.0.1");
      assertThat(port).isPositive();
      assertThat(listening.get("id").asText()).hasSize(64);
      try (CliProcess second = CliProcess.start("second", CliImplementation.JAVA,
          List.of("dht-node", "--port", "0", "--bootstrap", "127.0.0.1:" + port,
              "--timeout-ms", "3000"))) {
        JsonNode joined = second.awaitEvent("listening", WAIT);
        JsonNode added = first.awaitEvent("table-add", WAIT);
        assertThat(added.get("port").asInt()).isEqualTo(joined.get("port").asInt());
        assertThat(added.get("id").asText()).isEqualTo(joined.get("id").asText());
        assertThat(second.awaitExit(WAIT)).isZero();
      }
    }
  }
}
