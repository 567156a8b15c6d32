package io.protomux.wakeup.cli;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Counts events per node and event name, so the demo can wait for each step's outcome. */
final class EventLog {
  private final Map<String, Integer> counts = new HashMap<>();

  /** Records every event of {@code output} under {@code node}. */
  void watch(EventOutput output, String node) {
    output.addListener(event -> record(node + " " + event.name()));
  }

  private synchronized void record(String key) {
    counts.merge(key, 1, Integer::sum);
    notifyAll();
  }

  /**
   * Waits until {@code node} has seen {@code event} at least {@code count} times.
   *
   * @param deadlineNanos on {@link System#nanoTime()}'s clock
   * @return false if the deadline passed first
   */
  synchronized boolean await(String node, String event, int count, long deadlineNanos)
      throws InterruptedException {
    String key = node + " " + event;
    while (counts.getOrDefault(key, 0) < count) {
      long left = deadlineNanos - System.nanoTime();
      if (left <= 0) {
        return false;
      }
      TimeUnit.NANOSECONDS.timedWait(this, left);
    }
    return true;
  }
}
