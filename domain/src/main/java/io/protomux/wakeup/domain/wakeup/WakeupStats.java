package io.protomux.wakeup.domain.wakeup;

/**
 * A snapshot of a swarm's counters, as the reference's {@code stats}. Wire counters count wakeup
 * messages sent (tx) and received (rx).
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
    long wireInfoTx) {

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

    WakeupStats snapshot() {
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
          wireInfoTx);
    }
  }
}
