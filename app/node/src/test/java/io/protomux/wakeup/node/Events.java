package io.protomux.wakeup.node;

import io.protomux.wakeup.domain.wakeup.WakeupPeer;
import io.protomux.wakeup.domain.wakeup.messages.Lookup;
import io.protomux.wakeup.domain.wakeup.messages.Wakeup;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/** Handlers that record what they are told, as "event" strings, for tests to wait on. */
class Events implements NodeHandlers {
  private final List<String> seen = new ArrayList<>();
  private final List<Thread> threads = new ArrayList<>();
  volatile WakeupPeer lastPeer;

  synchronized void record(String event) {
    seen.add(event);
    threads.add(Thread.currentThread());
    notifyAll();
  }

  synchronized List<String> seen() {
    return List.copyOf(seen);
  }

  synchronized List<Thread> threads() {
    return List.copyOf(threads);
  }

  /** Waits (at most 20 s) until an event matches; returns it. */
  synchronized String await(Predicate<String> matching) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (true) {
      for (String event : seen) {
        if (matching.test(event)) {
          return event;
        }
      }
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        throw new AssertionError("no matching event within 20 s; seen: " + seen);
      }
      TimeUnit.NANOSECONDS.timedWait(this, left);
    }
  }

  String await(String prefix) throws InterruptedException {
    return await(event -> event.startsWith(prefix));
  }

  @Override
  public void onPeerAdd(WakeupPeer peer, NodeSession session) {
    lastPeer = peer;
    record("add " + peer.remotePublicKey().toHex());
  }

  @Override
  public void onPeerRemove(WakeupPeer peer, NodeSession session) {
    record("remove " + peer.remotePublicKey().toHex());
  }

  @Override
  public void onPeerActive(WakeupPeer peer, NodeSession session) {
    record("active");
  }

  @Override
  public void onPeerInactive(WakeupPeer peer, NodeSession session) {
    record("inactive");
  }

  @Override
  public void onAnnounce(List<Wakeup> wakeups, WakeupPeer peer, NodeSession session) {
    StringBuilder text = new StringBuilder("announce");
    for (Wakeup wakeup : wakeups) {
      text.append(' ').append(wakeup.key().toHex(), 0, 4).append(':').append(wakeup.length());
    }
    record(text.toString());
  }

  @Override
  public void onLookup(Lookup request, WakeupPeer peer, NodeSession session) {
    record("lookup");
  }

  @Override
  public void onDestroy(NodeSession session) {
    record("destroy");
  }
}
