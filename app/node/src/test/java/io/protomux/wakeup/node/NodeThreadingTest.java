package io.protomux.wakeup.node;

import static io.protomux.wakeup.node.WakeupNodeTest.CAP;
import static io.protomux.wakeup.node.WakeupNodeTest.LOG;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.protomux.wakeup.domain.stream.NoiseSecretStream;
import io.protomux.wakeup.domain.stream.StreamOptions;
import io.protomux.wakeup.domain.wakeup.Capability;
import io.protomux.wakeup.domain.wakeup.WakeupPeer;
import io.protomux.wakeup.domain.wakeup.messages.Lookup;
import io.protomux.wakeup.domain.wakeup.messages.Wakeup;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The threading rule of the facade: nothing blocks a caller, handlers may block only off-loop. */
class NodeThreadingTest {
  private final List<WakeupNode> nodes = new ArrayList<>();
  private final ExecutorService pool = Executors.newCachedThreadPool();

  private WakeupNode node(WakeupNodeBuilder builder) {
    WakeupNode node = builder.build();
    nodes.add(node);
    return node;
  }

  @AfterEach
  void closeAll() {
    nodes.forEach(WakeupNode::close);
    pool.shutdownNow();
  }

  @Test
  void handlersOfTwoNodesCallingIntoEachOthersSessionsNeverDeadlock() throws Exception {
    // Each node's handler, on its own loop, drives the other node's session: with calls that
    // waited for the other loop, the two loops would wait for each other at the first lookup.
    int rounds = 300;
    WakeupNode a = node(WakeupNode.builder());
    WakeupNode b = node(WakeupNode.builder());
    NodeSession[] sessions = new NodeSession[2];
    AtomicInteger[] lookups = {new AtomicInteger(), new AtomicInteger()};
    CountDownLatch done = new CountDownLatch(2);
    CountDownLatch joined = new CountDownLatch(2);
    for (int side = 0; side < 2; side++) {
      int me = side;
      int other = 1 - side;
      sessions[me] =
          (me == 0 ? a : b)
              .session(
                  CAP,
                  new NodeHandlers() {
                    @Override
                    public void onPeerAdd(WakeupPeer peer, NodeSession session) {
                      joined.countDown();
                    }

                    @Override
                    public void onLookup(Lookup request, WakeupPeer peer, NodeSession session) {
                      int seen = lookups[me].incrementAndGet();
                      if (seen < rounds) {
                        // The other node's session, from this node's loop.
                        sessions[other].broadcastLookup(null);
                        sessions[other].peers().thenAccept(peers -> {});
                        sessions[other].inactive();
                        sessions[other].active();
                      } else if (seen == rounds) {
                        done.countDown();
                      }
                    }
                  });
    }
    b.dial("127.0.0.1", a.listen("127.0.0.1", 0).getPort()).get(20, TimeUnit.SECONDS);
    assertThat(joined.await(20, TimeUnit.SECONDS)).isTrue();
    sessions[0].broadcastLookup(null);
    sessions[1].broadcastLookup(null);

    assertThat(done.await(30, TimeUnit.SECONDS))
        .as("lookups seen: %s, %s", lookups[0], lookups[1])
        .isTrue();
    assertThat(lookups[0].get()).isGreaterThanOrEqualTo(rounds);
    assertThat(lookups[1].get()).isGreaterThanOrEqualTo(rounds);
  }

  @Test
  void aHandlerBlockingOnTheExecutorDoesNotStopOtherConnectionsOrTheirKeepAlives()
      throws Exception {
    // Idle streams die after 600 ms unless keep-alives (every 150 ms) arrive: the blocked
    // handler's 2 s would kill every connection if it held the loop.
    StreamOptions lively = StreamOptions.DEFAULTS.withTimeoutMillis(600).withKeepAliveMillis(150);
    Capability slowTopic = CAP;
    Capability otherTopic = Capability.fromHex("6b".repeat(32));
    WakeupNode server = node(WakeupNode.builder().streamOptions(lively).handlerExecutor(pool));
    CountDownLatch blocking = new CountDownLatch(1);
    CompletableFuture<Long> unblockedAt = new CompletableFuture<>();
    server.session(
        slowTopic,
        new NodeHandlers() {
          @Override
          public void onPeerAdd(WakeupPeer peer, NodeSession session) {
            blocking.countDown();
            sleep(2000);
            unblockedAt.complete(System.nanoTime());
          }
        });
    server.session(
        otherTopic,
        new NodeHandlers() {
          @Override
          public void onLookup(Lookup request, WakeupPeer peer, NodeSession session) {
            session.announce(peer, List.of(new Wakeup(LOG, 1)));
          }
        });
    int port = server.listen("127.0.0.1", 0).getPort();

    WakeupNode slowClient = node(WakeupNode.builder().streamOptions(lively));
    slowClient.session(slowTopic, NodeHandlers.NONE);
    NoiseSecretStream slowStream = slowClient.dial("127.0.0.1", port).get(20, TimeUnit.SECONDS);
    assertThat(blocking.await(20, TimeUnit.SECONDS)).isTrue();

    WakeupNode client = node(WakeupNode.builder().streamOptions(lively));
    CompletableFuture<Long> answeredAt = new CompletableFuture<>();
    Events atClient =
        new Events() {
          @Override
          public void onPeerAdd(WakeupPeer peer, NodeSession session) {
            super.onPeerAdd(peer, session);
            session.lookup(peer, null);
          }

          @Override
          public void onAnnounce(List<Wakeup> wakeups, WakeupPeer peer, NodeSession session) {
            answeredAt.complete(System.nanoTime());
          }
        };
    client.session(otherTopic, atClient);
    NoiseSecretStream stream = client.dial("127.0.0.1", port).get(20, TimeUnit.SECONDS);

    long answered = answeredAt.get(20, TimeUnit.SECONDS);
    assertThat(answered).as("answered while the other handler blocked").isLessThan(unblockedAt.get(20, TimeUnit.SECONDS));
    // Well past the idle timeout, several times over: both connections were kept alive.
    Thread.sleep(700);
    assertThat(onLoop(stream, stream::isOpen)).isTrue();
    assertThat(onLoop(slowStream, slowStream::isOpen)).isTrue();
    assertThat(atClient.seen()).noneMatch(event -> event.startsWith("remove"));
  }

