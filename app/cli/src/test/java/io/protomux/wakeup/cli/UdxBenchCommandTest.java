package io.protomux.wakeup.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@code bench --udx} through {@link Main#run}, with tiny counts and no warm-up: every figure runs
 * end to end over loopback and prints one JSON line of the shape {@code udx-bench.js --json}
 * prints. Nothing is timed or compared: the machine decides the figures.
 */
class UdxBenchCommandTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void printsOneJsonLinePerFigureInOrder() throws Exception {
    Run run =
        run("bench", "--udx", "--bytes", "200000", "--repeat", "2", "--rounds", "20", "--seconds",
            "0.05", "--streams", "10", "--no-warmup");
    assertThat(run.exitCode).as(run.stderr).isZero();
    assertThat(run.lines).extracting(l -> l.get("figure").asText())
        .containsExactlyElementsOf(UdxBenchCommand.FIGURES);
    for (JsonNode line : run.lines) {
      assertThat(line.get("impl").asText()).isEqualTo("java");
      assertThat(line.get("loops").asInt()).isEqualTo(2);
      assertThat(line.get("congestionControl").asText()).isNotBlank();
    }

    JsonNode idle = run.lines.get(0);
    assertThat(idle.get("streams").asInt()).isEqualTo(10);
    assertThat(idle.get("heapBytesPerStream").isNumber()).isTrue();

    for (JsonNode bulk : List.of(run.lines.get(1), run.lines.get(2))) {
      assertThat(bulk.get("bytes").asLong()).isEqualTo(200_000);
      assertThat(bulk.get("MiBps").asDouble()).isPositive();
      assertThat(bulk.get("runsMiBps")).hasSize(2);
      assertThat(bulk.get("sender")).hasSize(2);
      assertThat(bulk.get("receiver")).hasSize(2);
      // 200,000 bytes take at least 140 DATA packets of at most 1,432 bytes each.
      assertThat(bulk.get("sender").get(0).get("packets").asLong()).isGreaterThanOrEqualTo(140);
      JsonNode alloc = bulk.get("allocBytesPerPacket");
      for (String field : List.of("client", "server", "total", "perDataPacket")) {
        assertThat(alloc.get(field).isNumber()).as(field).isTrue();
      }
      assertThat(alloc.get("datagrams").asLong()).isPositive();
    }

    JsonNode pingpong = run.lines.get(3);
    assertThat(pingpong.get("rounds").asInt()).isEqualTo(20);
    assertThat(pingpong.get("warmup").asInt()).isZero();
    assertThat(pingpong.get("p50us").asDouble()).isPositive();
    assertThat(pingpong.get("p99us").asDouble())
        .isGreaterThanOrEqualTo(pingpong.get("p50us").asDouble());

    JsonNode ceiling = run.lines.get(4);
    assertThat(ceiling.get("datagramBytes").asInt()).isEqualTo(1452);
    assertThat(ceiling.get("sent").asLong()).isPositive();
    assertThat(ceiling.get("received").asLong()).isPositive();
    // Phases are reported on stderr, results only on stdout.
    assertThat(run.stderr).contains("bench: udx-bulk run 2 (200000 bytes)");
  }

  @Test
  void runsOnlyTheFiguresAskedForOnOneLoop() throws Exception {
    Run run =
        run("bench", "--udx", "--only", "udx-pingpong", "--rounds", "5", "--loops", "1",
            "--no-warmup");
    assertThat(run.exitCode).as(run.stderr).isZero();
    assertThat(run.lines).hasSize(1);
    assertThat(run.lines.get(0).get("figure").asText()).isEqualTo("udx-pingpong");
    assertThat(run.lines.get(0).get("loops").asInt()).isEqualTo(1);
  }

  @Test
  void aBadOptionIsAUsageError() throws Exception {
    Run run = run("bench", "--udx", "--only", "everything");
    assertThat(run.exitCode).isEqualTo(Outcome.USAGE);
    assertThat(run.lines).isEmpty();
    assertThat(run.stderr).startsWith("error: --only takes figures among");
  }

  private record Run(int exitCode, List<JsonNode> lines, String stderr) {}

  private static Run run(String... args) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code;
    try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
        PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
      code = Main.run(List.of(args), Map.of(), o, e);
    }
    List<JsonNode> lines = new ArrayList<>();
    for (String line : out.toString(StandardCharsets.UTF_8).split("\n")) {
      if (!line.isBlank()) {
        lines.add(JSON.readTree(line));
      }
    }
    return new Run(code, lines, err.toString(StandardCharsets.UTF_8));
  }
}
