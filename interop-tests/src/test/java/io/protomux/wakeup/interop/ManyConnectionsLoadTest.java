package io.protomux.wakeup.interop;

import static org.assertj.core.api.Assertions.assertThat;

import io.protomux.wakeup.adapters.bouncycastle.BouncyCastleCrypto;
import io.protomux.wakeup.adapters.nio.NioOptions;
import io.protomux.wakeup.adapters.nio.NioTransport;
import io.protomux.wakeup.domain.Key32;
import io.protomux.wakeup.domain.stream.NoiseSecretStream;
import io.protomux.wakeup.domain.stream.StreamOptions;
import io.protomux.wakeup.domain.wakeup.Capability;
import io.protomux.wakeup.domain.wakeup.SessionOptions;
import io.protomux.wakeup.domain.wakeup.SessionHandlers;
import io.protomux.wakeup.domain.wakeup.WakeupPeer;
import io.protomux.wakeup.domain.wakeup.WakeupSession;
import io.protomux.wakeup.domain.wakeup.WakeupStats;
import io.protomux.wakeup.domain.wakeup.WakeupSwarm;
import io.protomux.wakeup.domain.wakeup.messages.Lookup;
import io.protomux.wakeup.domain.wakeup.messages.Wakeup;
import io.protomux.wakeup.ports.crypto.Crypto;
import io.protomux.wakeup.ports.loop.EventLoop;
import io.protomux.wakeup.ports.transport.Connection;
import io.protomux.wakeup.ports.transport.Listener;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Load: {@code wakeup.load.connections} (default 1,000) concurrent secret streams to one NIO
 * listener whose swarm has 10 topics; every client has the same 10 topics (its own key pair and
 * swarm), looks up on each and must get an announce back on each. Nothing may be lost, and every
 * peer must be removed on the server once the clients close. Prints throughput and heap.
 */
class ManyConnectionsLoadTest {
  private static final int CONNECTIONS = Integer.getInteger("wakeup.load.connections", 1000);
  private static final int TOPICS = 10;
  private static final int CLIENT_LOOPS = 2;
  private static final int DIALS_IN_FLIGHT = 64;

  private final Random random = new Random(1000);
  private final JavaPeer server =
      new JavaPeer(
          NioOptions.defaults().withMaxConnectionsPerListener(CONNECTIONS + 64), StreamOptions.DEFAULTS);
  private final NioTransport clients = new NioTransport(NioOptions.defaults().withLoopCount(CLIENT_LOOPS));

  @AfterEach
  void stop() {
    clients.close();
    server.close();
  }

