package io.protomux.wakeup.ports.loop;

import java.util.concurrent.Executor;

/**
 * A single thread of execution (real or simulated) that owns protocol state: every connection,
 * stream and swarm is confined to one loop, so none of them needs locks.
 */
public interface EventLoop extends Executor, Scheduler {
  /** Whether the calling thread is this loop's thread. */
  boolean inEventLoop();

  /** Queues the task to run on the loop; callable from any thread. */
  @Override
  void execute(Runnable task);
}
