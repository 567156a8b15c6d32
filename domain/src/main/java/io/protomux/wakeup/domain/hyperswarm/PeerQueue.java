package io.protomux.wakeup.domain.hyperswarm;

import java.util.ArrayList;
import java.util.List;

/**
 * The reference's {@code shuffled-priority-queue}: peers by {@link PeerInfo#priority()}, the
 * highest level first, a uniformly random peer within a level.
 */
final class PeerQueue {
  private final List<List<PeerInfo>> levels = new ArrayList<>();
  private final RandomInts random;
  private int size;

  PeerQueue(RandomInts random) {
    this.random = random;
    for (int i = PeerInfo.VERY_LOW_PRIORITY; i <= PeerInfo.VERY_HIGH_PRIORITY; i++) {
      levels.add(new ArrayList<>());
    }
  }

  int size() {
    return size;
  }

  void add(PeerInfo peer) {
    List<PeerInfo> level = levels.get(peer.priority);
    peer.queueIndex = level.size();
    level.add(peer);
    size++;
  }

  /** Takes a random peer of the highest non-empty level, or null when empty. */
  PeerInfo shift() {
    for (int p = levels.size() - 1; p >= 0; p--) {
      List<PeerInfo> level = levels.get(p);
      if (!level.isEmpty()) {
        return removeAt(level, (int) random.below(level.size()));
      }
    }
    return null;
  }

  private PeerInfo removeAt(List<PeerInfo> level, int index) {
    PeerInfo taken = level.get(index);
    PeerInfo last = level.remove(level.size() - 1);
    if (last != taken) {
      level.set(index, last);
      last.queueIndex = index;
    }
    taken.queueIndex = -1;
    size--;
    return taken;
  }

  void clear() {
    for (List<PeerInfo> level : levels) {
      for (PeerInfo peer : level) {
        peer.queueIndex = -1;
        peer.queued = false;
      }
      level.clear();
    }
    size = 0;
  }
}
