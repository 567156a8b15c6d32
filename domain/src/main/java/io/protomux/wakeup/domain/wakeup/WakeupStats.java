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

  /** The live counters behind the snapshots; touched only on the swarm's loop. */
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
