package io.protomux.wakeup.ports.loop;

/**
 * The clock and timers of one event loop. Tasks run on that loop's thread, one at a time, in
 * deadline order (ties in the order they were scheduled).
 */
public interface Scheduler {
  /** Milliseconds on a monotonic clock (virtual in tests); only differences are meaningful. */
  long nowMillis();

  /**
   * Runs the task once, {@code delayMillis} from now (0: as soon as the current task returns).
   *
   * @return a handle that cancels the task
   */
  Cancellable schedule(long delayMillis, Runnable task);
}
