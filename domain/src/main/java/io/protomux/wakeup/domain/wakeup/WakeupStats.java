package io.protomux.wakeup.domain.wakeup;

import io.protomux.wakeup.domain.Limit;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * A snapshot of a swarm's counters, as the reference's {@code stats}. Wire counters count wakeup
 * messages sent (tx) and received (rx).
 *
 * @param limitCloses streams of the swarm closed because the remote went over a {@link Limit}, by
 *     limit; every limit has an entry (zero if none). Not in the reference.
 */
public record WakeupStats(
    long sessionsOpened,
    long sessionsClosed,
    long topicsAdded,
    long topicsGcd,
    long peersAdded,
    long peersRemoved,
    long wireAnnounceRx,
    long wireAnnounceTx,
    long wireLookupRx,
    long wireLookupTx,
    long wireInfoRx,
    long wireInfoTx,
    Map<Limit, Long> limitCloses) {

  /** Copies {@code limitCloses}, filling in zero for each limit it lacks. */
  public WakeupStats {
    EnumMap<Limit, Long> complete = new EnumMap<>(Limit.class);
    for (Limit limit : Limit.values()) {
      complete.put(limit, 0L);
    }
    if (limitCloses != null) {
      complete.putAll(limitCloses);
    }
    limitCloses = Collections.unmodifiableMap(complete);
  }

  /** Streams closed because the remote went over {@code limit}. */
  public long limitCloses(Limit limit) {
    return limitCloses.get(limit);
  }

  /** Streams closed because the remote went over any limit. */
  public long limitClosesTotal() {
    long total = 0;
    for (long count : limitCloses.values()) {
      total += count;
    }
    return total;
  }

  /**
   * The live counters behind the snapshots. Only the swarm's loop writes them; volatile lets any
   * thread (a metrics scrape) read them without a trip to the loop.
   */
  static final class Counters {
    volatile long sessionsOpened;
    volatile long sessionsClosed;
    volatile long topicsAdded;
    volatile long topicsGcd;
    volatile long peersAdded;
    volatile long peersRemoved;
    volatile long wireAnnounceRx;
    volatile long wireAnnounceTx;
    volatile long wireLookupRx;
    volatile long wireLookupTx;
    volatile long wireInfoRx;
    volatile long wireInfoTx;
    final AtomicLongArray limitCloses = new AtomicLongArray(Limit.values().length);

    void limitClose(Limit limit) {
      limitCloses.incrementAndGet(limit.ordinal());
    }

    WakeupStats snapshot() {
      EnumMap<Limit, Long> limits = new EnumMap<>(Limit.class);
      for (Limit limit : Limit.values()) {
        limits.put(limit, limitCloses.get(limit.ordinal()));
      }
      return new WakeupStats(
          sessionsOpened,
          sessionsClosed,
          topicsAdded,
          topicsGcd,
          peersAdded,
          peersRemoved,
          wireAnnounceRx,
          wireAnnounceTx,
          wireLookupRx,
          wireLookupTx,
          wireInfoRx,
          wireInfoTx,
          limits);
    }
  }
}
