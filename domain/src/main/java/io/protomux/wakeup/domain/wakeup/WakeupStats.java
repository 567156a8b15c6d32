package io.protomux.wakeup.domain.wakeup;

import io.protomux.wakeup.domain.Limit;
import io.protomux.wakeup.ports.loop.EventLoop;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;

/**
 * A snapshot of a swarm's counters, as the reference's {@code stats}. Wire counters count wakeup
 * messages sent (tx) and received (rx). The stream counters and the proof mismatches are ours.
 *
 * @param streamsOpened streams whose handshake completed and that joined the swarm
 * @param streamsClosed of those, the ones that have closed since
 * @param handshakeFailures streams added to the swarm that closed with an error before their
 *     handshake completed
 * @param proofMismatches remote opens of one of our topics whose capability proof was wrong (the
 *     remote knows the topic id but not the capability, or replayed a proof from another stream)
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
    long streamsOpened,
    long streamsClosed,
    long handshakeFailures,
    long proofMismatches,
    Map<Limit, Long> limitCloses) {

  /** All zero. */
  public static final WakeupStats EMPTY =
      new WakeupStats(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, Map.of());

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

  /** Topics that exist now. */
  public long topics() {
    return topicsAdded - topicsGcd;
  }

  /** Peers (pending or joined) that exist now, over all topics. */
  public long peers() {
    return peersAdded - peersRemoved;
  }

  /** Sessions open now. */
  public long sessions() {
    return sessionsOpened - sessionsClosed;
  }

  /** Streams open now that completed their handshake and joined the swarm. */
  public long connections() {
    return streamsOpened - streamsClosed;
  }

  /** The field-by-field sum, for a node that runs one swarm per loop. */
  public WakeupStats plus(WakeupStats other) {
    EnumMap<Limit, Long> limits = new EnumMap<>(Limit.class);
    for (Limit limit : Limit.values()) {
      limits.put(limit, limitCloses(limit) + other.limitCloses(limit));
    }
    return new WakeupStats(
        sessionsOpened + other.sessionsOpened,
        sessionsClosed + other.sessionsClosed,
        topicsAdded + other.topicsAdded,
        topicsGcd + other.topicsGcd,
        peersAdded + other.peersAdded,
        peersRemoved + other.peersRemoved,
        wireAnnounceRx + other.wireAnnounceRx,
        wireAnnounceTx + other.wireAnnounceTx,
        wireLookupRx + other.wireLookupRx,
        wireLookupTx + other.wireLookupTx,
        wireInfoRx + other.wireInfoRx,
        wireInfoTx + other.wireInfoTx,
        streamsOpened + other.streamsOpened,
        streamsClosed + other.streamsClosed,
        handshakeFailures + other.handshakeFailures,
        proofMismatches + other.proofMismatches,
        limits);
  }

  /**
   * The live counters behind the snapshots: plain fields, written on the swarm's loop only. Other
   * threads read the last snapshot the loop published; the loop publishes one at the end of each
   * turn that changed a counter (one queued task per turn, not a volatile write per message).
   */
  static final class Counters {
    long sessionsOpened;
    long sessionsClosed;
    long topicsAdded;
    long topicsGcd;
    long peersAdded;
    long peersRemoved;
    long wireAnnounceRx;
    long wireAnnounceTx;
    long wireLookupRx;
    long wireLookupTx;
    long wireInfoRx;
    long wireInfoTx;
    long streamsOpened;
    long streamsClosed;
    long handshakeFailures;
    long proofMismatches;
    private final long[] limitCloses = new long[Limit.values().length];

    private final EventLoop loop;
    private final Runnable publishTask = this::publish;
    private boolean publishQueued;
    private volatile WakeupStats published = EMPTY;

    Counters(EventLoop loop) {
      this.loop = loop;
    }

    void limitClose(Limit limit) {
      limitCloses[limit.ordinal()]++;
      changed();
    }

    /** Call after changing a counter: queues this turn's publication if none is queued yet. */
    void changed() {
      if (!publishQueued) {
        publishQueued = true;
        loop.execute(publishTask);
      }
    }

    /** Exact on the loop; elsewhere the snapshot of the last turn that changed a counter. */
    WakeupStats read() {
      return loop.inEventLoop() ? snapshot() : published;
    }

    private void publish() {
      publishQueued = false;
      published = snapshot();
    }

    private WakeupStats snapshot() {
      EnumMap<Limit, Long> limits = new EnumMap<>(Limit.class);
      for (Limit limit : Limit.values()) {
        limits.put(limit, limitCloses[limit.ordinal()]);
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
          streamsOpened,
          streamsClosed,
          handshakeFailures,
          proofMismatches,
          limits);
    }
  }
}
