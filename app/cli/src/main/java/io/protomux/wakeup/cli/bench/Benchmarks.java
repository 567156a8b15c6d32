package io.protomux.wakeup.cli.bench;

import io.protomux.wakeup.domain.Key32;
import io.protomux.wakeup.domain.wakeup.Capability;
import io.protomux.wakeup.domain.wakeup.SessionHandlers;
import io.protomux.wakeup.domain.wakeup.WakeupPeer;
import io.protomux.wakeup.domain.wakeup.WakeupSession;
import io.protomux.wakeup.domain.wakeup.messages.Wakeup;
import io.protomux.wakeup.ports.loop.EventLoop;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The benchmarks, measured the way {@code interop/bench.js} measures the reference; each first
 * runs an untimed warm-up (unless turned off) of a fifth of its count and at least a floor (see
 * the constants), exactly as the Node version does, so that both runtimes are measured with their
 * JIT compilers' work done, as a long-running peer would be. The floors are that high because C2
 * compiles a method only after about 15,000 calls, and much of a handshake, a round trip or a
 * topic's open runs once per operation.
 */
public final class Benchmarks {
  /** Announces sent per loop turn. */
  public static final int CHUNK = 1000;
  /** Announces sent but not yet received above which the sender waits (about 3.5 MB). */
  public static final int WINDOW = 50_000;
  /** The least warm-up of the handshakes. */
  public static final int MIN_WARMUP_HANDSHAKES = 5000;
  /** The least warm-up of the announces. */
  public static final int MIN_WARMUP_ANNOUNCES = 100_000;
  /** The least warm-up of the round trips. */
  public static final int MIN_WARMUP_ROUNDTRIPS = 20_000;
  /** The least warm-up of the topics (on a pair of its own). */
  public static final int MIN_WARMUP_TOPICS = 50_000;
  /** How long one phase may take before the bench gives up. */
  public static final long PHASE_TIMEOUT_MILLIS = 300_000;

  static final Key32 LOG = Key32.fromHex("ab".repeat(32));

  private final boolean warmup;
  private final Progress progress;

  /**
   * @param warmup false to skip the warm-ups (a smoke test; the figures are a cold runtime's)
   */
  public Benchmarks(boolean warmup, Progress progress) {
    this.warmup = warmup;
    this.progress = progress;
  }

  /** Announces per second, and bytes allocated per announce by each side's loop thread. */
  public record AnnounceResult(double perSec, long senderBytes, long receiverBytes) {}

  /** The topics' open time, and the heap each topic holds on one side. */
  public record TopicsResult(long openNanos, long heapBytesPerTopic) {}

  // ---- handshakes ----

  /**
   * Sequential connections, each counted when the dialing side's onPeerAdd fires for the one
   * shared topic (then the dialer destroys the stream and dials again).
   *
   * @return handshakes per second
   */
  public double handshakes(BenchPair pair, int count) throws Exception {
    Capability capability = capability("handshake", 0);
    HandshakeChain chain = new HandshakeChain(pair);
    pair.a().call(() -> pair.a().swarm().session(capability, SessionHandlers.NONE));
    pair.b().call(() -> pair.b().swarm().session(capability, chain));
    int warm = warmup(count, MIN_WARMUP_HANDSHAKES);
    if (warm > 0) {
      progress.phase("handshakes warm-up (" + warm + ")", () -> chain.run(warm));
    }
    long elapsed = progress.phase("handshakes (" + count + ")", () -> chain.run(count));
    return count / (elapsed / 1e9);
  }

  // ---- announces ----

  /**
   * N announces of one wakeup each over one connection, sent in chunks of {@value #CHUNK} per
   * loop turn (pausing while more than {@value #WINDOW} are unreceived), timed from the first
   * send until the receiver's onAnnounce has seen all N.
   */
  public AnnounceResult announces(BenchPair pair, MainConnection main, int count)
      throws Exception {
    int warm = warmup(count, MIN_WARMUP_ANNOUNCES);
    if (warm > 0) {
      progress.phase("announces warm-up (" + warm + ")", () -> sendAnnounces(pair, main, warm));
    }
    long senderBefore = pair.b().allocatedBytes();
    long receiverBefore = pair.a().allocatedBytes();
    long elapsed =
        progress.phase("announces (" + count + ")", () -> sendAnnounces(pair, main, count));
    long senderBytes = (pair.b().allocatedBytes() - senderBefore) / count;
    long receiverBytes = (pair.a().allocatedBytes() - receiverBefore) / count;
    return new AnnounceResult(count / (elapsed / 1e9), senderBytes, receiverBytes);
  }

