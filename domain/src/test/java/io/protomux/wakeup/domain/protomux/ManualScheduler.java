package io.protomux.wakeup.domain.protomux;

import io.protomux.wakeup.ports.loop.Cancellable;
import io.protomux.wakeup.ports.loop.Scheduler;
import java.util.ArrayDeque;

/** Zero-delay tasks in FIFO order, run when the test says; enough for Protomux's next-tick work. */
final class ManualScheduler implements Scheduler {
  private final ArrayDeque<Runnable> tasks = new ArrayDeque<>();

  @Override
  public long nowMillis() {
    return 0;
  }

  @Override
  public Cancellable schedule(long delayMillis, Runnable task) {
    boolean[] cancelled = {false};
    tasks.add(() -> {
      if (!cancelled[0]) {
        task.run();
      }
    });
    return () -> cancelled[0] = true;
  }

  int size() {
    return tasks.size();
  }

  void runOne() {
    tasks.poll().run();
  }

  void runUntilIdle() {
    int guard = 0;
    while (!tasks.isEmpty()) {
      if (++guard > 100_000) {
        throw new IllegalStateException("tasks keep scheduling tasks");
      }
      tasks.poll().run();
    }
  }
}
