package io.protomux.wakeup.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The packaged jar takes its secrets from files and environment variables, off the argv. */
class SecretsIT {
  private static final Duration WAIT = Duration.ofSeconds(20);
  private static final String CAP = Keys.hex(0x11);
  private static final String OTHER_CAP = Keys.hex(0x12);
  private static final String LISTENER_SEED = Keys.hex(0x21);
  private static final String CONNECTOR_SEED = Keys.hex(0x22);

  @TempDir Path dir;
  private final List<CliProcess> processes = new ArrayList<>();

  @AfterEach
  void killLeftovers() {
    processes.forEach(CliProcess::close);
  }

  @Test
  void filesAndVariablesCarryTheCapabilitiesAndTheSeed() throws Exception {
    CliProcess listener =
        start(
            Map.of(
                Secrets.CAPABILITIES_VARIABLE, CAP + "," + OTHER_CAP,
                Secrets.SEED_VARIABLE, LISTENER_SEED),
            "listen", "--exit-on", "peer-add");
    JsonNode listening = listener.awaitEvent("listening", WAIT);
    assertThat(listening.get("publicKey").asText()).isEqualTo(Keys.publicKey(LISTENER_SEED));

    Path capabilities =
        Files.writeString(dir.resolve("capabilities"), "# ours\n" + CAP + "\n\n" + OTHER_CAP + "\n");
    Path seed = Files.writeString(dir.resolve("seed"), CONNECTOR_SEED + "\n");
    CliProcess connector =
        start(
            Map.of(),
            "connect", "--port", listening.get("port").asText(), "--capability-file",
            capabilities.toString(), "--seed-file", seed.toString(), "--exit-on", "peer-add");

    assertThat(listener.awaitExit(WAIT)).isZero();
    assertThat(connector.awaitExit(WAIT)).isZero();
    assertThat(listener.events("peer-add"))
        .extracting(event -> event.get("topic").asText())
        .containsExactlyInAnyOrder(Keys.topic(CAP), Keys.topic(OTHER_CAP));
    assertThat(listener.events("peer-add"))
        .allSatisfy(
            event ->
                assertThat(event.get("remotePublicKey").asText())
                    .isEqualTo(Keys.publicKey(CONNECTOR_SEED)));
    assertThat(connector.events("peer-add"))
        .allSatisfy(
            event ->
                assertThat(event.get("remotePublicKey").asText())
                    .isEqualTo(Keys.publicKey(LISTENER_SEED)));
  }

  @Test
  void aBadSecretIsNamedButNeverPrinted() throws Exception {
    String secret = "5ec7e7" + "00".repeat(29);
    Path file = Files.writeString(dir.resolve("caps"), secret + "x\n");
    CliProcess listener = start(Map.of(), "listen", "--capability-file", file.toString());

    assertThat(listener.awaitExit(WAIT)).isEqualTo(2);
    assertThat(listener.stderr())
        .isEqualTo(
            "error: --capability-file " + file + " line 1 needs 64 hex digits (32 bytes), got 65"
                + " characters\n")
        .doesNotContain("5ec7e7");
  }

  private CliProcess start(Map<String, String> env, String... args) {
    CliProcess process = CliProcess.start(args[0], CliImplementation.JAVA, List.of(args), env);
    processes.add(process);
    return process;
  }
}
