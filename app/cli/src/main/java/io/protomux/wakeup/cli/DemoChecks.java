package io.protomux.wakeup.cli;

/**
 * The demo's waiting: each step waits, up to one deadline for the whole run, for the events that
 * show it worked.
 */
final class DemoChecks {
  private final EventLog log;
  private final long deadlineNanos;

  DemoChecks(EventLog log, long deadlineNanos) {
    this.log = log;
    this.deadlineNanos = deadlineNanos;
  }

  long deadlineNanos() {
    return deadlineNanos;
  }

  /** The first expectation not met by the deadline, described, or null. */
  String firstMissing(Expected... expected) throws InterruptedException {
    for (Expected e : expected) {
      if (!log.await(e.node(), e.event(), e.count(), deadlineNanos)) {
        return e.node() + " " + e.event() + (e.count() > 1 ? " (again)" : "");
      }
    }
    return null;
  }

  static Expected seen(String node, String event) {
    return new Expected(node, event, 1);
  }

  static Expected seenAgain(String node, String event) {
    return new Expected(node, event, 2);
  }

  static Outcome timedOut(String missing) {
    return Outcome.failed("demo timed out waiting for " + missing);
  }

  /** {@code node} has printed {@code event} at least {@code count} times. */
  record Expected(String node, String event, int count) {}
}
