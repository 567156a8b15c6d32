package io.protomux.wakeup.adapters.inmemory.simulation;

import io.protomux.wakeup.domain.stream.NoiseSecretStream;
import io.protomux.wakeup.domain.wakeup.SessionHandlers;
import io.protomux.wakeup.domain.wakeup.WakeupPeer;
import io.protomux.wakeup.domain.wakeup.WakeupSession;
import io.protomux.wakeup.domain.wakeup.messages.Wakeup;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/** One session's handler calls, counted per peer, with the announced lengths per stream. */
final class Recorder implements SessionHandlers {
  final Map<WakeupPeer, Integer> adds = new IdentityHashMap<>();
  final Map<WakeupPeer, Integer> removes = new IdentityHashMap<>();
  final Map<NoiseSecretStream, List<Long>> announced = new IdentityHashMap<>();
  final List<String> problems = new ArrayList<>();
  long announceCalls;
  long destroyCalls;

  @Override
  public void onPeerAdd(WakeupPeer peer, WakeupSession session) {
    if (adds.merge(peer, 1, Integer::sum) > 1) {
      problems.add("peer added twice: " + peer);
    }
  }

  @Override
  public void onPeerRemove(WakeupPeer peer, WakeupSession session) {
    if (!adds.containsKey(peer)) {
      problems.add("peer removed without being added: " + peer);
    }
    if (removes.merge(peer, 1, Integer::sum) > 1) {
      problems.add("peer removed twice: " + peer);
    }
  }

  @Override
  public void onAnnounce(List<Wakeup> wakeups, WakeupPeer peer, WakeupSession session) {
    announceCalls++;
    List<Long> lengths = announced.computeIfAbsent(peer.stream(), stream -> new ArrayList<>());
    for (Wakeup wakeup : wakeups) {
      lengths.add(wakeup.length());
    }
  }

  @Override
  public void onDestroy(WakeupSession session) {
    destroyCalls++;
  }

  /** Peers added and not removed. */
  long live() {
    return adds.size() - removes.size();
  }
}
