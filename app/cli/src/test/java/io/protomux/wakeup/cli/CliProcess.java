package io.protomux.wakeup.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A running command line, watched as a user would: its stdout read line by line as JSON, its
 * stderr kept, its exit code awaited. Closing it kills the process if it is still running.
 */
final class CliProcess implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final String label;
  private final Process process;
  private final List<String> lines = new ArrayList<>();
  private final List<JsonNode> events = new ArrayList<>();
  private final StringBuilder stderr = new StringBuilder();
  private final Thread stdoutReader;
  private final Thread stderrReader;

  private CliProcess(String label, Process process) {
    this.label = label;
    this.process = process;
    this.stdoutReader = reader(process.getInputStream(), this::onStdoutLine, label + "-stdout");
    this.stderrReader = reader(process.getErrorStream(), this::onStderrLine, label + "-stderr");
  }

  /** Starts {@code implementation} with {@code args}. */
  static CliProcess start(String label, CliImplementation implementation, List<String> args) {
    return start(label, implementation, args, Map.of());
  }

  /**
   * Starts {@code implementation} with {@code args} and these environment variables besides the
   * test's own (minus any {@code WAKEUP_*} of the test's, so that only the test's values count).
   */
  static CliProcess start(
      String label, CliImplementation implementation, List<String> args, Map<String, String> env) {
    try {
      ProcessBuilder builder =
          new ProcessBuilder(implementation.command(args)).redirectInput(ProcessBuilder.Redirect.PIPE);
      builder.environment().keySet().removeIf(name -> name.startsWith("WAKEUP_"));
      builder.environment().putAll(env);
      Process process = builder.start();
      process.getOutputStream().close();
      return new CliProcess(label + "(" + implementation.name() + ")", process);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Waits for the first event line that matches, and returns it. */
  synchronized JsonNode awaitEvent(Predicate<JsonNode> matching, Duration timeout)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    int checked = 0;
    while (true) {
      for (; checked < events.size(); checked++) {
        if (matching.test(events.get(checked))) {
          return events.get(checked);
        }
      }
      long left = deadline - System.nanoTime();
      if (left <= 0 || (!process.isAlive() && !stdoutReader.isAlive())) {
        throw new AssertionError(
            label + ": no matching event within " + timeout + "\nstdout:\n" + String.join("\n", lines)
                + "\nstderr:\n" + stderr);
      }
      TimeUnit.NANOSECONDS.timedWait(this, Math.min(left, TimeUnit.MILLISECONDS.toNanos(100)));
    }
  }

  /** Waits for the first line whose {@code "event"} is {@code name}. */
  JsonNode awaitEvent(String name, Duration timeout) throws InterruptedException {
    return awaitEvent(event -> name.equals(event.path("event").asText()), timeout);
  }

  /** Waits for the process to exit and its output to be read; returns the exit code. */
  int awaitExit(Duration timeout) throws InterruptedException {
    if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
      throw new AssertionError(
          label + " still running after " + timeout + "\nstdout:\n" + String.join("\n", lines())
              + "\nstderr:\n" + stderr());
    }
    stdoutReader.join(5000);
    stderrReader.join(5000);
    return process.exitValue();
  }

  /** Every stdout line so far, each parsed as JSON (a line that is not JSON fails the test). */
  synchronized List<JsonNode> events() {
    if (events.size() != lines.size()) {
      throw new AssertionError(label + " printed a line that is not JSON:\n" + String.join("\n", lines));
    }
    return List.copyOf(events);
  }

  /** The events named {@code name}. */
  List<JsonNode> events(String name) {
    return events().stream().filter(event -> name.equals(event.path("event").asText())).toList();
  }

  /** The {@code "event"} names in order. */
  List<String> eventNames() {
    return events().stream().map(event -> event.path("event").asText()).toList();
  }

  synchronized List<String> lines() {
    return List.copyOf(lines);
  }

  synchronized String stderr() {
    return stderr.toString();
  }

  /** Sends SIGTERM (what {@link Process#destroy()} does on Linux and macOS). */
  void terminate() {
    process.destroy();
  }

  /** Sends SIGINT, as Ctrl-C in a terminal does. */
  void interrupt() throws IOException, InterruptedException {
    Process kill = new ProcessBuilder("kill", "-INT", Long.toString(process.pid())).start();
    if (kill.waitFor() != 0) {
      throw new AssertionError("kill -INT " + process.pid() + " failed");
    }
  }

  @Override
  public void close() {
    process.destroyForcibly();
  }

  private synchronized void onStdoutLine(String line) {
    lines.add(line);
    try {
      events.add(JSON.readTree(line));
    } catch (JsonProcessingException e) {
      // Kept out of events: events() then reports the mismatch.
    }
    notifyAll();
  }

  private synchronized void onStderrLine(String line) {
    stderr.append(line).append('\n');
  }

  private static Thread reader(
      InputStream stream, java.util.function.Consumer<String> onLine, String name) {
    Thread thread =
        new Thread(
            () -> {
              try (BufferedReader reader =
                  new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
                String line;
                while ((line = reader.readLine()) != null) {
                  onLine.accept(line);
                }
              } catch (IOException e) {
                // The process was killed: its output ends here.
              }
            },
            name);
    thread.setDaemon(true);
    thread.start();
    return thread;
  }
}
