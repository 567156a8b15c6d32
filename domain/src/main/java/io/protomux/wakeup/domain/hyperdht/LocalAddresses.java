package io.protomux.wakeup.domain.hyperdht;

import io.protomux.wakeup.domain.dht.PeerAddress;
import java.util.List;

/** hyperdht's LAN address matching ({@code Holepuncher.matchAddress}). */
final class LocalAddresses {
  private LocalAddresses() {}

  /**
   * The remote address sharing the most leading octets (3, else 2, else 1) with one of ours, or
   * null if none shares even the first.
   */
  static PeerAddress match(List<PeerAddress> local, List<PeerAddress> remote) {
    if (remote.isEmpty()) {
      return null;
    }
    int bestSegments = 1;
    PeerAddress best = null;
    for (PeerAddress mine : local) {
      String[] a = mine.host().split("\\.");
      for (PeerAddress theirs : remote) {
        String[] b = theirs.host().split("\\.");
        if (!a[0].equals(b[0])) {
          continue;
        }
        if (bestSegments == 1) {
          bestSegments = 2;
          best = theirs;
        }
        if (!a[1].equals(b[1])) {
          continue;
        }
        if (bestSegments == 2) {
          bestSegments = 3;
          best = theirs;
        }
        if (a[2].equals(b[2])) {
          return theirs;
        }
      }
    }
    return best;
  }
}
