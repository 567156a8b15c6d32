package io.protomux.wakeup.app;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * One program that speaks the command line's contract (commands, options, JSON lines, exit
 * codes). The process tests run every pair of them against each other, so a peer from another
 * stack (the Node reference, through the interop harness) joins by implementing this.
 */
interface CliImplementation {
  /** A short name for test reports. */
  String name();

  /** The command that runs {@code args} (e.g. {@code listen --port 0 ...}). */
  List<String> command(List<String> args);

  /** The packaged jar, started with the JVM running the tests. */
  CliImplementation JAVA =
      new CliImplementation() {
        @Override
        public String name() {
          return "java";
        }

        @Override
        public List<String> command(List<String> args) {
          Path jar = Path.of(System.getProperty("wakeup.jar", "target/protomux-wakeup.jar"));
          if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " is missing: run mvn package first");
          }
          List<String> command = new ArrayList<>();
          command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
          command.add("-jar");
          command.add(jar.toString());
          command.addAll(args);
          return command;
        }

        @Override
        public String toString() {
          return name();
        }
      };
}
