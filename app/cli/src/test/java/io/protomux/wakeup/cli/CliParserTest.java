package io.protomux.wakeup.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.protomux.wakeup.cli.CliOptions.Command;
import io.protomux.wakeup.domain.Key32;
import io.protomux.wakeup.domain.wakeup.Capability;
import io.protomux.wakeup.domain.wakeup.messages.Wakeup;
import org.junit.jupiter.api.Test;

class CliParserTest {
  private static final String CAP = "ab".repeat(32);
  private static final String KEY = "01".repeat(32);

  @Test
  void listenDefaults() {
    CliOptions options = CliParser.parse("listen", "--capability", CAP);

    assertThat(options.command()).isEqualTo(Command.LISTEN);
    assertThat(options.host()).isEqualTo("127.0.0.1");
    assertThat(options.port()).isZero();
    assertThat(options.capabilities()).containsExactly(Capability.fromHex(CAP));
    assertThat(options.timeoutMillis()).isZero();
    assertThat(options.exitOn()).isNull();
    assertThat(options.seed()).isNull();
    assertThat(options.inactive()).isFalse();
  }

  @Test
  void connectWithEveryOption() {
    CliOptions options =
        CliParser.parse(
            "connect", "--host", "::1", "--port=4000", "--capability", CAP, "--capability",
            KEY, "--discovery-key", KEY, "--announce", KEY + ":5", "--announce", CAP + ":0",
            "--inactive", "--lookup", "--hash", KEY, "--seed", CAP, "--exit-on", "announce",
            "--timeout-ms", "2500");

    assertThat(options.host()).isEqualTo("::1");
    assertThat(options.port()).isEqualTo(4000);
    assertThat(options.capabilities()).hasSize(2);
    assertThat(options.discoveryKey()).isEqualTo(Key32.fromHex(KEY));
    assertThat(options.announce())
        .containsExactly(
            new Wakeup(Key32.fromHex(KEY), 5), new Wakeup(Key32.fromHex(CAP), 0));
    assertThat(options.inactive()).isTrue();
    assertThat(options.lookup()).isTrue();
    assertThat(options.lookupHash()).isEqualTo(Key32.fromHex(KEY));
    assertThat(options.seed()).isEqualTo(Key32.fromHex(CAP).bytes());
    assertThat(options.exitOn()).isEqualTo(ExitEvent.ANNOUNCE);
    assertThat(options.timeoutMillis()).isEqualTo(2500);
  }

  @Test
  void connectAndTcpDemoTimeOutAfterTenSecondsByDefaultTheDhtDemoAfterThirty() {
    assertThat(CliParser.parse("connect", "--port", "1", "--capability", CAP).timeoutMillis())
        .isEqualTo(10_000);
    assertThat(CliParser.parse("demo", "--tcp").timeoutMillis()).isEqualTo(10_000);
    assertThat(CliParser.parse("demo", "--tcp").overDht()).isFalse();
    assertThat(CliParser.parse("demo").timeoutMillis()).isEqualTo(30_000);
    assertThat(CliParser.parse("demo").overDht()).isTrue();
  }

  @Test
  void dhtNodeTakesHostPortBootstrapAndRefusesAWildcardFirstNode() {
    CliOptions first = CliParser.parse("dht-node", "--port", "0");
    assertThat(first.command()).isEqualTo(CliOptions.Command.DHT_NODE);
    assertThat(first.host()).isEqualTo("127.0.0.1");
    assertThat(first.port()).isZero();
    assertThat(first.dht().bootstrap()).isEmpty();
    assertThat(CliParser.parse("dht-node").port()).isEqualTo(49737);
    CliOptions joining =
        CliParser.parse("dht-node", "--host", "0.0.0.0", "--bootstrap", "127.0.0.1:4000", "-v");
    assertThat(joining.dht().bootstrap()).containsExactly("127.0.0.1:4000");
    assertThat(joining.verbose()).isTrue();
    assertThatThrownBy(() -> CliParser.parse("dht-node", "--host", "0.0.0.0"))
        .isInstanceOf(UsageException.class)
        .hasMessageContaining("must be the IPv4 address others reach it at, got 0.0.0.0");
    assertThatThrownBy(() -> CliParser.parse("dht-node", "--capability", CAP))
        .hasMessage("dht-node does not take --capability");
  }

  @Test
  void hexIsReadInEitherCase() {
    assertThat(CliParser.parse("listen", "--capability", CAP.toUpperCase()).capabilities())
        .containsExactly(Capability.fromHex(CAP));
  }

  @Test
  void helpIsACommand() {
    assertThat(CliParser.parse("--help").command()).isEqualTo(Command.HELP);
    assertThat(CliParser.parse("help").command()).isEqualTo(Command.HELP);
  }

