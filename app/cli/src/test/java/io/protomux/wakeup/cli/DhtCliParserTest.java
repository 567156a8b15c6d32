package io.protomux.wakeup.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.protomux.wakeup.cli.CliOptions.Command;
import io.protomux.wakeup.domain.Key32;
import io.protomux.wakeup.domain.hyperswarm.JoinOptions;
import io.protomux.wakeup.domain.wakeup.messages.Wakeup;
import org.junit.jupiter.api.Test;

/** The HyperDHT forms of listen and connect, and join: what they read and what they refuse. */
class DhtCliParserTest {
  private static final String CAP = "ab".repeat(32);
  private static final String KEY = "01".repeat(32);

  @Test
  void joinReadsEveryOption() {
    CliOptions options =
        CliParser.parse(
            "join", "--bootstrap", "127.0.0.1:49737", "--bootstrap", "localhost:10001",
            "--capability", CAP, "--topic", KEY, "--client-only", "--announce", KEY + ":5",
            "--lookup", "--hash", KEY, "--inactive", "--discovery-key", KEY, "--seed", CAP,
            "--exit-on", "announce", "--timeout-ms", "2500", "--host", "0.0.0.0", "--port", "0");

    assertThat(options.command()).isEqualTo(Command.JOIN);
    assertThat(options.overDht()).isTrue();
    // Names are resolved here, to the IPv4 literal the DHT speaks.
    assertThat(options.dht().bootstrap()).containsExactly("127.0.0.1:49737", "127.0.0.1:10001");
    assertThat(options.dht().topic()).isEqualTo(Key32.fromHex(KEY));
    assertThat(options.dht().join()).isEqualTo(JoinOptions.clientOnly());
    assertThat(options.dht().port()).isZero();
    assertThat(options.host()).isEqualTo("0.0.0.0");
    assertThat(options.announce()).containsExactly(new Wakeup(Key32.fromHex(KEY), 5));
    assertThat(options.lookup()).isTrue();
    assertThat(options.lookupHash()).isEqualTo(Key32.fromHex(KEY));
    assertThat(options.inactive()).isTrue();
    assertThat(options.exitOn()).isEqualTo(ExitEvent.ANNOUNCE);
    assertThat(options.timeoutMillis()).isEqualTo(2500);
  }

  @Test
  void joinDefaults() {
    CliOptions options =
        CliParser.parse("join", "--bootstrap", "127.0.0.1:1", "--capability", CAP);

    assertThat(options.dht().join()).isEqualTo(JoinOptions.DEFAULTS);
    assertThat(options.dht().topic()).isNull();
    assertThat(options.dht().port()).isEqualTo(CliOptions.Dht.HYPERDHT_PORTS);
    assertThat(options.dht().publicKey()).isNull();
    assertThat(options.timeoutMillis()).as("join runs until stopped, as listen").isZero();
    assertThat(CliParser.parse("join", "--bootstrap", "127.0.0.1:1", "--capability", CAP,
            "--server-only").dht().join())
        .isEqualTo(JoinOptions.serverOnly());
  }

  @Test
  void listenAndConnectGoOverTheDhtWithBootstrap() {
    CliOptions listen =
        CliParser.parse("listen", "--bootstrap", "127.0.0.1:1", "--capability", CAP);
    assertThat(listen.command()).isEqualTo(Command.LISTEN);
    assertThat(listen.overDht()).isTrue();

    CliOptions connect =
        CliParser.parse(
            "connect", "--bootstrap", "127.0.0.1:1", "--public-key", KEY, "--capability", CAP);
    assertThat(connect.overDht()).isTrue();
    assertThat(connect.dht().publicKey()).isEqualTo(Key32.fromHex(KEY));
    assertThat(connect.timeoutMillis()).isEqualTo(30_000);
  }

  @Test
  void withoutBootstrapListenAndConnectStayOnTcp() {
    assertThat(CliParser.parse("listen", "--capability", CAP).overDht()).isFalse();
    CliOptions connect = CliParser.parse("connect", "--port", "4040", "--capability", CAP);
    assertThat(connect.overDht()).isFalse();
    assertThat(connect.dht()).isNull();
    assertThat(connect.port()).isEqualTo(4040);
    assertThat(connect.timeoutMillis()).isEqualTo(10_000);
  }

  @Test
  void badDhtCommandLinesAreRefused() {
    refused("join needs at least one --bootstrap", "join", "--capability", CAP);
    refused("join needs at least one --capability", "join", "--bootstrap", "127.0.0.1:1");
    refused(
        "give --client-only or --server-only, not both",
        "join", "--bootstrap", "127.0.0.1:1", "--capability", CAP, "--client-only",
        "--server-only");
    refused(
        "--bootstrap needs HOST:PORT, got \"127.0.0.1\"",
        "join", "--bootstrap", "127.0.0.1", "--capability", CAP);
    refused(
        "--bootstrap needs a port from 1 to 65535, got \"127.0.0.1:0\"",
        "join", "--bootstrap", "127.0.0.1:0", "--capability", CAP);
    refused(
        "--bootstrap needs a port from 1 to 65535, got \"127.0.0.1:http\"",
        "listen", "--bootstrap", "127.0.0.1:http", "--capability", CAP);
    refused(
        "--topic needs 64 hex digits (32 bytes), got 3 characters \"abc\"",
        "join", "--bootstrap", "127.0.0.1:1", "--capability", CAP, "--topic", "abc");
    refused(
        "connect --bootstrap needs --public-key",
        "connect", "--bootstrap", "127.0.0.1:1", "--capability", CAP);
    refused("--public-key needs --bootstrap", "connect", "--port", "1", "--capability", CAP,
        "--public-key", KEY);
    refused(
        "--public-key needs hex digits, found another character at position 1 \"x"
            + KEY.substring(1) + "\"",
        "connect", "--bootstrap", "127.0.0.1:1", "--capability", CAP, "--public-key",
        "x" + KEY.substring(1));
    refused("listen does not take --public-key", "listen", "--capability", CAP, "--public-key",
        KEY);
    refused("listen does not take --topic", "listen", "--capability", CAP, "--topic", KEY);
    refused("connect does not take --client-only", "connect", "--port", "1", "--capability",
        CAP, "--client-only");
    refused("join does not take --metrics-port", "join", "--bootstrap", "127.0.0.1:1",
        "--capability", CAP, "--metrics-port", "0");
    refused("--hash needs --lookup", "join", "--bootstrap", "127.0.0.1:1", "--capability", CAP,
        "--hash", KEY);
  }

  @Test
  void anUnknownBootstrapHostIsABadCommandLine() {
    assertThatThrownBy(
            () -> CliParser.parse("join", "--bootstrap", "no-such-host.invalid:1", "--capability",
                CAP))
        .isInstanceOf(UsageException.class)
        .hasMessage("--bootstrap \"no-such-host.invalid:1\": unknown host no-such-host.invalid");
  }

  @Test
  void joinHasItsOwnHelp() {
    assertThat(CliParser.parse("join", "--help").text())
        .contains("--bootstrap", "--topic", "--client-only", "--server-only", "--lookup");
    assertThat(CliParser.parse("connect", "--help").text()).contains("--public-key");
    assertThat(CliParser.parse("--help").text()).contains("join");
  }

  private static void refused(String message, String... args) {
    assertThatThrownBy(() -> CliParser.parse(args))
        .isInstanceOf(UsageException.class)
        .hasMessage(message);
  }
}
