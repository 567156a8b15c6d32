package io.protomux.wakeup.interop;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The Java command line ({@code io.protomux.wakeup.cli.Main}, what {@code protomux-wakeup.jar}
 * runs) as a child JVM on this module's test class path, read as a {@link NodePeer}: one JSON
 * event per stdout line, the {@code error: …} line on stderr, the exit code.
 */
final class JavaCli {
  private JavaCli() {}

  static NodePeer start(String... args) {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-cp");
    // Surefire may run the tests from a manifest-only jar; this property holds the real path.
    command.add(System.getProperty("surefire.test.class.path", System.getProperty("java.class.path")));
    command.add("io.protomux.wakeup.cli.Main");
    command.addAll(List.of(args));
    try {
      return new NodePeer(new ProcessBuilder(command).start());
    } catch (IOException e) {
      throw new AssertionError("cannot start the Java command line: " + e.getMessage(), e);
    }
  }
}
