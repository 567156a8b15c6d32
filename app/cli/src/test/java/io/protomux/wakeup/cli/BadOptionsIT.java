package io.protomux.wakeup.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every command line the program refuses: exit 2, one line on stderr, nothing on stdout. */
class BadOptionsIT {
  private static final String CAP = "ab".repeat(32);
  private static final String KEY = "01".repeat(32);

  static Stream<Arguments> refused() {
    return Stream.of(
        refused("no command given: use listen, connect, join, dht-node or demo (or --help)"),
        refused("unknown command \"serve\": use listen, connect, join, dht-node or demo", "serve"),
        refused("the command comes first: listen, connect, join, dht-node or demo, got --port", "--port", "1"),
        // --verbose is an option now (-v); the case is kept with a name no command has.
        refused("unknown option --loud", "listen", "--capability", CAP, "--loud"),
        refused("unexpected argument \"extra\"", "listen", "--capability", CAP, "extra"),
        refused("listen needs at least one --capability", "listen"),
        refused("connect needs at least one --capability", "connect", "--port", "1"),
        refused(
            "--capability needs 64 hex digits (32 bytes), got 62 characters",
            "listen", "--capability", CAP.substring(2)),
        refused(
            "--capability needs hex digits, found another character at position 64",
            "listen", "--capability", CAP.substring(1) + "g"),
        refused("--capability needs a value", "listen", "--capability"),
        refused(
            "--seed needs 64 hex digits (32 bytes), got 3 characters",
            "listen", "--capability", CAP, "--seed", "abc"),
        refused(
            "--discovery-key needs hex digits, found another character at position 1 \"x"
                + KEY.substring(1) + "\"",
            "listen", "--capability", CAP, "--discovery-key", "x" + KEY.substring(1)),
        refused(
            "--announce needs KEY:LENGTH (64 hex digits, a colon, a number)",
            "listen", "--capability", CAP, "--announce", KEY),
        refused(
            "--announce length must be a whole number from 0 to 9007199254740991, got \"-1\"",
            "listen", "--capability", CAP, "--announce", KEY + ":-1"),
        refused(
            "--announce length must be a whole number from 0 to 9007199254740991, got \"many\"",
            "listen", "--capability", CAP, "--announce", KEY + ":many"),
        refused(
            "--announce needs 64 hex digits (32 bytes), got 4 characters \"abcd\"",
            "connect", "--port", "1", "--capability", CAP, "--announce", "abcd:5"),
        refused(
            "--port must be a number from 0 to 65535, got \"65536\"",
            "listen", "--capability", CAP, "--port", "65536"),
        refused(
            "--port must be a number from 0 to 65535, got \"http\"",
            "listen", "--capability", CAP, "--port", "http"),
        refused("connect needs --port", "connect", "--capability", CAP),
        refused(
            "connect needs a --port from 1 to 65535, got 0",
            "connect", "--capability", CAP, "--port", "0"),
        refused("--port is given more than once", "listen", "--capability", CAP, "--port", "1",
            "--port", "2"),
        refused("listen does not take --lookup", "listen", "--capability", CAP, "--lookup"),
        refused("listen does not take --hash", "listen", "--capability", CAP, "--hash", KEY),
        refused("--hash needs --lookup", "connect", "--port", "1", "--capability", CAP, "--hash",
            KEY),
        refused(
            "--exit-on must be one of peer-add, peer-remove, lookup, announce, got \"wakeup\"",
            "listen", "--capability", CAP, "--exit-on", "wakeup"),
        refused(
            "--timeout-ms must be a positive whole number of milliseconds, got \"0\"",
            "connect", "--port", "1", "--capability", CAP, "--timeout-ms", "0"),
        refused(
            "--timeout-ms must be a positive whole number of milliseconds, got \"soon\"",
            "listen", "--capability", CAP, "--timeout-ms", "soon"),
        refused("--inactive takes no value", "listen", "--capability", CAP, "--inactive=no"),
        refused("--host must not be empty", "listen", "--capability", CAP, "--host", ""),
        refused("demo does not take --capability", "demo", "--capability", CAP),
        refused(
            "cannot listen on 256.1.1.1:0: unknown host 256.1.1.1",
            "listen", "--capability", CAP, "--host", "256.1.1.1"),
        // The node's address is bound first: a bad one reads the same with metrics.
        refused(
            "cannot listen on 256.1.1.1:0: unknown host 256.1.1.1",
            "listen", "--capability", CAP, "--host", "256.1.1.1", "--metrics-port", "0"),
        refused(
            "give --seed or --seed-file, not both",
            "listen", "--capability", CAP, "--seed", KEY, "--seed-file", "seed.txt"),
        refused(
            "cannot read --capability-file no/such/file: no such file",
            "listen", "--capability-file", "no/such/file"));
  }

  @ParameterizedTest(name = "{1}")
  @MethodSource("refused")
  void isRefusedWithOneLine(String message, List<String> args) throws Exception {
    assertRefused(args, message);
  }

  @Test
  void aPortInUseIsRefused() throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      int port = taken.getLocalPort();
      assertRefused(
          List.of("listen", "--capability", CAP, "--port", Integer.toString(port)),
          "cannot listen on 127.0.0.1:" + port + ": Address already in use");
    }
  }

  private static void assertRefused(List<String> args, String message) throws Exception {
    try (CliProcess cli = CliProcess.start("cli", CliImplementation.JAVA, args)) {
      assertThat(cli.awaitExit(Duration.ofSeconds(30))).isEqualTo(2);
      assertThat(cli.lines()).isEmpty();
      assertThat(cli.stderr()).isEqualTo("error: " + message + "\n");
    }
  }

  private static Arguments refused(String message, String... args) {
    return Arguments.of(message, List.of(args));
  }
}
