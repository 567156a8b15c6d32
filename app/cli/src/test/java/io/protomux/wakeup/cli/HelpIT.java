package io.protomux.wakeup.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code --version}, and {@code --help}/{@code -h} of the jar and of every command. */
class HelpIT {
  private static final Duration WAIT = Duration.ofSeconds(30);

  @Test
  void theVersionIsTheProjectsFromTheManifest() throws Exception {
    for (String option : List.of("--version", "-V")) {
      try (CliProcess cli = CliProcess.start("cli", CliImplementation.JAVA, List.of(option))) {
        assertThat(cli.awaitExit(WAIT)).isZero();
        assertThat(cli.lines())
            .containsExactly("protomux-wakeup " + System.getProperty("wakeup.version"));
        assertThat(cli.stderr()).isEmpty();
      }
    }
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(
      strings = {
        "--help", "-h", "help", "listen --help", "connect -h", "demo --help", "bench -h",
        "help listen", "help bench"
      })
  void helpIsPrintedOnStdoutWithExitCodeZero(String args) throws Exception {
    List<String> argv = List.of(args.split(" "));
    try (CliProcess cli = CliProcess.start("cli", CliImplementation.JAVA, argv)) {
      assertThat(cli.awaitExit(WAIT)).isZero();
      assertThat(cli.stderr()).isEmpty();
      String usage = String.join("\n", cli.lines());
      // The command whose help it is, or null for the jar's.
      String command =
          argv.stream().filter(a -> !a.startsWith("-") && !a.equals("help")).findFirst().orElse(null);
      if (command == null) {
        assertThat(usage)
            .startsWith("Usage: java -jar protomux-wakeup.jar [-hV] COMMAND")
            .contains("listen", "connect", "demo", "bench");
      } else {
        assertThat(usage).startsWith("Usage: java -jar protomux-wakeup.jar " + command + " ");
      }
      if ("listen".equals(command)) {
        assertThat(usage)
            .contains("--capability-file", "--seed-file", "--metrics-port", "--verbose",
                "WAKEUP_CAPABILITIES", "WAKEUP_SEED");
      }
    }
  }
}
