package io.protomux.wakeup.node;

import java.util.ArrayDeque;
import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.function.Consumer;

/**
 * Runs tasks on another executor one at a time, in the order given: one session's handlers keep
 * their order on a pool of many threads, while different sessions run side by side.
 */
final class SerialExecutor implements Executor {
  private final Executor delegate;
  private final Consumer<Throwable> errorHandler;
  private final ArrayDeque<Runnable> queue = new ArrayDeque<>();
  private final Runnable drain = this::drain;
  private boolean running;

  SerialExecutor(Executor delegate, Consumer<Throwable> errorHandler) {
    this.delegate = Objects.requireNonNull(delegate, "delegate");
    this.errorHandler = errorHandler;
  }

  @Override
  public void execute(Runnable task) {
    synchronized (queue) {
      queue.add(task);
      if (running) {
        return;
      }
      running = true;
    }
    try {
      delegate.execute(drain);
    } catch (RuntimeException rejected) {
      synchronized (queue) {
        queue.clear();
        running = false;
      }
      errorHandler.accept(rejected);
    }
  }

  private void drain() {
    while (true) {
      Runnable next;
      synchronized (queue) {
        next = queue.poll();
        if (next == null) {
          running = false;
          return;
        }
      }
      try {
        next.run();
      } catch (RuntimeException e) {
        errorHandler.accept(e);
      }
    }
  }
}
