package io.protomux.wakeup.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** {@code listen --metrics-port}: Prometheus text from the packaged jar, scraped over HTTP. */
class MetricsIT {
  private static final Duration WAIT = Duration.ofSeconds(20);
  private static final String CAP = Keys.hex(0x11);
  private static final String OTHER_CAP = Keys.hex(0x12);
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  private final List<CliProcess> processes = new ArrayList<>();

  @AfterEach
  void killLeftovers() {
    processes.forEach(CliProcess::close);
  }

  @Test
  void theGaugesShowAConnectedPeerAndWhatWentWrong() throws Exception {
    String discoveryKey = Keys.hex(0x51);
    CliProcess listener =
        start(CliImplementation.JAVA, "listen", "--capability", CAP, "--discovery-key",
            discoveryKey, "--metrics-port", "0");
    JsonNode listening = listener.awaitEvent("listening", WAIT);
    JsonNode metrics = listener.awaitEvent("metrics", WAIT);
    assertThat(listener.eventNames()).startsWith("listening", "metrics");
    assertThat(metrics.get("host").asText()).isEqualTo("127.0.0.1");
    assertThat(metrics.get("port").asInt()).isPositive();
    URI endpoint = URI.create("http://127.0.0.1:" + metrics.get("port").asInt() + "/metrics");

    CliProcess connector =
        start(CliImplementation.NODE, "connect", "--port", listening.get("port").asText(),
            "--capability", CAP, "--discovery-key", discoveryKey, "--timeout-ms", "30000");
    connector.awaitEvent("peer-add", WAIT);
    listener.awaitEvent("peer-add", WAIT);

    HttpResponse<String> response =
        HTTP.send(HttpRequest.newBuilder(endpoint).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
        type -> assertThat(type).startsWith("text/plain"));
    Map<String, Double> scraped = parse(response.body());
    assertThat(scraped)
        .containsEntry("protomux_wakeup_connections", 1.0)
        .containsEntry("protomux_wakeup_topics", 1.0)
        .containsEntry("protomux_wakeup_peers", 1.0)
        .containsEntry("protomux_wakeup_peers_added", 1.0)
        .containsEntry("protomux_wakeup_handshake_failures", 0.0)
        .containsEntry("protomux_wakeup_proof_mismatches", 0.0)
        .containsEntry("protomux_wakeup_limit_closes{limit=\"frame_size\"}", 0.0)
        .containsEntry("protomux_wakeup_limit_closes{limit=\"handshake_timeout\"}", 0.0)
        .containsKey("process_uptime_seconds");
    assertThat(scraped.keySet()).noneMatch(name -> name.startsWith("jvm_"));

    // A connection that never completes its handshake...
    try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), listening.get("port").asInt());
        OutputStream out = socket.getOutputStream()) {
      out.write(new byte[] {0x40, 0, 0, 'n', 'o', 'i', 's', 'e'});
      out.flush();
    }
    awaitGauge(endpoint, "protomux_wakeup_handshake_failures", value -> value == 1.0);
    // ...and a peer with the topic but not the capability.
    start(CliImplementation.NODE, "connect", "--port", listening.get("port").asText(),
        "--capability", OTHER_CAP, "--discovery-key", discoveryKey, "--timeout-ms", "30000");
    awaitGauge(endpoint, "protomux_wakeup_proof_mismatches", value -> value >= 1.0);
    // The impostor's channel was refused: the one real peer is still the only one on the topic.
    awaitGauge(endpoint, "protomux_wakeup_peers", value -> value == 1.0);

    HttpResponse<String> elsewhere =
        HTTP.send(
            HttpRequest.newBuilder(endpoint.resolve("/other")).build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(elsewhere.statusCode()).isEqualTo(404);
    assertThat(listener.stderr()).isEmpty();
  }

  @Test
  void aMetricsPortInUseIsABadCommandLine() throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      int port = taken.getLocalPort();
      CliProcess listener =
          start(CliImplementation.JAVA, "listen", "--capability", CAP, "--metrics-port",
              Integer.toString(port));
      assertThat(listener.awaitExit(WAIT)).isEqualTo(2);
      assertThat(listener.lines()).isEmpty();
      assertThat(listener.stderr())
          .isEqualTo(
              "error: cannot serve metrics on 127.0.0.1:" + port + ": Address already in use\n");
    }
  }

  /** {@code name{labels} value} of every sample line. */
  private static Map<String, Double> parse(String text) {
    Map<String, Double> samples = new HashMap<>();
    for (String line : text.split("\n")) {
      if (line.isBlank() || line.startsWith("#")) {
        continue;
      }
      int space = line.lastIndexOf(' ');
      samples.put(line.substring(0, space), Double.parseDouble(line.substring(space + 1)));
    }
    return samples;
  }

  private static String get(URI endpoint) throws Exception {
    return HTTP.send(HttpRequest.newBuilder(endpoint).build(), HttpResponse.BodyHandlers.ofString())
        .body();
  }

  private static void awaitGauge(URI endpoint, String name, Predicate<Double> expected)
      throws Exception {
    long deadline = System.nanoTime() + WAIT.toNanos();
    Double value = null;
    while (System.nanoTime() < deadline) {
      value = parse(get(endpoint)).get(name);
      if (value != null && expected.test(value)) {
        return;
      }
      Thread.sleep(100);
    }
    throw new AssertionError(name + " is still " + value);
  }

  private CliProcess start(CliImplementation implementation, String... args) {
    CliProcess process = CliProcess.start(args[0], implementation, List.of(args));
    processes.add(process);
    return process;
  }
}
