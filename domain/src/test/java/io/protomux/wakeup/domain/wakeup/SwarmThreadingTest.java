package io.protomux.wakeup.domain.wakeup;

import static org.assertj.core.api.Assertions.assertThat;

import io.protomux.wakeup.domain.stream.NoiseSecretStream;
import io.protomux.wakeup.domain.wakeup.messages.Lookup;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/** The loop confinement: calls on the loop run inline, calls from elsewhere are refused. */
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

  /** What {@code call} threw on another thread, or null if it returned. */
  private static Throwable thrownOnAnotherThread(Runnable call) throws Exception {
    return onAnotherThread(
            "foreign",
            () -> {
              try {
                call.run();
                return null;
              } catch (Throwable t) {
                return t;
              }
            })
        .get(10, TimeUnit.SECONDS);
  }

  @Test
  void callsFromAnotherThreadAreRefusedAtOnceAndChangeNothing() throws Exception {
    WakeupSwarm w1 = peers.swarm().build();
    WakeupSwarm w2 = peers.swarm().build();
    NoiseSecretStream[] s = peers.connect(w1, w2);
    Recorder remote = new Recorder("b");
    w2.session(CAP, remote);
    WakeupSession a = w1.session(CAP, new Recorder("a"));
    peers.loop.runUntilIdle();
    WakeupPeer peer = a.getPeer(s[0]);
    List<String> before = remote.events();

    List<Runnable> calls =
        List.of(
            () -> w1.session(Peers.capability("anothercapabilit"), SessionHandlers.NONE),
            () -> w1.getSessions(CAP, null),
            () -> w1.hasStream(s[0]),
            () -> w1.topics(),
            () -> w1.destroy(),
            () -> a.peers(),
            () -> a.isActive(),
            () -> a.lookup(peer, null),
            () -> a.broadcastLookup(null),
            () -> a.announce(peer, List.of()),
            () -> a.inactive(),
            () -> a.destroy(),
            () -> s[0].write(new byte[0]),
            () -> s[0].end());
    for (Runnable call : calls) {
      Throwable thrown = thrownOnAnotherThread(call);
      assertThat(thrown)
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("is confined to its event loop")
          .hasMessageContaining("\"foreign\"");
    }

    peers.loop.runUntilIdle();
    assertThat(remote.events()).as("nothing reached the remote").isEqualTo(before);
    assertThat(w1.topics()).hasSize(1);
    assertThat(a.isActive()).isTrue();
    assertThat(a.isDestroyed()).isFalse();
    assertThat(s[0].isOpen()).isTrue();
    assertThat(w1.stats().wireLookupTx()).isZero();
  }

  @Test
  void statsAreReadFromAnotherThreadWithoutTheLoop() throws Exception {
    WakeupSwarm w1 = peers.swarm().build();
    WakeupSwarm w2 = peers.swarm().build();
    NoiseSecretStream[] s = peers.connect(w1, w2);
    w2.session(CAP, new Recorder("b"));
    WakeupSession a = w1.session(CAP, new Recorder("a"));
    peers.loop.runUntilIdle();
    assertThat(onAnotherThread("reader", () -> w1.stats()).get(10, TimeUnit.SECONDS))
        .isEqualTo(w1.stats());

    a.lookup(a.getPeer(s[0]), null);
    // On the loop the change shows at once; elsewhere only once the loop has published it, at
    // the end of the turn (no loop trip from the reader, which only reads the last snapshot).
    assertThat(w1.stats().wireLookupTx()).isEqualTo(1);
    assertThat(onAnotherThread("reader", () -> w1.stats().wireLookupTx()).get(10, TimeUnit.SECONDS))
        .isZero();
    peers.loop.runUntilIdle();
    assertThat(onAnotherThread("reader", () -> w1.stats().wireLookupTx()).get(10, TimeUnit.SECONDS))
        .isEqualTo(1);
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
            new SessionHandlers() {
              @Override
              public void onPeerAdd(WakeupPeer peer, WakeupSession session) {
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