  /** Sends {@code count} announces and returns the nanoseconds until the last was received. */
  private static long sendAnnounces(BenchPair pair, MainConnection main, int count)
      throws Exception {
    CompletableFuture<Long> received = main.announceCounter().expect(pair.a().loop(), count);
    long[] start = new long[1];
    CompletableFuture<Void> started = new CompletableFuture<>();
    EventLoop loop = pair.b().loop();
    loop.execute(
        () -> {
          start[0] = System.nanoTime();
          started.complete(null);
          sendChunk(loop, main, 0, count);
        });
    started.get();
    long end = received.get(PHASE_TIMEOUT_MILLIS, TimeUnit.MILLISECONDS);
    return end - start[0];
  }

  /** On the sender's loop. */
  private static void sendChunk(EventLoop loop, MainConnection main, int from, int count) {
    if (from - main.announceCounter().progress() > WINDOW) {
      // The receiver is this far behind: wait rather than queue without bound (a transport cuts
      // a peer that lets too much pile up).
      loop.schedule(1, () -> sendChunk(loop, main, from, count));
      return;
    }
    int to = Math.min(count, from + CHUNK);
    for (int i = from; i < to; i++) {
      main.announcer().announce(main.announcerPeer(), List.of(new Wakeup(LOG, i)));
    }
    if (to < count) {
      // Lets the loop write (and, with one loop, read) before the next chunk.
      loop.execute(() -> sendChunk(loop, main, to, count));
    }
  }

  // ---- round trips ----

  /**
   * N sequential lookups, each answered with an announce; the latency is from the lookup's send
   * to the answer's onAnnounce.
   *
   * @return the latencies in nanoseconds, sorted
   */
  public long[] roundtrips(BenchPair pair, MainConnection main, int count) throws Exception {
    int warm = warmup(count, MIN_WARMUP_ROUNDTRIPS);
    if (warm > 0) {
      progress.phase("round trips warm-up (" + warm + ")", () -> runRoundtrips(pair, main, warm));
    }
    long[] latencies =
        progress.phase("round trips (" + count + ")", () -> runRoundtrips(pair, main, count));
    Arrays.sort(latencies);
    return latencies;
  }

  private static long[] runRoundtrips(BenchPair pair, MainConnection main, int count)
      throws Exception {
    CompletableFuture<long[]> done = new CompletableFuture<>();
    pair.b().loop().execute(() -> main.roundTrips().start(count, done));
    return done.get(PHASE_TIMEOUT_MILLIS, TimeUnit.MILLISECONDS);
  }

  // ---- topics ----

  /**
   * T sessions on each side of a new pair, then one connection: the time from the dial until
   * every peer is added on both sides, and the heap retained per topic per side. The warm-up is
   * the same with a fifth of the topics on a pair of its own, gone before the measured pair's
   * heap baseline is taken.
   */
  public TopicsResult topics(int loops, int count) throws Exception {
    int warm = warmup(count, MIN_WARMUP_TOPICS);
    if (warm > 0) {
      progress.phase("topics warm-up (" + warm + ")", () -> topics(loops, warm, false));
    }
    return progress.phase("topics (" + count + ")", () -> topics(loops, count, true));
  }

  /**
   * Opens {@code count} topics on a new pair. The heap they hold is measured after the run, as the
   * used heap after a full GC with the pair alive minus the same once it is closed: a GC before
   * the timed part would shrink the heap, and the run would then be timed collecting more often
   * than a JVM that has been running for a while does.
   */
  private static TopicsResult topics(int loops, int count, boolean measureHeap) throws Exception {
    BenchPair pair = new BenchPair(loops);
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

  /** Sessions for {@code count} topics on both sides, then one dial: ns until every peer is added. */
  private static long openTopics(BenchPair pair, int count) throws Exception {
    AtomicInteger missing = new AtomicInteger(2 * count);
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
    // Each side's sessions in one task on its loop, where the swarm accepts them.
    for (BenchSide side : List.of(pair.a(), pair.b())) {
      side.call(
          () -> {
            for (Capability capability : capabilities) {
              side.swarm().session(capability, counting);
            }
            return null;
          });
    }
    long start = System.nanoTime();
    pair.b()
        .dial(BenchPair.HOST, pair.port())
        .whenCompleteAsync(
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
            },
            pair.b().loop());
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

  // ---- helpers ----

  /** A fifth of the count, and at least {@code floor}: the same in bench.js. */
  private int warmup(int count, int floor) {
    return warmup ? Math.max(floor, count / 5) : 0;
  }

  /** A fixed capability per benchmark and index, the same as bench.js derives. */
  public static Capability capability(String name, int index) {
    byte[] bytes = new byte[32];
    byte[] label = name.getBytes(StandardCharsets.US_ASCII);
    System.arraycopy(label, 0, bytes, 0, Math.min(label.length, 24));
    bytes[28] = (byte) (index >>> 24);
    bytes[29] = (byte) (index >>> 16);
    bytes[30] = (byte) (index >>> 8);
    bytes[31] = (byte) index;
    return Capability.of(bytes);
  }

  /** The {@code p}th percentile of sorted values (nearest rank). */
  public static long percentile(long[] sorted, int p) {
    int rank = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
    return sorted[Math.max(0, Math.min(sorted.length - 1, rank))];
  }
}
