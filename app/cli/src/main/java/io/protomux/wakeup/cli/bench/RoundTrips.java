package io.protomux.wakeup.cli.bench;

import io.protomux.wakeup.domain.wakeup.SessionHandlers;
import io.protomux.wakeup.domain.wakeup.WakeupPeer;
import io.protomux.wakeup.domain.wakeup.WakeupSession;
import io.protomux.wakeup.domain.wakeup.messages.Lookup;
import io.protomux.wakeup.domain.wakeup.messages.Wakeup;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * The asking side's handlers: each answer records a latency and sends the next lookup, on the
 * loop, so no other thread sits between one round trip and the next.
 */
public final class RoundTrips implements SessionHandlers {
  private static final Lookup LOOKUP = Lookup.withoutHash();
  private final CompletableFuture<WakeupPeer> peerAdded = new CompletableFuture<>();
  private WakeupSession session;
  private WakeupPeer peer;
  private long[] latencies;
  private int done;
  private long sentAt;
  private CompletableFuture<long[]> finished;

  /** Completes once the answering side is a peer. */
  public CompletableFuture<WakeupPeer> peerAdded() {
    return peerAdded;
  }

  /**
   * Starts {@code count} round trips; on the asking side's loop.
   *
   * @param finished completes with the latencies in nanoseconds, in the order measured
   */
  public void start(int count, CompletableFuture<long[]> finished) {
    this.latencies = new long[count];
    this.done = 0;
    this.finished = finished;
    sentAt = System.nanoTime();
    session.lookup(peer, LOOKUP);
  }

  @Override
  public void onPeerAdd(WakeupPeer peer, WakeupSession session) {
    this.peer = peer;
    this.session = session;
    peerAdded.complete(peer);
  }

  @Override
  public void onAnnounce(List<Wakeup> wakeups, WakeupPeer peer, WakeupSession session) {
    long now = System.nanoTime();
    latencies[done++] = now - sentAt;
    if (done == latencies.length) {
      finished.complete(latencies);
      return;
    }
    sentAt = System.nanoTime();
    session.lookup(peer, LOOKUP);
  }
}
