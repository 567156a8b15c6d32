package io.protomux.wakeup.ports.loop;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Supplier;

/**
 * A single thread of execution (real or simulated) that owns protocol state: every connection,
 * stream and swarm is confined to one loop, so none of them needs locks. Nothing here waits for
 * the loop: work is handed to it and results come back as futures.
 */
public interface EventLoop extends Executor, Scheduler {
  /** Whether the calling thread is this loop's thread. */
  boolean inEventLoop();

  /** Queues the task to run on the loop; callable from any thread. */
  @Override
  void execute(Runnable task);

  /**
   * Queues the task to run on the loop; the future completes with its result, or with what it
   * threw. Callable from any thread.
   */
  default <T> CompletableFuture<T> submit(Supplier<T> task) {
    CompletableFuture<T> result = new CompletableFuture<>();
    execute(
        () -> {
          try {
            result.complete(task.get());
          } catch (Throwable t) {
            result.completeExceptionally(t);
          }
        });
    return result;
  }
}
