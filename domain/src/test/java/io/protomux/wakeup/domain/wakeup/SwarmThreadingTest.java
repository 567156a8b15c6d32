package io.protomux.wakeup.domain.wakeup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.protomux.wakeup.domain.stream.NoiseSecretStream;
import io.protomux.wakeup.domain.wakeup.messages.Lookup;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/** Issue 4, case 10: sessions used from another thread while the test thread drives the loop. */
class SwarmThreadingTest {
  private static final Capability CAP = Peers.capability("stuffimcapableof");
  private final Peers peers = new Peers(101);

  /** Runs {@code work} on a new plain thread; the future completes with its result. */
  private static <T> CompletableFuture<T> onAnotherThread(String name, Supplier<T> work) {
    CompletableFuture<T> result = new CompletableFuture<>();
    Thread thread =
        new Thread(
            () -> {
              try {
                result.complete(work.get());
              } catch (Throwable t) {
                result.completeExceptionally(t);
              }
            },
            name);
    thread.setDaemon(true);
    thread.start();
    return result;
  }

  /**
   * Drives the loop (on this thread) until {@code future} is done. Each pass runs only what is
   * due now, so virtual time does not move while the other thread hands its calls over.
   */
  private void drive(CompletableFuture<?> future) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (!peers.loop.runUntil(future::isDone, 0)) {
      if (System.nanoTime() > deadline) {
        fail("the other thread did not finish");
      }
      Thread.onSpinWait();
    }
  }

  /** Spins (without driving the loop) until the loop has {@code n} tasks waiting. */
  private void awaitPendingTasks(int n) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (peers.loop.pendingTasks() < n) {
      if (System.nanoTime() > deadline) {
        fail("no task was handed over");
      }
      Thread.onSpinWait();
    }
  }

  @Test
  void aSessionCreatedAndUsedFromAnotherThreadWorks() throws Exception {
    Thread testThread = Thread.currentThread();
    List<Thread> handlerThreads = Collections.synchronizedList(new ArrayList<>());
    WakeupSwarm w1 = peers.swarm().build();
    WakeupSwarm w2 = peers.swarm().build();
    NoiseSecretStream[] s = peers.connect(w1, w2);
    Recorder remote =
        new Recorder("b") {
          @Override
          public void onLookup(Lookup request, WakeupPeer peer, WakeupSession session) {
            handlerThreads.add(Thread.currentThread());
            super.onLookup(request, peer, session);
          }
        };
    w2.session(CAP, remote);
    peers.loop.runUntilIdle();
    long startedAt = peers.loop.nowMillis();

    Recorder local =
        new Recorder("a") {
          @Override
          public void onPeerAdd(WakeupPeer peer, WakeupSession session) {
            handlerThreads.add(Thread.currentThread());
            super.onPeerAdd(peer, session);
          }
        };
    assertThat(peers.loop.pendingTasks()).isZero();
    CompletableFuture<WakeupSession> created =
        onAnotherThread("creator", () -> w1.session(CAP, local));
    awaitPendingTasks(1);
    // Handed over, not run: nothing happens until the loop runs it.
    assertThat(created).isNotDone();
    assertThat(w1.topics()).isEmpty();
    drive(created);
    WakeupSession a = created.get();
    assertThat(w1.topics()).hasSize(1);

    peers.loop.runUntilIdle();
    assertThat(local.events()).containsExactly("add", "active");

    CompletableFuture<Integer> used =
        onAnotherThread(
            "user",
            () -> {
              List<WakeupPeer> found = a.peers();
              a.lookup(found.get(0), null);
              a.broadcastLookup(null);
              a.inactive();
              return found.size();
            });
    drive(used);
    assertThat(used.get()).isEqualTo(1);
    peers.loop.runUntilIdle();
    assertThat(remote.events()).containsExactly("add", "active", "lookup", "lookup", "inactive");
    assertThat(w1.stats().wireLookupTx()).isEqualTo(2);
    assertThat(handlerThreads).isNotEmpty().containsOnly(testThread);
    assertThat(peers.loop.nowMillis()).as("virtual time never moved").isEqualTo(startedAt);
    assertThat(a.getPeer(s[0])).isNotNull();
  }

  @Test
  void callsOnTheLoopThreadRunInline() {
    WakeupSwarm w1 = peers.swarm().build();
    WakeupSwarm w2 = peers.swarm().build();
    NoiseSecretStream[] s = peers.connect(w1, w2);
    List<Long> seenInHandler = new ArrayList<>();
    WakeupSession a =
        w1.session(
            CAP,
            new WakeupHandlers() {
              @Override
              public void onPeerAdd(WakeupPeer peer, WakeupSession session) {
                // Would deadlock if it were handed to the loop and waited for.
                long before = w1.stats().wireLookupTx();
                session.lookup(peer, null);
                seenInHandler.add(w1.stats().wireLookupTx() - before);
                seenInHandler.add((long) session.peers().size());
              }
            });
    // Between runs the driving thread stands in for the loop: this ran at once.
    assertThat(w1.topics()).hasSize(1);
    Recorder remote = new Recorder("b");
    w2.session(CAP, remote);
    peers.loop.runUntilIdle();
    assertThat(seenInHandler).containsExactly(1L, 1L);
    assertThat(remote.count("lookup")).isEqualTo(1);
    assertThat(a.hasStream(s[0])).isTrue();
  }
}
