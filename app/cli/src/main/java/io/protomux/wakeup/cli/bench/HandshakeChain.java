package io.protomux.wakeup.cli.bench;

import io.protomux.wakeup.domain.stream.NoiseSecretStream;
import io.protomux.wakeup.domain.wakeup.SessionHandlers;
import io.protomux.wakeup.domain.wakeup.WakeupPeer;
import io.protomux.wakeup.domain.wakeup.WakeupSession;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The dialing side's handlers of the handshake benchmark: dials, and on onPeerAdd destroys that
 * stream and dials again, all on the dialing side's loop (as bench.js chains them on Node's one
 * thread), so no other thread sits between one handshake and the next.
 */
public final class HandshakeChain implements SessionHandlers {
  private final BenchPair pair;
  private int count;
  private int remaining;
  private NoiseSecretStream pending;
  private long start;
  private CompletableFuture<Long> done;

  /** A chain from b to a of {@code pair}; b's session on the topic must have it as handlers. */
  public HandshakeChain(BenchPair pair) {
    this.pair = pair;
  }

  /** Runs {@code count} handshakes one after the other; returns the nanoseconds they took. */
  public long run(int count) throws InterruptedException, ExecutionException, TimeoutException {
    if (count == 0) {
      return 0;
    }
    CompletableFuture<Long> finished = new CompletableFuture<>();
    pair.b()
        .loop()
        .execute(
            () -> {
              this.count = count;
              remaining = count;
              done = finished;
              start = System.nanoTime();
              dial();
            });
    return finished.get(Benchmarks.PHASE_TIMEOUT_MILLIS, TimeUnit.MILLISECONDS);
  }

  private void dial() {
    // On b's loop: the future completes there, after this callback is attached.
    pair.b()
        .dial(BenchPair.HOST, pair.port())
        .whenComplete(
            (stream, failure) -> {
              if (failure != null) {
                done.completeExceptionally(failure);
                return;
              }
              pending = stream;
              // A stream that dies between its handshake and onPeerAdd would otherwise leave
              // the chain waiting for the phase timeout with nothing to say why.
              stream.whenClosed(
                  cause -> {
                    if (pending == stream) {
                      done.completeExceptionally(
                          new IllegalStateException(
                              "handshake "
                                  + (count - remaining + 1)
                                  + ": the stream closed before the peer was added"
                                  + (cause == null ? "" : ": " + cause),
                              cause));
                    }
                  });
            });
  }

  @Override
  public void onPeerAdd(WakeupPeer peer, WakeupSession session) {
    if (done == null || done.isDone()) {
      return;
    }
    NoiseSecretStream stream = peer.stream();
    pending = null;
    // Not from inside the handler: the topic is still adding this peer.
    pair.b().loop().execute(() -> stream.destroy(null));
    if (--remaining == 0) {
      done.complete(System.nanoTime() - start);
    } else {
      dial();
    }
  }
}
