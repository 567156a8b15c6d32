package io.protomux.wakeup.node;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * A process of its own (a JVM with only the node artifact's runtime class path, or Node running
 * the reference), with its output collected; closing it kills what is still running.
 */
final class ChildJvm implements AutoCloseable {
  final Process process;
  private final CompletableFuture<String> stdout;
  private final CompletableFuture<String> stderr;
  private final StringBuffer lines = new StringBuffer();

  private ChildJvm(Process process) {
    this.process = process;
    this.stdout = collect(process.getInputStream(), lines);
    this.stderr = collect(process.getErrorStream(), new StringBuffer());
  }

  /**
   * The node artifact's runtime class path, as the build wrote it ({@code
   * target/runtime-classpath.txt}), plus its own classes and the test classes with the programs.
   */
  static String nodeClassPath() throws IOException {
    String dependencies = Files.readString(Path.of("target", "runtime-classpath.txt")).strip();
    return String.join(
        java.io.File.pathSeparator,
        Path.of("target", "classes").toAbsolutePath().toString(),
        Path.of("target", "test-classes").toAbsolutePath().toString(),
        dependencies);
  }

  static ChildJvm java(String mainClass, String... args) throws IOException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-cp");
    command.add(nodeClassPath());
    command.add(mainClass);
    command.addAll(List.of(args));
    return start(command);
  }

  static ChildJvm start(List<String> command) throws IOException {
    Process process = new ProcessBuilder(command).start();
    process.getOutputStream().close();
    return new ChildJvm(process);
  }

  /** Waits for a line of stdout that contains {@code text}; returns it. */
  String awaitLine(String text) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (System.nanoTime() < deadline) {
      for (String line : lines.toString().split("\n")) {
        if (line.contains(text)) {
          return line;
        }
      }
      Thread.sleep(20);
    }
    throw new AssertionError("no line with " + text + " within 20 s; stdout: " + lines + "; stderr: " + stderr.getNow(""));
  }

  /** Waits for the exit; null if the process was still running after {@code seconds}. */
  Integer awaitExit(long seconds) throws InterruptedException {
    return process.waitFor(seconds, TimeUnit.SECONDS) ? process.exitValue() : null;
  }

  String stdout() throws Exception {
    return stdout.get(20, TimeUnit.SECONDS);
  }

  String stderr() throws Exception {
    return stderr.get(20, TimeUnit.SECONDS);
  }

  @Override
  public void close() {
    process.destroyForcibly();
  }

  private static CompletableFuture<String> collect(InputStream in, StringBuffer sink) {
    CompletableFuture<String> all = new CompletableFuture<>();
    Thread reader =
        new Thread(
            () -> {
              byte[] buffer = new byte[4096];
              try (in) {
                int n;
                while ((n = in.read(buffer)) >= 0) {
                  sink.append(new String(buffer, 0, n, StandardCharsets.UTF_8));
                }
              } catch (IOException e) {
                throw new UncheckedIOException(e);
              } finally {
                all.complete(sink.toString());
              }
            });
    reader.setDaemon(true);
    reader.start();
    return all;
  }
}
