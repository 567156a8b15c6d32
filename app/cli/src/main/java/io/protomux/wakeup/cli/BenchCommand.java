package io.protomux.wakeup.cli;

import io.protomux.wakeup.node.WakeupConnector;
import io.protomux.wakeup.adapters.bouncycastle.BouncyCastleCrypto;
import io.protomux.wakeup.adapters.nio.NioTransport;
import io.protomux.wakeup.domain.Key32;
import io.protomux.wakeup.domain.protomux.ProtomuxOptions;
import io.protomux.wakeup.domain.stream.NoiseSecretStream;
import io.protomux.wakeup.domain.stream.StreamOptions;
import io.protomux.wakeup.domain.wakeup.Capability;
import io.protomux.wakeup.domain.wakeup.SessionHandlers;
import io.protomux.wakeup.domain.wakeup.WakeupPeer;
import io.protomux.wakeup.domain.wakeup.WakeupSession;
import io.protomux.wakeup.domain.wakeup.WakeupSwarm;
import io.protomux.wakeup.domain.wakeup.messages.Lookup;
import io.protomux.wakeup.domain.wakeup.messages.Wakeup;
import io.protomux.wakeup.ports.crypto.KeyPair;
import io.protomux.wakeup.ports.loop.EventLoop;
import io.protomux.wakeup.ports.transport.Listener;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * {@code bench}: the whole stack (TCP on loopback, Noise, secret stream, Protomux, wakeup) in one
 * process, two swarms talking to each other, measured the way {@code interop/bench.js} measures
 * the reference. Prints one JSON line with impl "java".
 *
 * <ul>
 *   <li>handshakes: sequential connections, each counted when the dialing side's onPeerAdd fires
 *       for the one shared topic (then the dialer destroys the stream and dials again);
 *   <li>announces: one connection, one topic, N announces of one wakeup each, sent in chunks of
 *       {@value #CHUNK} per loop turn (pausing while more than {@value #WINDOW} are unreceived),
 *       timed from the first send until the receiver's onAnnounce has seen all N;
 *   <li>round trips: N sequential lookups, each answered with an announce; the latency is from the
 *       lookup's send to the answer's onAnnounce;
 *   <li>topics (with {@code --topics T}): T sessions on each side, then one connection; the time
 *       from the dial until every peer is added on both sides, and the heap retained per topic
 *       per side (used heap after a full GC with the pair alive, minus the same once it is
 *       closed, over 2T).
 * </ul>
 *
 * <p>Each benchmark first runs an untimed warm-up of a fifth of its count, and at least 5,000
 * handshakes, 100,000 announces, 20,000 round trips or 50,000 topics (the topics' on a pair of
 * swarms of its own), exactly as the Node version does: both runtimes are measured with their JIT
 * compilers' work done, as a long-running peer would be. The floors are that high because C2
 * compiles a method only after about 15,000 calls, and much of a handshake, a round trip or a
 * topic's open runs once per operation. {@code --loops 2} (the default) gives each swarm its own
 * NIO loop thread, as two processes would have; {@code --loops 1} runs both swarms on one loop
 * thread, as the Node version runs both sides on its one thread.
 */
final class BenchCommand {
  static final int CHUNK = 1000;
  // Announces sent but not yet received above which the sender waits (about 3.5 MB of frames).
  static final int WINDOW = 50_000;
  // Untimed warm-up before each benchmark: a fifth of its count, and at least this much, so that
  // both runtimes measure code their JIT has compiled (the same numbers are in bench.js).
  static final int MIN_WARMUP_HANDSHAKES = 5000;
  static final int MIN_WARMUP_ANNOUNCES = 100_000;
  static final int MIN_WARMUP_ROUNDTRIPS = 20_000;
  static final int MIN_WARMUP_TOPICS = 50_000;
  private static final String HOST = "127.0.0.1";
  private static final long PHASE_TIMEOUT_MILLIS = 300_000;
  private static final Key32 LOG = Key32.fromHex("ab".repeat(32));

  /** What to run. */
  record Options(
      int handshakes, int messages, int roundtrips, int topics, int loops, boolean warmup) {}

  // Off with --no-warmup (smoke tests): the figures are then those of a cold runtime.
  private static boolean warmupEnabled = true;

  private BenchCommand() {}

  static final String USAGE =
      """
      usage: java -jar protomux-wakeup.jar bench [--handshakes N] [--messages N] [--roundtrips N]
                                                 [--topics T] [--loops 1|2]
        --handshakes N   sequential connections (default 200; 0 skips)
        --messages N     announces over one connection (default 100000; 0 skips)
        --roundtrips N   sequential lookup -> announce exchanges (default 2000; 0 skips)
        --topics T       topics over one connection, opened at once (default 0: skipped)
        --loops 1|2      2: each side on its own loop thread (default); 1: both on one
        --no-warmup      skip the untimed warm-ups (for a quick smoke test; cold figures)
      """;

  /** Reads {@code bench [OPTIONS]}; throws {@link UsageException} for anything wrong. */
  static Options parse(String... args) {
    int handshakes = 200;
    int messages = 100_000;
    int roundtrips = 2000;
    int topics = 0;
    int loops = 2;
    boolean warmup = true;
    java.util.Set<String> seen = new java.util.HashSet<>();
    for (int i = 1; i < args.length; i++) {
      String name = args[i];
      if (name.equals("--no-warmup")) {
        if (!seen.add(name)) {
          throw new UsageException(name + " is given more than once");
        }
        warmup = false;
        continue;
      }
      String value = null;
      int equals = name.indexOf('=');
      if (name.startsWith("--") && equals > 0) {
        value = name.substring(equals + 1);
        name = name.substring(0, equals);
      }
      if (!name.startsWith("--")) {
        throw new UsageException("unexpected argument \"" + args[i] + "\"");
      }
      if (!List.of("--handshakes", "--messages", "--roundtrips", "--topics", "--loops")
          .contains(name)) {
        throw new UsageException("bench does not take " + name);
      }
      if (!seen.add(name)) {
        throw new UsageException(name + " is given more than once");
      }
      if (value == null) {
        if (i + 1 == args.length) {
          throw new UsageException(name + " needs a value");
        }
        value = args[++i];
      }
      int n = count(name, value);
      switch (name) {
        case "--handshakes" -> handshakes = n;
        case "--messages" -> messages = n;
        case "--roundtrips" -> roundtrips = n;
        case "--topics" -> topics = n;
        default -> {
          if (n != 1 && n != 2) {
            throw new UsageException("--loops must be 1 or 2, got \"" + value + "\"");
          }
          loops = n;
        }
      }
    }
    return new Options(handshakes, messages, roundtrips, topics, loops, warmup);
  }

  private static int count(String name, String value) {
    try {
      int n = Integer.parseInt(value);
      if (n >= 0 && n <= 100_000_000) {
        return n;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new UsageException(name + " must be a whole number from 0 to 100000000, got \"" + value + "\"");
  }

  static Outcome run(Options options, PrintStream out) {
    warmupEnabled = options.warmup();
    Json json = new Json();
    json.field("impl", "java");
    json.field("loops", options.loops());
    try {
      try (Pair pair = new Pair(options.loops())) {
        if (options.handshakes() > 0) {
          double perSec = handshakes(pair, options.handshakes());
          json.field("handshakes", options.handshakes());
          json.field("handshakesPerSec", perSec);
        }
        if (options.messages() > 0 || options.roundtrips() > 0) {
          Connected main = pair.connectMain();
          if (options.messages() > 0) {
            AnnounceResult result = announces(pair, main, options.messages());
            json.field("messages", options.messages());
            json.field("announcesPerSec", result.perSec());
            json.raw(
                "allocBytesPerAnnounce",
                "{\"sender\":" + result.senderBytes() + ",\"receiver\":" + result.receiverBytes()
                    + "}");
          }
          if (options.roundtrips() > 0) {
            long[] latencies = roundtrips(pair, main, options.roundtrips());
            json.field("roundtrips", options.roundtrips());
            json.raw(
                "lookupRoundTrip",
                String.format(
                    Locale.ROOT,
                    "{\"p50us\":%.1f,\"p99us\":%.1f,\"meanUs\":%.1f,\"maxUs\":%.1f}",
                    percentile(latencies, 50) / 1000.0,
                    percentile(latencies, 99) / 1000.0,
                    Arrays.stream(latencies).average().orElse(0) / 1000.0,
                    latencies[latencies.length - 1] / 1000.0));
          }
        }
      }
      if (options.topics() > 0) {
        // The warm-up: the same benchmark with a fifth of the topics on a pair of its own, gone
        // before the measured pair's heap baseline is taken.
        if (options.warmup()) {
          topics(options.loops(), warmup(options.topics(), MIN_WARMUP_TOPICS), false);
        }
        {
          TopicsResult result = topics(options.loops(), options.topics(), true);
          json.raw(
              "topics",
              String.format(
                  Locale.ROOT,
                  "{\"count\":%d,\"openMillis\":%.1f,\"heapBytesPerTopic\":%d}",
                  options.topics(),
                  result.openNanos() / 1e6,
                  result.heapBytesPerTopic()));
        }
      }
    } catch (TimeoutException e) {
      return Outcome.failed("bench timed out: " + e.getMessage());
    } catch (ExecutionException e) {
      return Outcome.failed("bench failed: " + e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Outcome.failed("interrupted");
    }
    out.println(json.end());
    return Outcome.ok();
  }

  // ---- handshakes ----

  private static double handshakes(Pair pair, int count)
      throws InterruptedException, ExecutionException, TimeoutException {
    Capability capability = capability("handshake", 0);
    HandshakeChain chain = new HandshakeChain(pair);
    pair.a.swarm.session(capability, SessionHandlers.NONE);
    pair.b.swarm.session(capability, chain);
    chain.run(warmup(count, MIN_WARMUP_HANDSHAKES));
    long elapsed = chain.run(count);
    return count / (elapsed / 1e9);
  }

  /**
   * Dials, and on the dialing side's onPeerAdd destroys that stream and dials again, all on the
   * dialing side's loop (as bench.js chains them on Node's one thread), so no other thread sits
   * between one handshake and the next.
   */
  private static final class HandshakeChain implements SessionHandlers {
    private final Pair pair;
    private int count;
    private int remaining;
    private NoiseSecretStream pending;
    private long start;
    private CompletableFuture<Long> done;

    HandshakeChain(Pair pair) {
      this.pair = pair;
    }

    /** Runs {@code count} handshakes one after the other; returns the nanoseconds they took. */
    long run(int count) throws InterruptedException, ExecutionException, TimeoutException {
      if (count == 0) {
        return 0;
      }
      CompletableFuture<Long> finished = new CompletableFuture<>();
      pair.b.loop.execute(
          () -> {
            this.count = count;
            remaining = count;
            done = finished;
            start = System.nanoTime();
            dial();
          });
      return finished.get(PHASE_TIMEOUT_MILLIS, TimeUnit.MILLISECONDS);
    }

    private void dial() {
      pair.b.connector
          .dial(HOST, pair.port)
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
      pair.b.loop.execute(() -> stream.destroy(null));
      if (--remaining == 0) {
        done.complete(System.nanoTime() - start);
      } else {
        dial();
      }
    }
  }

  // ---- announces ----

  private record AnnounceResult(double perSec, long senderBytes, long receiverBytes) {}

  private static AnnounceResult announces(Pair pair, Connected main, int count)
      throws InterruptedException, ExecutionException, TimeoutException {
    int warmup = warmup(count, MIN_WARMUP_ANNOUNCES);
    sendAnnounces(pair, main, warmup);
    long senderBefore = pair.b.allocatedBytes();
    long receiverBefore = pair.a.allocatedBytes();
    long elapsed = sendAnnounces(pair, main, count);
    long senderBytes = (pair.b.allocatedBytes() - senderBefore) / count;
    long receiverBytes = (pair.a.allocatedBytes() - receiverBefore) / count;
    return new AnnounceResult(count / (elapsed / 1e9), senderBytes, receiverBytes);
  }

  /** Sends {@code count} announces and returns the nanoseconds until the last was received. */
  private static long sendAnnounces(Pair pair, Connected main, int count)
      throws InterruptedException, ExecutionException, TimeoutException {
    if (count == 0) {
      return 0;
    }
    CompletableFuture<Long> received = main.announceCounter.expect(pair.a.loop, count);
    long[] start = new long[1];
    CompletableFuture<Void> started = new CompletableFuture<>();
    pair.b.loop.execute(
        () -> {
          start[0] = System.nanoTime();
          started.complete(null);
          sendChunk(pair.b.loop, main, 0, count);
        });
    started.get();
    long end = received.get(PHASE_TIMEOUT_MILLIS, TimeUnit.MILLISECONDS);
    return end - start[0];
  }

  private static void sendChunk(EventLoop loop, Connected main, int from, int count) {
    if (from - main.announceCounter.progress() > WINDOW) {
      // The receiver is this far behind: wait rather than queue without bound (a transport cuts
      // a peer that lets too much pile up).
      loop.schedule(1, () -> sendChunk(loop, main, from, count));
      return;
    }
    int to = Math.min(count, from + CHUNK);
    for (int i = from; i < to; i++) {
      main.announcer.announce(main.announcerPeer, List.of(new Wakeup(LOG, i)));
    }
    if (to < count) {
      // Lets the loop write (and, with one loop, read) before the next chunk.
      loop.execute(() -> sendChunk(loop, main, to, count));
    }
  }

  // ---- round trips ----

  private static long[] roundtrips(Pair pair, Connected main, int count)
      throws InterruptedException, ExecutionException, TimeoutException {
    runRoundtrips(pair, main, warmup(count, MIN_WARMUP_ROUNDTRIPS));
    long[] latencies = runRoundtrips(pair, main, count);
    Arrays.sort(latencies);
    return latencies;
  }

  private static long[] runRoundtrips(Pair pair, Connected main, int count)
      throws InterruptedException, ExecutionException, TimeoutException {
    if (count == 0) {
      return new long[0];
    }
    RoundTrips trips = main.roundTrips;
    CompletableFuture<long[]> done = new CompletableFuture<>();
    pair.b.loop.execute(() -> trips.start(count, done));
    return done.get(PHASE_TIMEOUT_MILLIS, TimeUnit.MILLISECONDS);
  }

  /** The asking side's handlers: each answer records a latency and sends the next lookup. */
  private static final class RoundTrips implements SessionHandlers {
    private static final Lookup LOOKUP = Lookup.withoutHash();
    private final CompletableFuture<WakeupPeer> peerAdded = new CompletableFuture<>();
    private WakeupSession session;
    private WakeupPeer peer;
    private long[] latencies;
    private int done;
    private long sentAt;
    private CompletableFuture<long[]> finished;

    void start(int count, CompletableFuture<long[]> finished) {
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

  // ---- topics ----

  private record TopicsResult(long openNanos, long heapBytesPerTopic) {}

  /**
   * Opens {@code count} topics on a new pair. The heap they hold is measured after the run, as the
   * used heap after a full GC with the pair alive minus the same once it is closed: a GC before
   * the timed part would shrink the heap, and the run would then be timed collecting more often
   * than a JVM that has been running for a while does.
   */
  private static TopicsResult topics(int loops, int count, boolean measureHeap)
      throws InterruptedException, ExecutionException, TimeoutException {
    Pair pair = new Pair(loops);
    long openNanos;
    long heapWith = 0;
    try {
      openNanos = openTopics(pair, count);
      if (measureHeap) {
        heapWith = usedHeapAfterGc();
      }
    } finally {
      pair.close();
    }
    pair = null; // unreachable from here on, also for an interpreted frame
    if (!measureHeap) {
      return new TopicsResult(openNanos, 0);
    }
    long heapWithout = usedHeapAfterGc();
    return new TopicsResult(openNanos, (heapWith - heapWithout) / (2L * count));
  }

  /** Sessions for {@code count} topics on both sides, then one dial: nanoseconds until every peer is added. */
  private static long openTopics(Pair pair, int count)
      throws InterruptedException, ExecutionException, TimeoutException {
    java.util.concurrent.atomic.AtomicInteger missing =
        new java.util.concurrent.atomic.AtomicInteger(2 * count);
    CompletableFuture<Long> allAdded = new CompletableFuture<>();
    SessionHandlers counting =
        new SessionHandlers() {
          @Override
          public void onPeerAdd(WakeupPeer peer, WakeupSession session) {
            if (missing.decrementAndGet() == 0) {
              allAdded.complete(System.nanoTime());
            }
          }
        };
    List<Capability> capabilities = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      capabilities.add(capability("topic", i));
    }
    // On each loop in one task: from another thread every session() would wait for the loop.
    for (Side side : List.of(pair.a, pair.b)) {
      side.loop
          .submit(
              () -> {
                for (Capability capability : capabilities) {
                  side.swarm.session(capability, counting);
                }
                return null;
              })
          .get();
    }
    long start = System.nanoTime();
    pair.b.connector
        .dial(HOST, pair.port)
        .whenComplete(
            (stream, failure) -> {
              if (failure != null) {
                allAdded.completeExceptionally(failure);
              } else {
                stream.whenClosed(
                    cause ->
                        allAdded.completeExceptionally(
                            new IllegalStateException(
                                "the connection closed with "
                                    + missing.get()
                                    + " peer adds missing: "
                                    + cause,
                                cause)));
              }
            });
    try {
      return allAdded.get(PHASE_TIMEOUT_MILLIS, TimeUnit.MILLISECONDS) - start;
    } catch (TimeoutException e) {
      throw new TimeoutException(
          missing.get() + " of " + 2 * count + " peer adds missing for " + count + " topics");
    }
  }

  private static long usedHeapAfterGc() throws InterruptedException {
    for (int i = 0; i < 3; i++) {
      System.gc();
      Thread.sleep(50);
    }
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
  }

  // ---- the two sides ----

  /** One swarm with its connector, crypto and loop. */
  private static final class Side {
    final EventLoop loop;
    final WakeupSwarm swarm;
    final WakeupConnector connector;
    final long threadId;

    Side(NioTransport transport) throws InterruptedException, ExecutionException {
      BouncyCastleCrypto crypto = new BouncyCastleCrypto();
      KeyPair keyPair = crypto.keyPair();
      this.loop = transport.eventLoops().get(0);
      // The reference has no limits on what one connection may open; the topics benchmark opens
      // up to tens of thousands of channels on one, so the swarm is told to expect that.
      this.swarm =
          WakeupSwarm.builder(crypto, loop)
              .protomuxOptions(ProtomuxOptions.UNLIMITED)
              .maxTopicsPerConnection(Integer.MAX_VALUE)
              .build();
      this.connector =
          new WakeupConnector(transport, crypto, keyPair, StreamOptions.DEFAULTS, swarm);
      this.threadId = loop.submit(() -> Thread.currentThread().getId()).get();
    }

    /** Bytes allocated so far by the loop's thread (HotSpot's per-thread counter). */
    long allocatedBytes() {
      java.lang.management.ThreadMXBean threads = ManagementFactory.getThreadMXBean();
      if (threads instanceof com.sun.management.ThreadMXBean hotspot) {
        return hotspot.getThreadAllocatedBytes(threadId);
      }
      return 0;
    }
  }

  /** The listening side a and the dialing side b, on one or two loops. */
  private static final class Pair implements AutoCloseable {
    final List<NioTransport> transports = new ArrayList<>();
    final Side a;
    final Side b;
    final Listener listener;
    final int port;

    Pair(int loops) throws InterruptedException, ExecutionException {
      NioTransport first = new NioTransport();
      transports.add(first);
      NioTransport second = first;
      if (loops == 2) {
        second = new NioTransport();
        transports.add(second);
      }
      a = new Side(first);
      b = new Side(second);
      listener = a.connector.listen(HOST, 0);
      port = listener.port();
    }

    /** The connection of the announce and round-trip benchmarks, with their topics joined. */
    Connected connectMain() throws InterruptedException, ExecutionException, TimeoutException {
      Capability announceTopic = capability("announce", 0);
      Capability roundTripTopic = capability("roundtrip", 0);
      AnnounceCounter counter = new AnnounceCounter();
      CompletableFuture<WakeupPeer> announcerPeer = new CompletableFuture<>();
      CompletableFuture<WakeupPeer> answererPeer = new CompletableFuture<>();
      a.swarm.session(announceTopic, counter);
      WakeupSession announcer =
          b.swarm.session(
              announceTopic,
              new SessionHandlers() {
                @Override
                public void onPeerAdd(WakeupPeer peer, WakeupSession session) {
                  announcerPeer.complete(peer);
                }
              });
      List<Wakeup> answer = List.of(new Wakeup(LOG, 1));
      a.swarm.session(
          roundTripTopic,
          new SessionHandlers() {
            @Override
            public void onPeerAdd(WakeupPeer peer, WakeupSession session) {
              answererPeer.complete(peer);
            }

            @Override
            public void onLookup(Lookup request, WakeupPeer peer, WakeupSession session) {
              session.announce(peer, answer);
            }
          });
      RoundTrips trips = new RoundTrips();
      b.swarm.session(roundTripTopic, trips);
      b.connector.dial(HOST, port).get(PHASE_TIMEOUT_MILLIS, TimeUnit.MILLISECONDS);
      WakeupPeer peer = announcerPeer.get(PHASE_TIMEOUT_MILLIS, TimeUnit.MILLISECONDS);
      counter.peerAdded.get(PHASE_TIMEOUT_MILLIS, TimeUnit.MILLISECONDS);
      trips.peerAdded.get(PHASE_TIMEOUT_MILLIS, TimeUnit.MILLISECONDS);
      answererPeer.get(PHASE_TIMEOUT_MILLIS, TimeUnit.MILLISECONDS);
      return new Connected(announcer, peer, counter, trips);
    }

    @Override
    public void close() {
      for (Side side : List.of(b, a)) {
        try {
          side.swarm.destroy();
        } catch (RuntimeException e) {
          // already gone
        }
      }
      listener.close();
      for (NioTransport transport : transports) {
        transport.close();
      }
    }
  }

  private record Connected(
      WakeupSession announcer,
      WakeupPeer announcerPeer,
      AnnounceCounter announceCounter,
      RoundTrips roundTrips) {}

  /** The receiving side's handlers: counts announces until the expected number arrived. */
  private static final class AnnounceCounter implements SessionHandlers {
    final CompletableFuture<WakeupPeer> peerAdded = new CompletableFuture<>();
    private int seen;
    private int expected;
    private CompletableFuture<Long> done;
    // seen, published every 1024 announces for the sender's window
    private volatile int published;

    int progress() {
      return published;
    }

    /** Resets the count on the receiver's loop; completes with nanoTime of the last announce. */
    CompletableFuture<Long> expect(EventLoop loop, int count)
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

  // ---- helpers ----

  /** A fifth of the count, and at least {@code floor}: the same in bench.js. */
  private static int warmup(int count, int floor) {
    return warmupEnabled ? Math.max(floor, count / 5) : 0;
  }

  /** A fixed capability per benchmark and index, the same as bench.js derives. */
  static Capability capability(String name, int index) {
    byte[] bytes = new byte[32];
    byte[] label = name.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    System.arraycopy(label, 0, bytes, 0, Math.min(label.length, 24));
    bytes[28] = (byte) (index >>> 24);
    bytes[29] = (byte) (index >>> 16);
    bytes[30] = (byte) (index >>> 8);
    bytes[31] = (byte) index;
    return Capability.of(bytes);
  }

  private static long percentile(long[] sorted, int p) {
    int rank = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
    return sorted[Math.max(0, Math.min(sorted.length - 1, rank))];
  }

  /** A flat JSON object, written in field order. */
  private static final class Json {
    private final StringBuilder text = new StringBuilder("{");

    void field(String name, String value) {
      raw(name, "\"" + value + "\"");
    }

    void field(String name, long value) {
      raw(name, Long.toString(value));
    }

    void field(String name, double value) {
      raw(name, String.format(Locale.ROOT, "%.1f", value));
    }

    void raw(String name, String json) {
      if (text.length() > 1) {
        text.append(',');
      }
      text.append('"').append(name).append("\":").append(json);
    }

    String end() {
      return text.append('}').toString();
    }
  }
}
