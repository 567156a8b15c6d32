package io.protomux.wakeup.interop;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A script of the reference JavaScript stack running in Node, as a child process: its stdout is
 * one JSON event per line. Node being absent is a test failure, never a skip.
 */
final class NodePeer implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Process process;
  private final LinkedBlockingQueue<JsonNode> events = new LinkedBlockingQueue<>();
  private final List<JsonNode> seen = new ArrayList<>();
  private final StringBuffer stderr = new StringBuffer();

  /** Reads a process that speaks the same way (one JSON event per stdout line), e.g. {@link JavaCli}. */
  NodePeer(Process process) {
    this.process = process;
    Thread out = new Thread(this::readStdout, "node-stdout");
    out.setDaemon(true);
    out.start();
    Thread err = new Thread(this::readStderr, "node-stderr");
    err.setDaemon(true);
    err.start();
  }

  /** Starts {@code node SCRIPT ARGS...} in the interop folder. */
  static NodePeer start(String script, String... args) {
    File dir = interopDir();
    File scriptFile = new File(dir, script);
    if (!scriptFile.isFile()) {
      throw new AssertionError("interop script missing: " + scriptFile);
    }
    if (!new File(dir, "node_modules/protomux-wakeup").isDirectory()) {
      throw new AssertionError(
          "the reference packages are not installed in " + dir + ": run `npm ci` there (mvn does it in generate-test-resources)");
    }
    List<String> command = new ArrayList<>();
    command.add("node");
    command.add(script);
    command.addAll(List.of(args));
    try {
      return new NodePeer(new ProcessBuilder(command).directory(dir).start());
    } catch (IOException e) {
      throw new AssertionError("cannot start Node.js (is `node` on PATH?): " + e.getMessage(), e);
    }
  }

  /**
   * Starts {@code node dht-peer.js ROLE --bootstrap 127.0.0.1:PORT} with the JS node mode of a
   * parameterized test: {@code "--open"} or {@code "--quick-firewall=false"} (one option, or an
   * option and its value joined by {@code =}).
   */
  static NodePeer startDhtPeer(String role, int bootstrapPort, String jsMode) {
    List<String> args = new ArrayList<>(List.of(role, "--bootstrap", "127.0.0.1:" + bootstrapPort));
    args.addAll(List.of(jsMode.split("=")));
    return start("dht-peer.js", args.toArray(String[]::new));
  }

  static File interopDir() {
    String dir = System.getProperty("interop.dir");
    if (dir == null) {
      throw new AssertionError("system property interop.dir is not set (the pom sets it)");
    }
    return new File(dir);
  }

  /** Writes one JSON command line to the script's stdin. */
  void send(String json) {
    try {
      var in = process.getOutputStream();
      in.write((json + "\n").getBytes(StandardCharsets.UTF_8));
      in.flush();
    } catch (IOException e) {
      throw new AssertionError("cannot write to the Node peer: " + e.getMessage() + "; stderr: " + stderr, e);
    }
  }

  /** Sends a command and waits for its acknowledgement. */
  JsonNode command(String json) {
    send(json);
    JsonNode reply = await(e -> "ok".equals(e.path("event").asText()) || "error".equals(e.path("event").asText()), timeout());
    if ("error".equals(reply.path("event").asText())) {
      throw new AssertionError("Node refused " + json + ": " + reply.path("message").asText());
    }
    return reply;
  }

  /** Waits for the next event that matches; earlier non-matching ones stay in {@link #seen()}. */
  JsonNode await(Predicate<JsonNode> match, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    synchronized (seen) {
      for (JsonNode event : seen) {
        if (match.test(event)) {
          seen.remove(event);
          return event;
        }
      }
    }
    while (true) {
      long left = deadline - System.nanoTime();
      JsonNode event;
      try {
        event = left <= 0 ? null : events.poll(left, TimeUnit.NANOSECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError("interrupted", e);
      }
      if (event == null) {
        throw new AssertionError(
            "Node peer: no matching event within " + timeout + "; unmatched events: " + seen + "; stderr: " + stderr
                + (process.isAlive() ? "" : "; exited with " + process.exitValue()));
      }
      if (match.test(event)) {
        return event;
      }
      synchronized (seen) {
        seen.add(event);
      }
    }
  }

  /** Waits for the next event named {@code name}. */
  JsonNode await(String name) {
    return await(e -> name.equals(e.path("event").asText()), Duration.ofSeconds(20));
  }

  /** Events received and not matched by any {@code await} yet. */
  List<JsonNode> seen() {
    synchronized (seen) {
      return List.copyOf(seen);
    }
  }

  String stderr() {
    return stderr.toString();
  }

  /** Waits for the process to exit; its exit code, or null if it still runs after {@code timeout}. */
  Integer awaitExit(Duration timeout) {
    try {
      return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS) ? process.exitValue() : null;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    }
  }

  private void readStdout() {
    try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = in.readLine()) != null) {
        try {
          events.add(JSON.readTree(line));
        } catch (IOException e) {
          stderr.append("[unparsable stdout] ").append(line).append('\n');
        }
      }
    } catch (IOException ignored) {
      // the process went away
    }
  }

  private void readStderr() {
    try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = in.readLine()) != null) {
        stderr.append(line).append('\n');
      }
    } catch (IOException ignored) {
      // the process went away
    }
  }

  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(5, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  static Duration timeout() {
    return Duration.ofSeconds(20);
  }
}
