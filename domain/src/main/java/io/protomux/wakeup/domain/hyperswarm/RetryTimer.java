package io.protomux.wakeup.domain.hyperswarm;

import io.protomux.wakeup.ports.loop.Scheduler;
import java.util.List;
import java.util.function.Consumer;

/**
 * The reference's {@code RetryTimer}: four {@link BulkTimer}s (short, medium, long, extra long)
 * and the rule choosing one by a closed peer's attempts. Each timer's time is its base plus the
 * reference's two random parts: one of 0..0.5 s, 0..1 s, 0..2 s or 0..2 min (the backoff's own
 * jitter) and one of 0..0.5 s (the timer's).
 */
final class RetryTimer {
  /** Base of the short timer. */
  static final long BACKOFF_S = 1000;
  /** Base of the medium timer. */
  static final long BACKOFF_M = 5000;
  /** Base of the long timer. */
  static final long BACKOFF_L = 15_000;
  /** Base of the extra-long timer (explicit peers that keep failing). */
  static final long BACKOFF_X = 10 * 60_000;
  static final long BACKOFF_JITTER = 500;

  private final BulkTimer s;
  private final BulkTimer m;
  private final BulkTimer l;
  private final BulkTimer x;

  RetryTimer(Scheduler scheduler, RandomInts random, Consumer<List<PeerInfo>> push) {
    s = timer(scheduler, random, BACKOFF_S + random.upTo(BACKOFF_JITTER), push);
    m = timer(scheduler, random, BACKOFF_M + random.upTo(2 * BACKOFF_JITTER), push);
    l = timer(scheduler, random, BACKOFF_L + random.upTo(4 * BACKOFF_JITTER), push);
    x = timer(scheduler, random, BACKOFF_X + random.upTo(240 * BACKOFF_JITTER), push);
  }

  private static BulkTimer timer(
      Scheduler scheduler, RandomInts random, long backoff, Consumer<List<PeerInfo>> push) {
    return new BulkTimer(scheduler, backoff + random.upTo(BACKOFF_JITTER), push);
  }

  private BulkTimer select(PeerInfo peer) {
    if (peer.banned || !peer.reconnecting) {
      return null;
    }
    if (peer.attempts > 3) {
      return peer.explicit ? x : null;
    }
    if (peer.attempts == 0) {
      return s;
    }
    if (peer.proven) {
      return switch (peer.attempts) {
        case 1 -> s;
        case 2 -> m;
        default -> l;
      };
    }
    return peer.attempts == 1 ? m : l;
  }

  /** Puts the peer on its timer; false if it gets no retry. */
  boolean add(PeerInfo peer) {
    BulkTimer timer = select(peer);
    if (timer == null) {
      return false;
    }
    timer.add(peer);
    return true;
  }

  /** The period of each timer (S, M, L, X), for tests. */
  long[] periods() {
    return new long[] {s.period(), m.period(), l.period(), x.period()};
  }

  void destroy() {
    s.destroy();
    m.destroy();
    l.destroy();
    x.destroy();
  }
}