  @Test
  void secretsAreNotEchoedInMessages() {
    String badSecret = "zz" + CAP.substring(2);
    assertThatThrownBy(() -> CliParser.parse("listen", "--capability", badSecret))
        .isInstanceOf(UsageException.class)
        .hasMessage("--capability needs hex digits, found another character at position 1");
    assertThatThrownBy(() -> CliParser.parse("listen", "--capability", CAP, "--seed", "abc"))
        .hasMessage("--seed needs 64 hex digits (32 bytes), got 3 characters");
  }

  @Test
  void nonAsciiDigitsAreNotHex() {
    String arabicThree = "\u0663" + CAP.substring(1);
    assertThatThrownBy(() -> CliParser.parse("listen", "--capability", arabicThree))
        .isInstanceOf(UsageException.class);
  }

  @Test
  void announceLengthsStayWithinTheWireRange() {
    assertThat(CliParser.parse("listen", "--capability", CAP, "--announce", KEY + ":9007199254740991")
            .announce())
        .containsExactly(new Wakeup(Key32.fromHex(KEY), 9007199254740991L));
    assertThatThrownBy(
            () -> CliParser.parse("listen", "--capability", CAP, "--announce", KEY + ":9007199254740992"))
        .hasMessageStartingWith("--announce length must be a whole number from 0 to 9007199254740991");
  }

  @Test
  void singleValuedOptionsMayNotRepeat() {
    assertThatThrownBy(
            () -> CliParser.parse("listen", "--capability", CAP, "--port", "1", "--port", "2"))
        .hasMessage("--port is given more than once");
  }

  @Test
  void flagsTakeNoValue() {
    assertThatThrownBy(() -> CliParser.parse("listen", "--capability", CAP, "--inactive=yes"))
        .hasMessage("--inactive takes no value");
  }

  @Test
  void demoTakesOnlyHostAndTimeout() {
    assertThat(CliParser.parse("demo", "--host", "localhost", "--timeout-ms", "5").host())
        .isEqualTo("localhost");
    assertThatThrownBy(() -> CliParser.parse("demo", "--capability", CAP))
        .hasMessage("demo does not take --capability");
  }

  @Test
  void helpAndVersionPrintTextAndRunNothing() {
    assertThat(CliParser.parse("-h").command()).isEqualTo(Command.HELP);
    assertThat(CliParser.parse("listen", "--help").text()).contains("--metrics-port");
    assertThat(CliParser.parse("help", "connect").text()).contains("--lookup");
    // Help wins over what the command would refuse.
    assertThat(CliParser.parse("listen", "-h").command()).isEqualTo(Command.HELP);
    CliOptions version = CliParser.parse("--version");
    assertThat(version.command()).isEqualTo(Command.VERSION);
    assertThat(version.text()).startsWith("protomux-wakeup ");
    assertThatThrownBy(() -> CliParser.parse("help", "serve"))
        .hasMessage("unknown command \"serve\": use listen, connect, join, dht-node or demo");
  }

  @Test
  void verboseIsAnOptionOfEveryCommand() {
    assertThat(CliParser.parse("listen", "--capability", CAP).verbose()).isFalse();
    assertThat(CliParser.parse("listen", "-v", "--capability", CAP).verbose()).isTrue();
    assertThat(CliParser.parse("connect", "--port", "1", "--capability", CAP, "--verbose").verbose())
        .isTrue();
    assertThat(CliParser.parse("demo", "-v").verbose()).isTrue();
    assertThat(CliParser.parse("bench", "-v").verbose()).isTrue();
    assertThatThrownBy(() -> CliParser.parse("demo", "--verbose=yes"))
        .hasMessage("--verbose takes no value");
  }

  @Test
  void theMetricsPortIsListensOnly() {
    assertThat(CliParser.parse("listen", "--capability", CAP).metricsPort())
        .isEqualTo(CliOptions.NO_METRICS);
    assertThat(CliParser.parse("listen", "--capability", CAP, "--metrics-port", "0").metricsPort())
        .isZero();
    assertThat(CliParser.parse("listen", "--capability", CAP, "--metrics-port=9464").metricsPort())
        .isEqualTo(9464);
    assertThatThrownBy(() -> CliParser.parse("listen", "--capability", CAP, "--metrics-port", "x"))
        .hasMessage("--metrics-port must be a number from 0 to 65535, got \"x\"");
    assertThatThrownBy(
            () -> CliParser.parse("connect", "--port", "1", "--capability", CAP, "--metrics-port", "1"))
        .hasMessage("connect does not take --metrics-port");
  }

