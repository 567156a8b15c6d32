package io.protomux.wakeup.cli.bench;

import io.protomux.wakeup.domain.wakeup.SessionHandlers;
import io.protomux.wakeup.domain.wakeup.WakeupPeer;
import io.protomux.wakeup.domain.wakeup.WakeupSession;
import io.protomux.wakeup.domain.wakeup.messages.Wakeup;
import io.protomux.wakeup.ports.loop.EventLoop;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/** The receiving side's handlers: counts announces until the expected number arrived. */
public final class AnnounceCounter implements SessionHandlers {
  private final CompletableFuture<WakeupPeer> peerAdded = new CompletableFuture<>();
  private int seen;
  private int expected;
  private CompletableFuture<Long> done;
  // seen, published every 1024 announces for the sender's window: a volatile write per announce
  // would cost more than what is measured
  private volatile int published;

  /** Completes once the sender is a peer. */
  public CompletableFuture<WakeupPeer> peerAdded() {
    return peerAdded;
  }

  /** About how many announces arrived (any thread; lags by up to 1023). */
  public int progress() {
    return published;
  }

  /**
   * Resets the count on the receiver's loop.
   *
   * @return completes with {@link System#nanoTime()} of the {@code count}th announce
   */
  public CompletableFuture<Long> expect(EventLoop loop, int count)
      throws InterruptedException, ExecutionException {
    CompletableFuture<Long> finished = new CompletableFuture<>();
    loop.submit(
            () -> {
              seen = 0;
              published = 0;
              expected = count;
              done = finished;
              return null;
            })
        .get();
    return finished;
  }

  @Override
  public void onPeerAdd(WakeupPeer peer, WakeupSession session) {
    peerAdded.complete(peer);
  }

  @Override
  public void onAnnounce(List<Wakeup> wakeups, WakeupPeer peer, WakeupSession session) {
    if ((++seen & 1023) == 0) {
      published = seen;
    }
    if (seen == expected) {
      done.complete(System.nanoTime());
    }
  }
}
