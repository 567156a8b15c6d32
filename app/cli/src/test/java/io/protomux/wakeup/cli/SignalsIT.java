package io.protomux.wakeup.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * SIGTERM and SIGINT end a Java {@code listen} or {@code connect} in order: its remote, the Node
 * reference, sees the peer leave and ends too, and the Java process exits 0 within 5 s.
 */
class SignalsIT {
  private static final Duration WAIT = Duration.ofSeconds(20);
  // What the contract promises between the signal and the exit.
  private static final Duration STOP = Duration.ofSeconds(5);
  private static final String CAP = Keys.hex(0x11);
  private static final String LISTENER_SEED = Keys.hex(0x21);
  private static final String CONNECTOR_SEED = Keys.hex(0x22);

  private final List<CliProcess> processes = new ArrayList<>();

  static Stream<Arguments> cases() {
    return Stream.of(
        Arguments.of("listen", "TERM"),
        Arguments.of("listen", "INT"),
        Arguments.of("connect", "TERM"),
        Arguments.of("connect", "INT"));
  }

  @AfterEach
  void killLeftovers() {
    processes.forEach(CliProcess::close);
  }

  @ParameterizedTest(name = "SIG{1} ends a Java {0} in order")
  @MethodSource("cases")
  void aSignalEndsTheRunInOrder(String javaRole, String signal) throws Exception {
    boolean javaListens = javaRole.equals("listen");
    // Neither side has --exit-on: only the signal ends the Java side.
    CliProcess listener =
        start(
            "listener",
            javaListens ? CliImplementation.JAVA : CliImplementation.NODE,
            "listen", "--capability", CAP, "--seed", LISTENER_SEED, "--timeout-ms", "30000");
    JsonNode listening = listener.awaitEvent("listening", WAIT);
    CliProcess connector =
        start(
            "connector",
            javaListens ? CliImplementation.NODE : CliImplementation.JAVA,
            "connect", "--host", listening.get("host").asText(), "--port",
            listening.get("port").asText(), "--capability", CAP, "--seed", CONNECTOR_SEED,
            "--timeout-ms", "30000");
    listener.awaitEvent("peer-add", WAIT);
    connector.awaitEvent("peer-add", WAIT);
    CliProcess java = javaListens ? listener : connector;
    CliProcess reference = javaListens ? connector : listener;

    if (signal.equals("TERM")) {
      java.terminate();
    } else {
      java.interrupt();
    }

    assertThat(java.awaitExit(STOP)).isZero();
    assertThat(java.stderr()).isEmpty();
    JsonNode left = reference.awaitEvent("peer-remove", WAIT);
    assertThat(left.get("topic").asText()).isEqualTo(Keys.topic(CAP));
    assertThat(left.get("remotePublicKey").asText())
        .isEqualTo(Keys.publicKey(javaListens ? LISTENER_SEED : CONNECTOR_SEED));
    if (!javaListens) {
      // The reference listener runs on (until its timeout); the reference connector ends once
      // its peer closed in order, with 0.
      return;
    }
    assertThat(reference.awaitExit(WAIT)).isZero();
    assertThat(reference.stderr()).isEmpty();
  }

  private CliProcess start(String label, CliImplementation implementation, String... args) {
    CliProcess process = CliProcess.start(label, implementation, List.of(args));
    processes.add(process);
    return process;
  }
}
