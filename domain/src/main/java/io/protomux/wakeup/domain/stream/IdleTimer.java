package io.protomux.wakeup.domain.stream;

import io.protomux.wakeup.ports.loop.Cancellable;
import io.protomux.wakeup.ports.loop.Scheduler;

/**
 * Fires after an interval without {@link #touch()}. Touching only records the time, so a busy
 * stream costs no timer churn: the single pending timer re-arms itself for the remaining time.
 */
final class IdleTimer {
  private final Scheduler scheduler;
  private final long intervalMillis;
  private final Runnable onIdle;
  private long lastActivity;
  private Cancellable pending;

  IdleTimer(Scheduler scheduler, long intervalMillis, Runnable onIdle) {
    this.scheduler = scheduler;
    this.intervalMillis = intervalMillis;
    this.onIdle = onIdle;
  }

  void start() {
    lastActivity = scheduler.nowMillis();
    arm(intervalMillis);
  }

  void touch() {
    lastActivity = scheduler.nowMillis();
  }

  void cancel() {
    if (pending != null) {
      pending.cancel();
      pending = null;
    }
  }

  private void arm(long delay) {
    pending = scheduler.schedule(delay, this::check);
  }

  private void check() {
    if (pending == null) {
      return;
    }
    long idle = scheduler.nowMillis() - lastActivity;
    if (idle < intervalMillis) {
      arm(intervalMillis - idle);
      return;
    }
    lastActivity = scheduler.nowMillis();
    arm(intervalMillis);
    onIdle.run();
  }
}
