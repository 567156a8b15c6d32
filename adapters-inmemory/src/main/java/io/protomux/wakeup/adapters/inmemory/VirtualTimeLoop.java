package io.protomux.wakeup.adapters.inmemory;

import io.protomux.wakeup.ports.loop.Cancellable;
import io.protomux.wakeup.ports.loop.EventLoop;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.PriorityQueue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * A deterministic, single-threaded {@link EventLoop} on a virtual clock, driven by the test (or
 * simulation) that owns it: nothing runs and no time passes except inside {@link #runUntilIdle()},
 * {@link #runFor(long)} and {@link #runUntil(BooleanSupplier, long)}.
 *
 * <p>The clock starts at 0. Tasks run in deadline order, ties in the order they were scheduled, so
 * the same program always runs the same tasks in the same order at the same virtual times.
 *
 * <p><b>The loop's thread</b> is the thread that drives it: the thread that created it, until
 * another thread calls a {@code run} method (the loop must not be running then), which takes it
 * over. {@link #inEventLoop()} is true on that thread whether or not a run is in progress, because
 * between runs the driving test itself stands in for the loop: it may set up connections and
 * timers directly. {@link #execute} and {@link #schedule} may be called from any thread; tasks
 * from other threads are handed over through a thread-safe queue and join the schedule (measured
 * from the virtual time they are picked up at) when the loop next runs.
 *
 * <p><b>Failures.</b> A task that throws is recorded in {@link #failures()} and passed to the
 * {@linkplain #setFailureHandler failure handler}. In strict mode (the default) the run then stops
 * and rethrows it, so a broken test fails loudly where it broke; with {@code setStrict(false)} the
 * loop goes on with the next task, as a production loop would.
 *
 * <p><b>Runaway guard.</b> A run that executes more than {@link #setMaxTasksPerRun} tasks throws
 * {@link IllegalStateException}: {@link #runUntilIdle()} never ends while a periodic timer keeps
 * rescheduling itself, and the guard turns that hang into an error naming the fix.
 */
public final class VirtualTimeLoop implements EventLoop {
  /** How many tasks one run may execute before the runaway guard trips, unless changed. */
  public static final int DEFAULT_MAX_TASKS_PER_RUN = 1_000_000;

  // Cancelled tasks stay queued until their deadline (cancel() is O(1) and may come from any
  // thread); a stack that re-arms a timeout on every message would pile them up, so the queue is
  // swept whenever it has doubled since the last sweep.
  private static final int COMPACT_THRESHOLD = 1024;

  private final PriorityQueue<ScheduledTask> queue = new PriorityQueue<>();
  private final ConcurrentLinkedQueue<ScheduledTask> handOff = new ConcurrentLinkedQueue<>();
  private final AtomicBoolean running = new AtomicBoolean();
  private final List<Throwable> failures = new ArrayList<>();
  private volatile Thread owner = Thread.currentThread();
  private volatile long now;
  private long nextSequence;
  private long tasksRun;
  private int compactAt = COMPACT_THRESHOLD;
  private boolean strict = true;
  private Consumer<Throwable> failureHandler = failure -> {};
  private int maxTasksPerRun = DEFAULT_MAX_TASKS_PER_RUN;

  /** A loop at virtual time 0, owned by the calling thread, strict, with no task queued. */
  public VirtualTimeLoop() {}

  @Override
  public long nowMillis() {
    return now;
  }

  @Override
  public boolean inEventLoop() {
    return Thread.currentThread() == owner;
  }

  @Override
  public void execute(Runnable task) {
    schedule(0, task);
  }

  /**
   * {@inheritDoc}
   *
   * @throws IllegalArgumentException if {@code delayMillis} is negative
   */
  @Override
  public Cancellable schedule(long delayMillis, Runnable task) {
    Objects.requireNonNull(task, "task");
    if (delayMillis < 0) {
      throw new IllegalArgumentException("negative delay: " + delayMillis);
    }
    ScheduledTask scheduled = new ScheduledTask(delayMillis, task);
    if (inEventLoop()) {
      enqueue(scheduled);
    } else {
      handOff.add(scheduled);
    }
    return scheduled;
  }

  /**
   * Runs every task, advancing the clock to each one's deadline, until none is left.
   *
   * @throws IllegalStateException if more than the maximum number of tasks ran (a task that keeps
   *     rescheduling itself: use {@link #runFor} or {@link #runUntil} instead)
   */
  public void runUntilIdle() {
    run("runUntilIdle", Long.MAX_VALUE, () -> false);
  }

  /**
   * Runs every task due within the next {@code millis} virtual milliseconds (deadline included),
   * including those scheduled meanwhile, then sets the clock to the end of that window.
   * {@code runFor(0)} runs what is due now.
   */
  public void runFor(long millis) {
    long end = windowEnd(millis);
    run("runFor", end, () -> false);
    now = end;
  }

  /**
   * Runs tasks until {@code condition} holds (checked before the first task and after each), for
   * at most {@code maxVirtualMillis}.
   *
   * @return true, with the clock at the task that made the condition true; or false, with the
   *     clock at the end of the window, when the window passed (or the loop went idle) first
   */
  public boolean runUntil(BooleanSupplier condition, long maxVirtualMillis) {
    Objects.requireNonNull(condition, "condition");
    long end = windowEnd(maxVirtualMillis);
    if (run("runUntil", end, condition)) {
      return true;
    }
    now = end;
    return condition.getAsBoolean();
  }

  /** How many tasks are waiting to run, including those handed over from other threads. */
  public int pendingTasks() {
    int pending = 0;
    for (ScheduledTask task : queue) {
      pending += task.isCancelled() ? 0 : 1;
    }
    for (ScheduledTask task : handOff) {
      pending += task.isCancelled() ? 0 : 1;
    }
    return pending;
  }

  /** How many tasks have run since the loop was made (cancelled ones not counted). */
  public long tasksRun() {
    return tasksRun;
  }

  /** Everything tasks have thrown so far, oldest first (a copy). */
  public List<Throwable> failures() {
    return List.copyOf(failures);
  }

  /** Whether a failed task stops the run and is rethrown (true, the default) or only recorded. */
  public void setStrict(boolean strict) {
    this.strict = strict;
  }

  /** Also hands every task failure to {@code handler}, on the loop's thread, as it happens. */
  public void setFailureHandler(Consumer<Throwable> handler) {
    this.failureHandler = Objects.requireNonNull(handler, "handler");
  }

  /** Sets the runaway guard: how many tasks one call of a {@code run} method may execute. */
  public void setMaxTasksPerRun(int maxTasks) {
    if (maxTasks <= 0) {
      throw new IllegalArgumentException("maxTasks must be positive: " + maxTasks);
    }
    this.maxTasksPerRun = maxTasks;
  }

  /** Runs tasks due by {@code end} until {@code stop} holds; returns whether it did. */
  private boolean run(String name, long end, BooleanSupplier stop) {
    if (!running.compareAndSet(false, true)) {
      throw new IllegalStateException(name + " called while the loop is already running");
    }
    try {
      owner = Thread.currentThread();
      if (stop.getAsBoolean()) {
        return true;
      }
      int executed = 0;
      while (true) {
        drainHandOff();
        ScheduledTask next = queue.peek();
        if (next == null || next.deadline > end) {
          return false;
        }
        queue.poll();
        if (next.isCancelled()) {
          continue;
        }
        if (++executed > maxTasksPerRun) {
          queue.add(next);
          throw new IllegalStateException(
              name
                  + " ran more than "
                  + maxTasksPerRun
                  + " tasks (virtual time "
                  + now
                  + " ms): probably a timer that keeps rescheduling itself; drive the loop with"
                  + " runFor or runUntil, or raise setMaxTasksPerRun");
        }
        now = Math.max(now, next.deadline);
        tasksRun++;
        runOne(next);
        if (stop.getAsBoolean()) {
          return true;
        }
      }
    } finally {
      running.set(false);
    }
  }

  private void runOne(ScheduledTask task) {
    try {
      task.body.run();
    } catch (Throwable failure) {
      failures.add(failure);
      failureHandler.accept(failure);
      if (strict) {
        throw rethrowable(failure);
      }
    }
  }

  private static RuntimeException rethrowable(Throwable failure) {
    if (failure instanceof RuntimeException) {
      return (RuntimeException) failure;
    }
    if (failure instanceof Error) {
      throw (Error) failure;
    }
    return new IllegalStateException("a task threw a checked exception", failure);
  }

  private void enqueue(ScheduledTask task) {
    long deadline = now + task.delayMillis;
    task.deadline = deadline < now ? Long.MAX_VALUE : deadline; // saturate on overflow
    task.sequence = nextSequence++;
    queue.add(task);
    if (queue.size() >= compactAt) {
      queue.removeIf(ScheduledTask::isCancelled);
      compactAt = Math.max(COMPACT_THRESHOLD, 2 * queue.size());
    }
  }

  private void drainHandOff() {
    ScheduledTask task;
    while ((task = handOff.poll()) != null) {
      enqueue(task);
    }
  }

  private long windowEnd(long millis) {
    if (millis < 0) {
      throw new IllegalArgumentException("negative duration: " + millis);
    }
    long end = now + millis;
    return end < now ? Long.MAX_VALUE : end;
  }
}
