package io.protomux.wakeup.cli.bench;

import java.io.PrintStream;
import java.util.Locale;

/**
 * The bench's progress on stderr, one line as each phase starts and one as it ends, so that a run
 * of several minutes shows where it is; stdout keeps only the result line.
 */
public final class Progress {
  /** Prints nothing. */
  public static final Progress SILENT = new Progress(null);

  private final PrintStream err;

  /** @param err where the lines go, or null for nowhere */
  public Progress(PrintStream err) {
    this.err = err;
  }

  /** A phase's body, which may fail as a benchmark does. */
  @FunctionalInterface
  public interface Phase<T> {
    /** Runs the phase. */
    T run() throws Exception;
  }

  /** Runs {@code phase}, printing {@code name} as it starts and its duration as it ends. */
  public <T> T phase(String name, Phase<T> phase) throws Exception {
    print("bench: " + name + " ...");
    long start = System.nanoTime();
    T result = phase.run();
    print(
        String.format(
            Locale.ROOT, "bench: %s done in %.1f ms", name, (System.nanoTime() - start) / 1e6));
    return result;
  }

  private void print(String line) {
    if (err != null) {
      err.println(line);
      err.flush();
    }
  }
}
