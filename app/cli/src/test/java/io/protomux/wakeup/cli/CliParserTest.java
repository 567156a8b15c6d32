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
  void connectAndDemoTimeOutAfterTenSecondsByDefault() {
    assertThat(CliParser.parse("connect", "--port", "1", "--capability", CAP).timeoutMillis())
        .isEqualTo(10_000);
    assertThat(CliParser.parse("demo").timeoutMillis()).isEqualTo(10_000);
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
}
