package io.protomux.wakeup.cli;

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

  /**
   * The reference stack's command line, {@code interop/cli.js}, on the pinned packages of the
   * interop harness ({@code npm ci} there runs before the process tests). A machine without Node,
   * or without those packages, fails the tests: they are never skipped.
   */
  CliImplementation NODE =
      new CliImplementation() {
        @Override
        public String name() {
          return "node";
        }

        @Override
        public List<String> command(List<String> args) {
          Path interop = Path.of(System.getProperty("interop.dir", "../interop")).toAbsolutePath();
          Path script = interop.resolve("cli.js");
          if (!Files.isRegularFile(script)) {
            throw new IllegalStateException(script + " is missing");
          }
          if (!Files.isDirectory(interop.resolve("node_modules").resolve("protomux-wakeup"))) {
            throw new IllegalStateException(
                interop.resolve("node_modules") + " lacks the reference packages: run npm ci in "
                    + interop + " (mvn verify does)");
          }
          List<String> command = new ArrayList<>();
          command.add(node().toString());
          command.add(script.toString());
          command.addAll(args);
          return command;
        }

        /** {@code node} on the PATH. */
        private Path node() {
          String path = System.getenv("PATH");
          if (path != null) {
            for (String dir : path.split(java.io.File.pathSeparator)) {
              if (dir.isEmpty()) {
                continue;
              }
              for (String name : List.of("node", "node.exe")) {
                Path candidate = Path.of(dir, name);
                if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                  return candidate;
                }
              }
            }
          }
          throw new IllegalStateException(
              "node is not on the PATH: the process tests run the Java command line against the"
                  + " Node reference and need Node.js (see interop/package.json)");
        }

        @Override
        public String toString() {
          return name();
        }
      };
}