  @Test
  void handlersOnTheExecutorKeepTheirOrderPerSession() throws Exception {
    WakeupNode a = node(WakeupNode.builder().handlerExecutor(pool));
    WakeupNode b = node(WakeupNode.builder());
    List<Long> lengths = new ArrayList<>();
    CountDownLatch all = new CountDownLatch(500);
    List<String> threadNames = new ArrayList<>();
    a.session(
        CAP,
        new NodeHandlers() {
          @Override
          public void onAnnounce(List<Wakeup> wakeups, WakeupPeer peer, NodeSession session) {
            synchronized (lengths) {
              lengths.add(wakeups.get(0).length());
              threadNames.add(Thread.currentThread().getName());
            }
            all.countDown();
          }
        });
    CompletableFuture<WakeupPeer> peerAtB = new CompletableFuture<>();
    NodeSession atB =
        b.session(CAP, firstPeerTo(peerAtB));
    b.dial("127.0.0.1", a.listen("127.0.0.1", 0).getPort()).get(20, TimeUnit.SECONDS);
    WakeupPeer peer = peerAtB.get(20, TimeUnit.SECONDS);
    for (int i = 0; i < 500; i++) {
      atB.announce(peer, List.of(new Wakeup(LOG, i)));
    }
    assertThat(all.await(20, TimeUnit.SECONDS)).isTrue();
    List<Long> expected = new ArrayList<>();
    for (long i = 0; i < 500; i++) {
      expected.add(i);
    }
    synchronized (lengths) {
      assertThat(lengths).isEqualTo(expected);
      assertThat(threadNames).noneMatch(name -> name.startsWith("wakeup-nio-"));
    }
  }

  @Test
  void callsFromAnotherThreadReturnAtOnceEvenWhileTheLoopIsBusy() throws Exception {
    WakeupNode a = node(WakeupNode.builder());
    WakeupNode b = node(WakeupNode.builder());
    Events atA = new Events();
    a.session(CAP, atA);
    CompletableFuture<WakeupPeer> peerAtB = new CompletableFuture<>();
    NodeSession atB =
        b.session(CAP, firstPeerTo(peerAtB));
    int port = a.listen("127.0.0.1", 0).getPort();
    b.dial("127.0.0.1", port).get(20, TimeUnit.SECONDS);
    WakeupPeer peer = peerAtB.get(20, TimeUnit.SECONDS);

    // b's only loop is held: any call that waited for it would hang.
    CountDownLatch release = new CountDownLatch(1);
    b.eventLoops().get(0).execute(() -> awaitQuietly(release));
    CompletableFuture<List<WakeupPeer>>[] peers = new CompletableFuture[1];
    assertTimeoutPreemptively(
        Duration.ofSeconds(2),
        () -> {
          atB.lookup(peer, null);
          atB.announce(peer, List.of(new Wakeup(LOG, 2)));
          atB.broadcastLookup(null);
          atB.inactive();
          atB.active();
          peers[0] = atB.peers();
          b.session(Capability.fromHex("7c".repeat(32)), NodeHandlers.NONE);
          b.stats();
          b.dial("127.0.0.1", port);
        });
    assertThat(peers[0]).isNotDone();
    release.countDown();

    assertThat(peers[0].get(20, TimeUnit.SECONDS)).hasSize(1);
    atA.await("announce c3c3:2");
    atA.await(event -> atA.seen().stream().filter("lookup"::equals).count() == 2);
    assertThat(atA.await("inactive")).isEqualTo("inactive");
  }

  @Test
  void withoutAnExecutorHandlersRunOnTheLoop() throws Exception {
    WakeupNode a = node(WakeupNode.builder());
    WakeupNode b = node(WakeupNode.builder());
    Events atA = new Events();
    a.session(CAP, atA);
    b.session(CAP, NodeHandlers.NONE);
    b.dial("127.0.0.1", a.listen("127.0.0.1", 0).getPort()).get(20, TimeUnit.SECONDS);
    atA.await("add");
    assertThat(atA.threads()).containsOnly(WakeupNodeTest.loopThreads(a).get(0));
  }

  /** Handlers that hand the first peer added to {@code peer}. */
  private static NodeHandlers firstPeerTo(CompletableFuture<WakeupPeer> peer) {
    return new NodeHandlers() {
      @Override
      public void onPeerAdd(WakeupPeer added, NodeSession session) {
        peer.complete(added);
      }
    };
  }

  private static <T> T onLoop(NoiseSecretStream stream, java.util.function.Supplier<T> read)
      throws Exception {
    return stream.connection().eventLoop().submit(read).get(20, TimeUnit.SECONDS);
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void awaitQuietly(CountDownLatch latch) {
    try {
      latch.await(20, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
