package io.protomux.wakeup.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The library logs through System.Logger: nothing reaches stderr unless {@code -v} asks, and then
 * one line per record.
 */
class LoggingIT {
  private static final Duration WAIT = Duration.ofSeconds(20);
  private static final String CAP = Keys.hex(0x11);
  private static final Pattern HANDSHAKE_FAILED =
      Pattern.compile(
          "\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z INFO"
              + " io\\.protomux\\.wakeup\\.domain\\.wakeup\\.WakeupSwarm: handshake with"
              + " 127\\.0\\.0\\.1:\\d+ failed: .+");

  private final List<CliProcess> processes = new ArrayList<>();

  @AfterEach
  void killLeftovers() {
    processes.forEach(CliProcess::close);
  }

  @Test
  void verboseShowsAFailedHandshakeOnOneLine() throws Exception {
    CliProcess listener = listen("-v");
    failAHandshake(listener);

    awaitStderr(listener, HANDSHAKE_FAILED);
    listener.terminate();
    assertThat(listener.awaitExit(WAIT)).isZero();
    for (String line : listener.stderr().split("\n")) {
      // Every record is one line of this shape, DEBUG ones included.
      assertThat(line).matches("\\S+Z (ERROR|WARNING|INFO|DEBUG|TRACE) \\S+: .*");
    }
    assertThat(listener.stderr()).contains(" DEBUG io.protomux.wakeup.node.Shard: stream with ");
  }

  @Test
  void withoutVerboseNothingIsLogged() throws Exception {
    CliProcess listener = listen("--exit-on", "peer-add");
    failAHandshake(listener);
    // The handshake failure is counted (and would be logged) before the next connection's.
    CliProcess connector =
        CliProcess.start(
            "connector",
            CliImplementation.JAVA,
            List.of("connect", "--port", listener.events("listening").get(0).get("port").asText(),
                "--capability", CAP));
    processes.add(connector);

    assertThat(listener.awaitExit(WAIT)).isZero();
    assertThat(connector.awaitExit(WAIT)).isZero();
    assertThat(listener.stderr()).isEmpty();
    assertThat(connector.stderr()).isEmpty();
  }

  private CliProcess listen(String... options) throws InterruptedException {
    List<String> args = new ArrayList<>(List.of("listen", "--capability", CAP));
    args.addAll(List.of(options));
    CliProcess listener = CliProcess.start("listener", CliImplementation.JAVA, args);
    processes.add(listener);
    listener.awaitEvent("listening", WAIT);
    return listener;
  }

  /** A connection that sends a little noise and hangs up in the middle of the handshake. */
  private static void failAHandshake(CliProcess listener) throws IOException, InterruptedException {
    JsonNode listening = listener.awaitEvent("listening", WAIT);
    try (Socket socket =
            new Socket(InetAddress.getLoopbackAddress(), listening.get("port").asInt());
        OutputStream out = socket.getOutputStream()) {
      out.write(new byte[] {0x40, 0, 0, 'n', 'o', 'i', 's', 'e'});
      out.flush();
    }
  }

  private static void awaitStderr(CliProcess process, Pattern line) throws InterruptedException {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (System.nanoTime() < deadline) {
      if (process.stderr().lines().anyMatch(l -> line.matcher(l).matches())) {
        return;
      }
      Thread.sleep(50);
    }
    throw new AssertionError("no line like " + line + " in:\n" + process.stderr());
  }
}
