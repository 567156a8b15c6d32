package io.protomux.wakeup.adapters.inmemory;

import io.protomux.wakeup.ports.loop.Cancellable;

/** One entry of {@link VirtualTimeLoop}'s queue, ordered by deadline, then by scheduling order. */
final class ScheduledTask implements Cancellable, Comparable<ScheduledTask> {
  final Runnable body;
  final long delayMillis;
  long deadline;
  long sequence;
  // Volatile because another thread may cancel a task the loop is about to run.
  private volatile boolean cancelled;

  ScheduledTask(long delayMillis, Runnable body) {
    this.delayMillis = delayMillis;
    this.body = body;
  }

  @Override
  public void cancel() {
    cancelled = true;
  }

  boolean isCancelled() {
    return cancelled;
  }

  @Override
  public int compareTo(ScheduledTask other) {
    int byDeadline = Long.compare(deadline, other.deadline);
    return byDeadline != 0 ? byDeadline : Long.compare(sequence, other.sequence);
  }
}
