package io.protomux.wakeup.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.protomux.wakeup.cli.CliOptions.Command;
import io.protomux.wakeup.cli.bench.DhtBenchOptions;
import io.protomux.wakeup.domain.dht.PeerAddress;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code bench --dht}'s options: parsing and refusals only (nothing is run or timed). */
class DhtBenchArgsTest {
  private static final String KEY = "ab".repeat(32);
  private static final String TOPIC = "cd".repeat(32);

  @Test
  void defaults() {
    CliOptions options = CliParser.parse("bench", "--dht", "--bootstrap", "127.0.0.1:49737");
    assertThat(options.command()).isEqualTo(Command.BENCH);
    assertThat(options.bench().dht())
        .isEqualTo(
            new DhtBenchOptions(List.of(new PeerAddress("127.0.0.1", 49737)), null, null,
                DhtBenchOptions.DEFAULT_CONNECTS, DhtBenchOptions.DEFAULT_TOPICS,
                DhtBenchOptions.DEFAULT_CONNECTIONS, true));
  }

  @Test
  void everyOption() {
    DhtBenchOptions dht =
        CliParser.parse("bench", "--dht", "--bootstrap", "127.0.0.1:1, 10.0.0.2:2",
                "--server-key", KEY, "--topic", TOPIC, "--connects", "7", "--topics", "0",
                "--connections", "30", "--no-warmup")
            .bench()
            .dht();
    assertThat(dht.bootstrap())
        .containsExactly(new PeerAddress("127.0.0.1", 1), new PeerAddress("10.0.0.2", 2));
    assertThat(dht.serverKey()).isEqualTo(HexFormat.of().parseHex(KEY));
    assertThat(dht.topic()).isEqualTo(HexFormat.of().parseHex(TOPIC));
    assertThat(dht.connects()).isEqualTo(7);
    assertThat(dht.topics()).isZero();
    assertThat(dht.connections()).isEqualTo(30);
    assertThat(dht.warmup()).isFalse();
  }

  @Test
  void plainBenchHasNoDhtPart() {
    assertThat(CliParser.parse("bench").bench().dht()).isNull();
  }

  @Test
  void refusals() {
    assertThatThrownBy(() -> CliParser.parse("bench", "--dht"))
        .isInstanceOf(UsageException.class)
        .hasMessage("--dht needs --bootstrap HOST:PORT");
    assertThatThrownBy(() -> CliParser.parse("bench", "--dht", "--bootstrap", "nohost"))
        .isInstanceOf(UsageException.class)
        .hasMessageContaining("HOST:PORT expected, got \"nohost\"");
    assertThatThrownBy(() -> CliParser.parse("bench", "--dht", "--bootstrap", "127.0.0.1:0"))
        .hasMessageContaining("a port from 1 to 65535 expected");
    assertThatThrownBy(() -> CliParser.parse("bench", "--dht", "--bootstrap", "example.org:1"))
        .hasMessageContaining("dotted-decimal IPv4 host, got \"example.org:1\"");
    assertThatThrownBy(() -> CliParser.parse("bench", "--dht", "--bootstrap", "127.0.0.1:1,"))
        .hasMessageContaining("got \"\"");
    assertThatThrownBy(
            () -> CliParser.parse("bench", "--dht", "--bootstrap", "127.0.0.1:1", "--server-key", "12"))
        .isInstanceOf(UsageException.class)
        .hasMessageContaining("--server-key");
    assertThatThrownBy(
            () -> CliParser.parse("bench", "--dht", "--bootstrap", "127.0.0.1:1", "--connects", "-1"))
        .hasMessageContaining("--connects must be a whole number");
    assertThatThrownBy(
            () -> CliParser.parse("bench", "--dht", "--bootstrap", "127.0.0.1:1", "--handshakes", "5"))
        .hasMessage("--handshakes is a TCP bench option: bench --dht does not take it");
    assertThatThrownBy(() -> CliParser.parse("bench", "--bootstrap", "127.0.0.1:1"))
        .hasMessage("--bootstrap needs --dht");
    assertThatThrownBy(() -> CliParser.parse("bench", "--connections", "3"))
        .hasMessage("--connections needs --dht");
    assertThatThrownBy(() -> CliParser.parse("bench", "--udx", "--dht"))
        .hasMessage("--udx and --dht are two benches: pick one");
  }
}
