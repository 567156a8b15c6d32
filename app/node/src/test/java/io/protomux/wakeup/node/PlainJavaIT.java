package io.protomux.wakeup.node;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Programs that depend on the node artifact alone, each in a JVM of its own: the README's example
 * against the reference's {@code listen}, and one that forgets {@code close()}.
 */
class PlainJavaIT {
  private static final String CAP = "5a".repeat(32);
  private static final String LOG = "c3".repeat(32);

  @Test
  void theClassPathHoldsNoDiFrameworkNorTheInMemoryAdapter() throws Exception {
    String classPath = Files.readString(Path.of("target", "runtime-classpath.txt"));
    assertThat(classPath)
        .contains("wakeup-domain", "wakeup-adapters-nio", "wakeup-adapters-bouncycastle", "bcprov")
        .doesNotContain("guice", "guava", "inmemory", "jakarta.inject", "javax.inject");
  }

  @Test
  void thePlainJavaExampleDialsTheReferenceListenerAndPrintsItsAnnounce() throws Exception {
    Path cli = Path.of(System.getProperty("interop.dir"), "cli.js");
    try (ChildJvm reference =
        ChildJvm.start(
            List.of(
                "node", cli.toString(), "listen", "--capability", CAP, "--announce", LOG + ":9",
                "--exit-on", "lookup"))) {
      Matcher port = Pattern.compile("\"port\":(\\d+)").matcher(reference.awaitLine("\"listening\""));
      assertThat(port.find()).isTrue();

      try (ChildJvm example =
          ChildJvm.java(PlainJavaExample.class.getName(), CAP, "127.0.0.1", port.group(1))) {
        assertThat(example.awaitExit(30)).as("exit code; stderr: %s", example.stderr()).isZero();
        assertThat(example.stdout()).isEqualTo(LOG + " is at length 9\n");
      }
      assertThat(reference.awaitExit(20)).isZero();
      assertThat(reference.stdout()).contains("\"event\":\"lookup\"");
    }
  }

  @Test
  void aMainThatForgetsToCloseItsNodesStillExits() throws Exception {
    try (ChildJvm forgetful = ChildJvm.java(ForgetfulMain.class.getName())) {
      assertThat(forgetful.awaitExit(20)).as("exit code; stderr: %s", forgetful.stderr()).isZero();
      assertThat(forgetful.stdout())
          .contains("connected")
          .contains("guice on the class path: false")
          .contains("guava on the class path: false")
          .contains("in-memory adapter on the class path: false");
    }
  }
}
