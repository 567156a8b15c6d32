package io.protomux.wakeup.domain.hyperswarm;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.function.Consumer;

/**
 * The flushes waiting in {@link Hyperswarm#flush}: each counts the peers that were queued or
 * connecting when it was asked for and resolves once that many of them (queued no later than its
 * tick) have been attempted.
 */
final class PendingFlushes {
  private static final class Flush {
    final Consumer<Boolean> callback;
    final long tick;
    int missing;

    Flush(Consumer<Boolean> callback, long tick, int missing) {
      this.callback = callback;
      this.tick = tick;
      this.missing = missing;
    }
  }

  private final List<Flush> flushes = new ArrayList<>();
  private long tick;

  /** The tick a peer queued now belongs to. */
  long tick() {
    return tick;
  }

  void add(Consumer<Boolean> callback, int missing) {
    flushes.add(new Flush(callback, tick++, missing));
  }

  /** One peer queued at {@code peerTick} was attempted. */
  void attempted(long peerTick) {
    List<Flush> done = new ArrayList<>();
    for (Iterator<Flush> it = flushes.iterator(); it.hasNext(); ) {
      Flush flush = it.next();
      if (peerTick > flush.tick || --flush.missing > 0) {
        continue;
      }
      it.remove();
      done.add(flush);
    }
    for (Flush flush : done) {
      flush.callback.accept(true);
    }
  }

  /** Resolves every flush with {@code result}. */
  void resolveAll(boolean result) {
    while (!flushes.isEmpty()) {
      flushes.remove(flushes.size() - 1).callback.accept(result);
    }
  }
}