  @Test
  @Timeout(value = 150, unit = TimeUnit.SECONDS)
  void aThousandConnectionsWithTenTopicsEachLoseNothing() throws Exception {
    List<Capability> caps = new ArrayList<>();
    for (int i = 0; i < TOPICS; i++) {
      caps.add(Capability.of(bytes(32)));
    }
    List<Wakeup> reply = List.of(new Wakeup(Key32.of(bytes(32)), 42));

    // Server: one swarm on the listener's loop, answering every lookup with an announce.
    AtomicLong lookupsServed = new AtomicLong();
    WakeupSwarm serverSwarm = WakeupSwarm.builder(server.crypto, server.loop).build();
    List<WakeupSession> serverSessions = server.onLoop(() -> {
      List<WakeupSession> sessions = new ArrayList<>();
      for (Capability cap : caps) {
        sessions.add(serverSwarm.session(cap, new SessionHandlers() {
          @Override
          public void onLookup(Lookup request, WakeupPeer peer, WakeupSession session) {
            lookupsServed.incrementAndGet();
            session.announce(peer, reply);
          }
        }, SessionOptions.DEFAULTS));
      }
      return sessions;
    });
    Listener listener = server.transport.listen("127.0.0.1", 0, connection -> {
      NoiseSecretStream stream = server.start(false, connection, serverSwarm::addStream);
      assertThat(stream).isNotNull();
    });

    // Clients: each its own key pair and swarm, on a few shared loops.
    AtomicLong lookupsSent = new AtomicLong();
    AtomicLong announcesReceived = new AtomicLong();
    AtomicLong wrongAnnounces = new AtomicLong();
    ConcurrentHashMap<EventLoop, Crypto> cryptoPerLoop = new ConcurrentHashMap<>();
    List<NoiseSecretStream> streams = java.util.Collections.synchronizedList(new ArrayList<>());
    List<Throwable> failures = java.util.Collections.synchronizedList(new ArrayList<>());
    Semaphore inFlight = new Semaphore(DIALS_IN_FLIGHT);

    Runtime runtime = Runtime.getRuntime();
    long heapBefore = usedHeapAfterGc(runtime);
    long started = System.nanoTime();
    for (int i = 0; i < CONNECTIONS; i++) {
      inFlight.acquire();
      clients.dial("127.0.0.1", listener.port()).whenComplete((connection, error) -> {
        if (error != null) {
          failures.add(error);
          inFlight.release();
          return;
        }
        connection.eventLoop().execute(() -> {
          try {
            streams.add(startClient(connection, cryptoPerLoop, caps, reply, lookupsSent, announcesReceived, wrongAnnounces, inFlight));
          } catch (Throwable t) {
            failures.add(t);
            inFlight.release();
          }
        });
      });
    }
    long expected = (long) CONNECTIONS * TOPICS;
    waitFor(() -> announcesReceived.get() >= expected || !failures.isEmpty(), 120);
    long elapsedNanos = System.nanoTime() - started;
    assertThat(failures).isEmpty();
    long heapLoaded = usedHeapAfterGc(runtime);

    assertThat(lookupsSent.get()).isEqualTo(expected);
    assertThat(lookupsServed.get()).isEqualTo(expected);
    assertThat(announcesReceived.get()).isEqualTo(expected);
    assertThat(wrongAnnounces.get()).isZero();
    WakeupStats loaded = server.onLoop(serverSwarm::stats);
    assertThat(loaded.peersAdded()).isEqualTo(expected);
    assertThat(loaded.wireLookupRx()).isEqualTo(expected);
    assertThat(loaded.wireAnnounceTx()).isEqualTo(expected);
    assertThat(server.onLoop(() -> serverSessions.stream().mapToInt(s -> s.peers().size()).sum()))
        .isEqualTo((int) expected);

    // Every client closes; every peer must go on the server.
    long closing = System.nanoTime();
    for (NoiseSecretStream stream : new ArrayList<>(streams)) {
      stream.connection().eventLoop().execute(() -> stream.destroy(null));
    }
    waitFor(() -> server.onLoop(() -> serverSwarm.stats().peersRemoved()) >= expected, 60);
    long closeNanos = System.nanoTime() - closing;
    WakeupStats closed = server.onLoop(serverSwarm::stats);
    assertThat(closed.peersRemoved()).isEqualTo(closed.peersAdded()).isEqualTo(expected);
    assertThat(server.onLoop(() -> serverSessions.stream().mapToInt(s -> s.peers().size()).sum())).isZero();
    long heapAfter = usedHeapAfterGc(runtime);

    double seconds = elapsedNanos / 1e9;
    System.out.printf(
        "load: %d connections x %d topics on 1 listener (1 server loop, %d client loops): %.2f s to connect,"
            + " handshake and exchange %d lookups + %d announces (%.0f connections/s, %.0f messages/s);"
            + " all peers removed %.2f s after the clients closed%n",
        CONNECTIONS, TOPICS, CLIENT_LOOPS, seconds, expected, expected, CONNECTIONS / seconds,
        2 * expected / seconds, closeNanos / 1e9);
    System.out.printf(
        "load heap (used after System.gc(), whole JVM incl. clients): before %.1f MiB, loaded %.1f MiB"
            + " (+%.1f MiB, %.1f KiB per connection for both ends), after close %.1f MiB%n",
        mib(heapBefore), mib(heapLoaded), mib(heapLoaded - heapBefore),
        (heapLoaded - heapBefore) / 1024.0 / CONNECTIONS, mib(heapAfter));
  }

  private NoiseSecretStream startClient(
      Connection connection,
      ConcurrentHashMap<EventLoop, Crypto> cryptoPerLoop,
      List<Capability> caps,
      List<Wakeup> reply,
      AtomicLong lookupsSent,
      AtomicLong announcesReceived,
      AtomicLong wrongAnnounces,
      Semaphore inFlight) {
    EventLoop loop = connection.eventLoop();
    Crypto crypto = cryptoPerLoop.computeIfAbsent(loop, l -> new BouncyCastleCrypto());
    WakeupSwarm swarm = WakeupSwarm.builder(crypto, loop).build();
    boolean[] released = new boolean[1];
    int[] answered = new int[1];
    for (Capability cap : caps) {
      swarm.session(cap, new SessionHandlers() {
        @Override
        public void onPeerAdd(WakeupPeer peer, WakeupSession session) {
          session.lookup(peer, Lookup.withoutHash());
          lookupsSent.incrementAndGet();
          if (!released[0]) {
            released[0] = true;
            inFlight.release();
          }
        }

        @Override
        public void onAnnounce(List<Wakeup> wakeups, WakeupPeer peer, WakeupSession session) {
          if (!wakeups.equals(reply)) {
            wrongAnnounces.incrementAndGet();
          }
          answered[0]++;
          announcesReceived.incrementAndGet();
        }
      }, SessionOptions.DEFAULTS);
    }
    NoiseSecretStream stream =
        new NoiseSecretStream(crypto, true, crypto.keyPair(), connection, StreamOptions.DEFAULTS, message -> {});
    swarm.addStream(stream);
    stream.whenClosed(cause -> {
      if (!released[0]) {
        released[0] = true;
        inFlight.release();
      }
    });
    stream.start();
    return stream;
  }

  private static void waitFor(BooleanSupplier condition, int seconds) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("not reached within " + seconds + " s");
      }
      Thread.sleep(10);
    }
  }

  private static long usedHeapAfterGc(Runtime runtime) throws InterruptedException {
    for (int i = 0; i < 3; i++) {
      System.gc();
      Thread.sleep(50);
    }
    return runtime.totalMemory() - runtime.freeMemory();
  }

  private static double mib(long bytes) {
    return bytes / (1024.0 * 1024.0);
  }

  private byte[] bytes(int n) {
    byte[] b = new byte[n];
    random.nextBytes(b);
    return b;
  }
}
