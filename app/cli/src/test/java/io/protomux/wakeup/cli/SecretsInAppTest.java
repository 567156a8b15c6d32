package io.protomux.wakeup.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/** Issue 8: the command line's parsed options and node settings never print their secrets. */
class SecretsInAppTest {
  private static final String CAP = "ab".repeat(32);
  private static final String SEED = "cd".repeat(32);

  @Test
  void parsedOptionsAndSettingsHideTheCapabilityAndTheSeed() {
    CliOptions options =
        CliParser.parse(new String[] {"listen", "--capability", CAP, "--seed", SEED, "--port", "0"});
    List<String> shown =
        List.of(
            options.toString(),
            CliNode.Settings.listener(options).toString(),
            CliNode.Settings.connector(options).toString());
    for (String text : shown) {
      assertThat(text.toLowerCase(Locale.ROOT)).doesNotContain(CAP).doesNotContain(SEED);
      assertThat(text).contains("<redacted>");
    }
    assertThat(options.seed()).isNotNull();
  }

  @Test
  void theListenerUsesThePublicNodeLimitsAndTheConnectorKeepsIdleReferencePeers() {
    CliOptions options = CliParser.parse(new String[] {"listen", "--capability", CAP});
    assertThat(CliNode.Settings.listener(options).streamOptions())
        .isEqualTo(io.protomux.wakeup.domain.stream.StreamOptions.PUBLIC_NODE);
    assertThat(CliNode.Settings.connector(options).streamOptions().timeoutMillis()).isZero();
    assertThat(CliNode.Settings.connector(options).streamOptions().keepAliveMillis()).isEqualTo(5_000);
  }
}
