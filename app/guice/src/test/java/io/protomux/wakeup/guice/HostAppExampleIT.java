package io.protomux.wakeup.guice;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.inject.Guice;
import io.protomux.wakeup.domain.Key32;
import io.protomux.wakeup.domain.wakeup.Capability;
import io.protomux.wakeup.domain.wakeup.messages.Wakeup;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The README's host application, injected as the README shows, against a CLI listener. */
class HostAppExampleIT {
  private static final String CAP = "5a".repeat(32);
  private static final String LOG = "c3".repeat(32);

  @Test
  void theInjectedHostAppDialsAListenerAndGetsItsWakeups() throws Exception {
    try (CliProcess listener =
        CliProcess.start(
            "listener",
            CliImplementation.JAVA,
            List.of("listen", "--capability", CAP, "--announce", LOG + ":9", "--exit-on", "lookup"))) {
      JsonNode listening = listener.awaitEvent("listening", Duration.ofSeconds(20));
      HostAppExample app =
          Guice.createInjector(
                  new WakeupSwarmModule(), new NioTransportModule(), new BouncyCastleCryptoModule())
              .getInstance(HostAppExample.class);
      try {
        List<Wakeup> wakeups =
            app.askForWakeups(
                    Capability.fromHex(CAP),
                    listening.get("host").asText(),
                    listening.get("port").asInt())
                .get(20, TimeUnit.SECONDS);

        assertThat(wakeups).containsExactly(new Wakeup(Key32.fromHex(LOG), 9));
      } finally {
        app.close();
      }
      assertThat(listener.awaitExit(Duration.ofSeconds(20))).isZero();
    }
  }
}
