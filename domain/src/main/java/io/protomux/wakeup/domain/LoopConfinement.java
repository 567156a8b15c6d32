package io.protomux.wakeup.domain;

import io.protomux.wakeup.ports.loop.EventLoop;
import io.protomux.wakeup.ports.loop.Scheduler;

/**
 * The one threading rule of the domain: a swarm, its topics and sessions, a Protomux and a secret
 * stream belong to one {@link EventLoop} and are only touched on its thread. They never hop
 * threads or wait for one; the any-thread API is the node facade's. A call from another thread is
 * a bug in the caller, refused at once with an {@link IllegalStateException} that says so, rather
 * than a data race found much later.
 */
public final class LoopConfinement {
  private LoopConfinement() {}

  /**
   * Refuses the call unless it runs on {@code loop}'s thread.
   *
   * @param owner what is confined, for the message ("WakeupSwarm")
   * @throws IllegalStateException off the loop
   */
  public static void check(EventLoop loop, String owner) {
    if (!loop.inEventLoop()) {
      throw offLoop(loop, owner);
    }
  }

  /** {@link #check(EventLoop, String)} when the scheduler is a loop; a bare scheduler has no thread to check. */
  public static void check(Scheduler scheduler, String owner) {
    if (scheduler instanceof EventLoop loop && !loop.inEventLoop()) {
      throw offLoop(loop, owner);
    }
  }

  private static IllegalStateException offLoop(EventLoop loop, String owner) {
    return new IllegalStateException(
        owner
            + " is confined to its event loop ("
            + loop
            + ") and was called from thread \""
            + Thread.currentThread().getName()
            + "\": call it from a handler, through eventLoop().execute(...), or use WakeupNode,"
            + " whose methods may be called from any thread");
  }
}
