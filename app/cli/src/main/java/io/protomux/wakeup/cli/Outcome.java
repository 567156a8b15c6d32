package io.protomux.wakeup.cli;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * How a run ends: the exit code, and the line to show on stderr (null for none).
 *
 * @param exitCode 0 done, 1 failed or timed out, 2 bad command line
 */
record Outcome(int exitCode, String message) {
  static final int OK = 0;
  static final int FAILED = 1;
  static final int USAGE = 2;

  static Outcome ok() {
    return new Outcome(OK, null);
  }

  static Outcome failed(String message) {
    return new Outcome(FAILED, message);
  }

  /**
   * Waits for the run to end.
   *
   * @param timeoutMillis how long at most, 0 for ever; then the run has failed
   */
  static Outcome await(CompletableFuture<Outcome> outcome, long timeoutMillis) {
    try {
      return timeoutMillis > 0 ? outcome.get(timeoutMillis, TimeUnit.MILLISECONDS) : outcome.get();
    } catch (TimeoutException e) {
      return failed("timed out after " + timeoutMillis + " ms");
    } catch (ExecutionException e) {
      return failed(String.valueOf(e.getCause().getMessage()));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return failed("interrupted");
    }
  }
}
