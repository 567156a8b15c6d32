package io.protomux.wakeup.guice;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.inject.Guice;
import io.protomux.wakeup.domain.Key32;
import io.protomux.wakeup.domain.wakeup.Capability;
import io.protomux.wakeup.domain.wakeup.messages.Wakeup;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The README's Guice host application, injected as the README shows, against the reference's listen. */
class HostAppExampleIT {
  private static final String CAP = "5a".repeat(32);
  private static final String LOG = "c3".repeat(32);

  @Test
  void theInjectedHostAppDialsTheReferenceListenerAndGetsItsWakeups() throws Exception {
    Path cli = Path.of(System.getProperty("interop.dir"), "cli.js");
    Process reference =
        new ProcessBuilder(
                "node", cli.toString(), "listen", "--capability", CAP, "--announce", LOG + ":9",
                "--exit-on", "lookup")
            .redirectError(ProcessBuilder.Redirect.INHERIT)
            .start();
    try (BufferedReader out =
        new BufferedReader(new InputStreamReader(reference.getInputStream(), StandardCharsets.UTF_8))) {
      Matcher port = Pattern.compile("\"event\":\"listening\".*\"port\":(\\d+)").matcher(out.readLine());
      assertThat(port.find()).isTrue();
      HostAppExample app =
          Guice.createInjector(new WakeupNodeModule()).getInstance(HostAppExample.class);
      try {
        List<Wakeup> wakeups =
            app.askForWakeups(Capability.fromHex(CAP), "127.0.0.1", Integer.parseInt(port.group(1)))
                .get(20, TimeUnit.SECONDS);
        assertThat(wakeups).containsExactly(new Wakeup(Key32.fromHex(LOG), 9));
      } finally {
        app.close();
      }
      assertThat(reference.waitFor(20, TimeUnit.SECONDS)).isTrue();
      assertThat(reference.exitValue()).isZero();
    } finally {
      reference.destroyForcibly();
    }
  }
}
