package io.protomux.wakeup.adapters.nio;

import io.protomux.wakeup.ports.loop.Cancellable;
import java.util.PriorityQueue;

/**
 * The timers of one {@link NioEventLoop}, ordered by deadline then by scheduling order. Only the
 * loop's thread touches the queue; {@link Timer#cancel()} may come from any thread.
 *
 * <p>Deadlines are {@link System#nanoTime()} values, compared by difference so they survive the
 * counter wrapping around.
 */
final class TimerQueue {
  // Cancelled timers stay queued until they reach the head, which makes cancel() O(1); a stack that
  // re-arms a timeout on every message would pile them up, so they are swept out once they are
  // more than half of a queue of some size.
  private static final int SWEEP_MIN_CANCELLED = 256;

  private final PriorityQueue<Timer> queue = new PriorityQueue<>();
  private long nextSequence;
  private int cancelledSinceSweep;

  /** Queues a timer made by {@link #newTimer}. */
  void add(Timer timer) {
    timer.sequence = nextSequence++;
    queue.add(timer);
  }

  /** Nanoseconds from {@code now} until the earliest live deadline: 0 if one is due, -1 if none. */
  long nanosUntilNext(long now) {
    Timer head = liveHead();
    if (head == null) {
      return -1;
    }
    return Math.max(0, head.deadline - now);
  }

  /** Removes and returns the earliest timer due at {@code now}, or null. */
  Timer pollDue(long now) {
    Timer head = liveHead();
    if (head == null || head.deadline - now > 0) {
      return null;
    }
    queue.poll();
    return head;
  }

  /** Forgets every timer (the loop is shutting down). */
  void clear() {
    queue.clear();
    cancelledSinceSweep = 0;
  }

  /** Called on the loop thread when a queued timer is cancelled there. */
  void onCancelled() {
    cancelledSinceSweep++;
    if (cancelledSinceSweep >= SWEEP_MIN_CANCELLED && cancelledSinceSweep * 2 > queue.size()) {
      queue.removeIf(Timer::isCancelled);
      cancelledSinceSweep = 0;
    }
  }

  private Timer liveHead() {
    Timer head = queue.peek();
    while (head != null && head.isCancelled()) {
      queue.poll();
      head = queue.peek();
    }
    return head;
  }

  /** One scheduled task; it is its own cancellation handle. */
  static final class Timer implements Cancellable, Comparable<Timer> {
    private final NioEventLoop loop;
    final long deadline;
    long sequence;
    // Volatile: any thread may cancel while the loop is deciding whether to run it. Nulled on
    // cancel or run so that a long-lived cancelled timer does not pin what the task captured.
    private volatile Runnable task;

    Timer(NioEventLoop loop, long deadline, Runnable task) {
      this.loop = loop;
      this.deadline = deadline;
      this.task = task;
    }

    @Override
    public void cancel() {
      if (task == null) {
        return;
      }
      task = null;
      if (loop.inEventLoop()) {
        loop.timerCancelled();
      }
    }

    boolean isCancelled() {
      return task == null;
    }

    /** Takes the task for running; null if it was cancelled meanwhile. */
    Runnable take() {
      Runnable t = task;
      task = null;
      return t;
    }

    @Override
    public int compareTo(Timer other) {
      long byDeadline = deadline - other.deadline;
      if (byDeadline != 0) {
        return byDeadline < 0 ? -1 : 1;
      }
      return Long.compare(sequence, other.sequence);
    }
  }
}