  @Test
  void benchHasItsDefaultsAndChecksItsCounts() {
    CliOptions bench = CliParser.parse("bench");
    assertThat(bench.command()).isEqualTo(Command.BENCH);
    assertThat(bench.bench()).isEqualTo(new BenchCommand.Options(200, 100_000, 2000, 0, 2, true));
    assertThat(
            CliParser.parse("bench", "--handshakes", "3", "--messages=0", "--roundtrips", "4",
                    "--topics", "5", "--loops", "1", "--no-warmup")
                .bench())
        .isEqualTo(new BenchCommand.Options(3, 0, 4, 5, 1, false));
    assertThatThrownBy(() -> CliParser.parse("bench", "--messages", "lots"))
        .hasMessage("--messages must be a whole number from 0 to 100000000, got \"lots\"");
    assertThatThrownBy(() -> CliParser.parse("bench", "--loops", "3"))
        .hasMessage("--loops must be 1 or 2, got \"3\"");
    assertThatThrownBy(() -> CliParser.parse("bench", "--no-warmup", "--no-warmup"))
        .hasMessage("--no-warmup is given more than once");
    assertThatThrownBy(() -> CliParser.parse("bench", "--capability", CAP))
        .hasMessage("bench does not take --capability");
  }

  @Test
  void benchUdxHasItsDefaultsAndChecksItsOptions() {
    CliOptions udx = CliParser.parse("bench", "--udx");
    assertThat(udx.command()).isEqualTo(Command.BENCH_UDX);
    assertThat(udx.bench()).isNull();
    assertThat(udx.udxBench())
        .isEqualTo(
            new UdxBenchCommand.Options(
                256L * 1024 * 1024, 3, 10_000, 2, 2000, UdxBenchCommand.FIGURES, 2, true));
    assertThat(
            CliParser.parse("bench", "--udx", "--bytes", "4294967296", "--repeat=1", "--rounds",
                    "50", "--seconds", "0.5", "--streams", "0", "--only",
                    "udp-ceiling,udx-bulk", "--loops", "1", "--no-warmup", "-v"))
        .satisfies(
            o -> {
              assertThat(o.verbose()).isTrue();
              // The figures run in their fixed order, whatever the order given.
              assertThat(o.udxBench())
                  .isEqualTo(
                      new UdxBenchCommand.Options(
                          4L << 30, 1, 50, 0.5, 0, java.util.List.of("udx-bulk", "udp-ceiling"),
                          1, false));
            });
    // A plain bench is unchanged, and has no UDX options.
    assertThat(CliParser.parse("bench").udxBench()).isNull();
    assertThatThrownBy(() -> CliParser.parse("bench", "--bytes", "10"))
        .hasMessage("--bytes needs --udx");
    assertThatThrownBy(() -> CliParser.parse("bench", "--only", "udx-bulk"))
        .hasMessage("--only needs --udx");
    assertThatThrownBy(() -> CliParser.parse("bench", "--udx", "--handshakes", "5"))
        .hasMessage("--handshakes is a TCP bench option: bench --udx does not take it");
    assertThatThrownBy(() -> CliParser.parse("bench", "--udx", "--bytes", "0"))
        .hasMessage("--bytes must be a whole number from 1 to 1099511627776, got \"0\"");
    assertThatThrownBy(() -> CliParser.parse("bench", "--udx", "--repeat", "x"))
        .hasMessage("--repeat must be a whole number from 1 to 1000, got \"x\"");
    assertThatThrownBy(() -> CliParser.parse("bench", "--udx", "--rounds", "0"))
        .hasMessage("--rounds must be at least 1 (leave udx-pingpong out with --only)");
    assertThatThrownBy(() -> CliParser.parse("bench", "--udx", "--seconds", "0"))
        .hasMessage("--seconds must be a number of seconds above 0 and at most 3600, got \"0\"");
    assertThatThrownBy(() -> CliParser.parse("bench", "--udx", "--seconds", "NaN"))
        .hasMessage("--seconds must be a number of seconds above 0 and at most 3600, got \"NaN\"");
    assertThatThrownBy(() -> CliParser.parse("bench", "--udx", "--only", "udx-bulk,tcp"))
        .hasMessageStartingWith("--only takes figures among idle-stream-memory, udx-bulk,")
        .hasMessageEndingWith("got \"tcp\"");
    assertThatThrownBy(() -> CliParser.parse("bench", "--udx", "--loops", "3"))
        .hasMessage("--loops must be 1 or 2, got \"3\"");
    assertThatThrownBy(() -> CliParser.parse("bench", "--udx", "--udx"))
        .hasMessage("--udx is given more than once");
    assertThatThrownBy(() -> CliParser.parse("bench", "--udx=yes"))
        .hasMessage("--udx takes no value");
  }

  @Test
  void aStrayHexArgumentIsNotEchoed() {
    assertThatThrownBy(() -> CliParser.parse("listen", "--capability", CAP, KEY))
        .hasMessage("unexpected argument of 64 hex digits (not shown)");
  }

  @Test
  void argumentFilesAreNotExpanded() {
    // picocli would read arguments from @FILE; the contract has no such thing.
    assertThatThrownBy(() -> CliParser.parse("listen", "--capability", CAP, "@/etc/hostname"))
        .hasMessage("unexpected argument \"@/etc/hostname\"");
  }
}
