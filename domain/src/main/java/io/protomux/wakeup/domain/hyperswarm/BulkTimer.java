package io.protomux.wakeup.domain.hyperswarm;

import io.protomux.wakeup.ports.loop.Cancellable;
import io.protomux.wakeup.ports.loop.Scheduler;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * The reference's {@code BulkTimer}: an interval of {@code floor(0.66 x time)} started by the
 * first add; a peer added is handed on at the second tick after it was added, so it waits between
 * 0.66 and 1.32 times {@code time}. Unlike {@code setInterval}, the ticks stop while nothing is
 * pending (a virtual-time loop can go idle) and resume on the same phase, so the delays are the
 * reference's.
 */
final class BulkTimer {
  private final Scheduler scheduler;
  private final long period;
  private final Consumer<List<PeerInfo>> onBatch;
  private List<PeerInfo> next = new ArrayList<>();
  private List<PeerInfo> pending = new ArrayList<>();
  private long origin = -1;
  private Cancellable tick;
  private boolean destroyed;

  BulkTimer(Scheduler scheduler, long time, Consumer<List<PeerInfo>> onBatch) {
    this.scheduler = scheduler;
    this.period = Math.max(1, (long) Math.floor(time * 0.66));
    this.onBatch = onBatch;
  }

  long period() {
    return period;
  }

  void add(PeerInfo peer) {
    if (destroyed) {
      return;
    }
    long now = scheduler.nowMillis();
    if (origin < 0) {
      origin = now;
    }
    pending.add(peer);
    if (tick == null) {
      long elapsed = now - origin;
      long delay = period - elapsed % period;
      tick = scheduler.schedule(delay, this::onTick);
    }
  }

  private void onTick() {
    tick = null;
    if (destroyed) {
      return;
    }
    List<PeerInfo> batch = next;
    next = pending;
    pending = new ArrayList<>();
    if (!next.isEmpty() || !pending.isEmpty()) {
      tick = scheduler.schedule(period, this::onTick);
    }
    if (!batch.isEmpty()) {
      onBatch.accept(batch);
    }
    // A batch handler may have added peers; they joined pending and armed no tick of their own.
    if (tick == null && (!next.isEmpty() || !pending.isEmpty())) {
      tick = scheduler.schedule(period, this::onTick);
    }
  }

  void destroy() {
    destroyed = true;
    if (tick != null) {
      tick.cancel();
      tick = null;
    }
    next.clear();
    pending.clear();
  }
}
