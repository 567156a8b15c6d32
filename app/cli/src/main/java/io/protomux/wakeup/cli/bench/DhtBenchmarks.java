package io.protomux.wakeup.cli.bench;

import io.protomux.wakeup.adapters.bouncycastle.BouncyCastleCrypto;
import io.protomux.wakeup.adapters.nio.NioEventLoop;
import io.protomux.wakeup.domain.dht.QueryOptions;
import io.protomux.wakeup.domain.hyperswarm.Hyperswarm;
import io.protomux.wakeup.domain.hyperswarm.JoinOptions;
import io.protomux.wakeup.domain.stream.NoiseSecretStream;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * {@code bench --dht}: the HyperDHT and Hyperswarm figures of issue 14, measured against peers
 * that run elsewhere on a testnet (in the comparison, a JS {@code createServer} and a JS swarm
 * joined on a topic as server; see {@code interop/dht-bench-compare.sh}), exactly as {@code
 * interop/dht-bench.js} measures the reference. All client nodes live on one NIO loop thread, as
 * the Node process runs them on its one thread.
 *
 * <ul>
 *   <li>{@code connect}: one client node, bootstrapped untimed; N sequential {@code
 *       connect(serverKey)}, each timed from the call to the secret stream's open, then destroyed.
 *       After the first, the node has the server's relay addresses cached (as hyperdht's {@code
 *       _relayAddressesCache}): a reconnect from a running node. With the CPU time spent per
 *       timed connect: the whole process's and the loop thread's.
 *   <li>{@code findPeerFirst}, {@code findPeerDone}: one node; N sequential {@code
 *       findPeer(serverKey)} queries, timed to the first record found and to the query's end.
 *   <li>{@code connectFresh}: N times a new node, bootstrapped untimed, one timed connect, the
 *       node destroyed: a first connect (a findPeer query first).
 *   <li>{@code join}: N times a new node and swarm, bootstrapped untimed; from {@code
 *       join(topic, client only)} to the swarm's first connection.
 *   <li>{@code topics}: one new node and swarm; T topics joined (server and client, the default),
 *       until {@code flush}; the used heap after a full GC minus the same before the joins, over T.
 *   <li>{@code connections}: one new node (one untimed connect first); C connections to the server
 *       opened (at most 8 at once) and held; the used heap after a full GC minus the same before,
 *       over C.
 * </ul>
 *
 * Warm-up (the same in {@code dht-bench.js}): first 50 untimed connects on a node of their own,
 * then before each timing figure untimed repetitions of it (a fifth of N and at least 10), so the
 * JIT has compiled the paths as in a long-running peer (without the 50, the first figure measured
 * took 2-4x its later runs' time).
 */
public final class DhtBenchmarks implements AutoCloseable {
  static final long STEP_TIMEOUT_MILLIS = 30_000;
  static final int MIN_WARMUP = 10;
  static final int FIRST_WARMUP = 50;
  static final int CONNECTIONS_IN_FLIGHT = 8;

  private final DhtBenchOptions options;
  private final Progress progress;
  private final NioEventLoop loop = new NioEventLoop("dht-bench");
  private final BouncyCastleCrypto crypto = new BouncyCastleCrypto();
  private long connectLoopCpuNanos;
  private long connectProcessCpuNanos;

  public DhtBenchmarks(DhtBenchOptions options, Progress progress) {
    this.options = options;
    this.progress = progress;
  }

  /** Runs every figure the options ask for; returns the JSON line (impl "java"). */
  public String run() throws Exception {
    StringBuilder json = new StringBuilder("{\"impl\":\"java\"");
    field(json, "java", '"' + System.getProperty("java.version") + '"');
    field(json, "load", '"' + loadAverage() + '"');
    if (options.serverKey() != null && options.warmup()) {
      progress.phase("warm-up (" + FIRST_WARMUP + " connects on one node)", () -> {
        try (DhtBenchNode node = DhtBenchNode.start(loop, crypto, options.bootstrap())) {
          for (int i = 0; i < FIRST_WARMUP; i++) {
            connectOnce(node);
          }
        }
        return null;
      });
    }
    if (options.serverKey() != null && options.connects() > 0) {
      String connect = timing(progress.phase("connect (one node)", this::warmConnects));
      field(json, "connect", connect.substring(0, connect.length() - 1)
          + ",\"processCpuMsPerConnect\":" + decimal(connectProcessCpuNanos / 1e6)
          + ",\"loopCpuMsPerConnect\":" + decimal(connectLoopCpuNanos / 1e6) + "}");
      long[][] find = progress.phase("findPeer (one node)", this::findPeers);
      field(json, "findPeerFirst", timing(find[0]));
      field(json, "findPeerDone", timing(find[1]));
      field(json, "connectFresh",
          timing(progress.phase("connect (fresh node each)", this::freshConnects)));
    }
    if (options.topic() != null && options.connects() > 0) {
      field(json, "join", timing(progress.phase("join (fresh node each)", this::joins)));
    }
    if (options.topics() > 0) {
      field(json, "topics", progress.phase("heap per topic", this::topicsHeap));
    }
    if (options.serverKey() != null && options.connections() > 0) {
      field(json, "connections", progress.phase("heap per connection", this::connectionsHeap));
    }
    return json.append('}').toString();
  }

  private int warmupCount() {
    return options.warmup() ? Math.max(MIN_WARMUP, options.connects() / 5) : 0;
  }

  // ---- connect ----

  private long[] warmConnects() throws Exception {
    try (DhtBenchNode node = DhtBenchNode.start(loop, crypto, options.bootstrap())) {
      for (int i = 0; i < warmupCount(); i++) {
        connectOnce(node);
      }
      long[] nanos = new long[options.connects()];
      long loopThread = node.call(() -> Thread.currentThread().getId());
      long loopCpu = threadCpu(loopThread);
      long processCpu = processCpu();
      for (int i = 0; i < nanos.length; i++) {
        nanos[i] = connectOnce(node);
      }
      connectLoopCpuNanos = (threadCpu(loopThread) - loopCpu) / nanos.length;
      connectProcessCpuNanos = (processCpu() - processCpu) / nanos.length;
      return nanos;
    }
  }

  private static long threadCpu(long threadId) {
    return ManagementFactory.getThreadMXBean().getThreadCpuTime(threadId);
  }

  /** CPU time of the whole process (JIT and GC threads included, as Node's process.cpuUsage). */
  private static long processCpu() {
    return ManagementFactory.getOperatingSystemMXBean()
            instanceof com.sun.management.OperatingSystemMXBean os
        ? os.getProcessCpuTime()
        : 0;
  }

  private long[] freshConnects() throws Exception {
    int warm = warmupCount();
    long[] nanos = new long[options.connects()];
    for (int i = -warm; i < nanos.length; i++) {
      try (DhtBenchNode node = DhtBenchNode.start(loop, crypto, options.bootstrap())) {
        long t = connectOnce(node);
        if (i >= 0) {
          nanos[i] = t;
        }
      }
    }
    return nanos;
  }

  /** One connect to the server, timed to the open, then destroyed. */
  private long connectOnce(DhtBenchNode node) throws Exception {
    CompletableFuture<NoiseSecretStream> opened = new CompletableFuture<>();
    long[] start = new long[1];
    long[] end = new long[1];
    loop.execute(() -> {
      start[0] = System.nanoTime();
      NoiseSecretStream stream = node.hyperDht().connect(options.serverKey(), List.of(), null);
      stream.whenOpen(() -> {
        end[0] = System.nanoTime();
        opened.complete(stream);
      });
      stream.whenClosed(cause -> opened.completeExceptionally(
          new ExecutionException("the connection closed before it opened: " + cause, cause)));
    });
    NoiseSecretStream stream = await(opened, "a connect");
    node.call(() -> {
      stream.destroy(null);
      return null;
    });
    return end[0] - start[0];
  }

  /**
   * N sequential {@code findPeer(serverKey)} queries on one node: ns to the first record of the
   * server, and to the query's end (where a connect's time goes before its handshake).
   */
  private long[][] findPeers() throws Exception {
    try (DhtBenchNode node = DhtBenchNode.start(loop, crypto, options.bootstrap())) {
      long[] first = new long[options.connects()];
      long[] done = new long[options.connects()];
      for (int i = -warmupCount(); i < first.length; i++) {
        CompletableFuture<long[]> result = new CompletableFuture<>();
        loop.execute(() -> {
          long start = System.nanoTime();
          long[] t = {-1, -1};
          node.hyperDht()
              .findPeer(options.serverKey(), QueryOptions.DEFAULTS, found -> {
                if (t[0] < 0) {
                  t[0] = System.nanoTime() - start;
                }
              })
              .whenDone((replies, error) -> {
                t[1] = System.nanoTime() - start;
                if (error != null || t[0] < 0) {
                  result.completeExceptionally(
                      new ExecutionException("findPeer found no record: " + error, error));
                } else {
                  result.complete(t);
                }
              });
        });
        long[] t = await(result, "a findPeer");
        if (i >= 0) {
          first[i] = t[0];
          done[i] = t[1];
        }
      }
      return new long[][] {first, done};
    }
  }

  // ---- join ----

  private long[] joins() throws Exception {
    int warm = warmupCount();
    long[] nanos = new long[options.connects()];
    for (int i = -warm; i < nanos.length; i++) {
      try (DhtBenchNode node = DhtBenchNode.start(loop, crypto, options.bootstrap())) {
        CompletableFuture<Long> first = new CompletableFuture<>();
        long start =
            node.call(() -> {
              Hyperswarm swarm = node.swarm();
              swarm.onConnection((stream, info) -> first.complete(System.nanoTime()));
              long t = System.nanoTime();
              swarm.join(options.topic(), JoinOptions.clientOnly());
              return t;
            });
        long t = await(first, "a join's first connection") - start;
        if (i >= 0) {
          nanos[i] = t;
        }
      }
    }
    return nanos;
  }

  // ---- heap ----

  private String topicsHeap() throws Exception {
    int count = options.topics();
    try (DhtBenchNode node = DhtBenchNode.start(loop, crypto, options.bootstrap())) {
      node.call(node::swarm);
      byte[][] topics = new byte[count][32];
      for (byte[] topic : topics) {
        crypto.random().nextBytes(topic);
      }
      long before = usedHeapAfterGc();
      CompletableFuture<Boolean> flushed = new CompletableFuture<>();
      long start =
          node.call(() -> {
            long t = System.nanoTime();
            Hyperswarm swarm = node.swarm();
            for (byte[] topic : topics) {
              swarm.join(topic, JoinOptions.DEFAULTS);
            }
            swarm.flush(flushed::complete);
            return t;
          });
      if (!flushed.get(STEP_TIMEOUT_MILLIS * 4, TimeUnit.MILLISECONDS)) {
        throw new ExecutionException("the swarm's flush failed", null);
      }
      double flushMillis = (System.nanoTime() - start) / 1e6;
      long with = usedHeapAfterGc();
      return "{\"count\":" + count + ",\"flushMillis\":" + decimal(flushMillis)
          + ",\"heapBytesPerTopic\":" + Math.round((with - before) / (double) count) + "}";
    }
  }

  private String connectionsHeap() throws Exception {
    int count = options.connections();
    try (DhtBenchNode node = DhtBenchNode.start(loop, crypto, options.bootstrap())) {
      connectOnce(node); // caches the server's relay addresses, as a running node has them
      long before = usedHeapAfterGc();
      List<NoiseSecretStream> open = new ArrayList<>();
      CompletableFuture<Void> all = new CompletableFuture<>();
      AtomicInteger started = new AtomicInteger();
      long start = System.nanoTime();
      loop.execute(() -> {
        for (int i = 0; i < CONNECTIONS_IN_FLIGHT && i < count; i++) {
          openNext(node, count, started, open, all);
        }
      });
      await(all, count + " connections");
      double openMillis = (System.nanoTime() - start) / 1e6;
      long with = usedHeapAfterGc();
      int stillOpen = node.call(() -> (int) open.stream().filter(NoiseSecretStream::isOpen).count());
      node.call(() -> {
        open.forEach(s -> s.destroy(null));
        return null;
      });
      return "{\"count\":" + count + ",\"open\":" + stillOpen + ",\"openMillis\":"
          + decimal(openMillis) + ",\"heapBytesPerConnection\":"
          + Math.round((with - before) / (double) count) + "}";
    }
  }

  /** On the loop: opens the next connection, and once it is open the one after it. */
  private void openNext(DhtBenchNode node, int count, AtomicInteger started,
      List<NoiseSecretStream> open, CompletableFuture<Void> all) {
    if (started.get() >= count) {
      return;
    }
    started.incrementAndGet();
    NoiseSecretStream stream = node.hyperDht().connect(options.serverKey(), List.of(), null);
    stream.whenOpen(() -> {
      open.add(stream);
      if (open.size() == count) {
        all.complete(null);
      } else {
        openNext(node, count, started, open, all);
      }
    });
    stream.whenClosed(cause -> {
      if (!all.isDone() && !open.contains(stream)) {
        all.completeExceptionally(
            new ExecutionException("a held connection closed before it opened: " + cause, cause));
      }
    });
  }

  private static long usedHeapAfterGc() throws InterruptedException {
    for (int i = 0; i < 3; i++) {
      System.gc();
      Thread.sleep(50);
    }
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
  }

  // ---- helpers ----

  private static <T> T await(CompletableFuture<T> future, String what)
      throws InterruptedException, ExecutionException, TimeoutException {
    try {
      return future.get(STEP_TIMEOUT_MILLIS, TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      throw new TimeoutException(what + " took more than " + STEP_TIMEOUT_MILLIS / 1000 + " s");
    }
  }

  /** median (p50), p90, mean, min and max in ms, nearest rank, as dht-bench.js. */
  static String timing(long[] nanos) {
    long[] sorted = nanos.clone();
    Arrays.sort(sorted);
    return "{\"count\":" + sorted.length
        + ",\"p50Ms\":" + decimal(Benchmarks.percentile(sorted, 50) / 1e6)
        + ",\"p90Ms\":" + decimal(Benchmarks.percentile(sorted, 90) / 1e6)
        + ",\"meanMs\":" + decimal(Arrays.stream(sorted).average().orElse(0) / 1e6)
        + ",\"minMs\":" + decimal(sorted[0] / 1e6)
        + ",\"maxMs\":" + decimal(sorted[sorted.length - 1] / 1e6)
        + ",\"runsMs\":" + Arrays.toString(Arrays.stream(nanos).mapToObj(n -> decimal(n / 1e6))
            .toArray()).replace(" ", "")
        + "}";
  }

  private static void field(StringBuilder json, String name, String rawValue) {
    json.append(",\"").append(name).append("\":").append(rawValue);
  }

  private static String decimal(double value) {
    return String.format(Locale.ROOT, "%.3f", value);
  }

  private static String loadAverage() {
    try {
      return java.nio.file.Files.readString(java.nio.file.Path.of("/proc/loadavg")).strip()
          .replaceAll("^(\\S+ \\S+ \\S+).*$", "$1");
    } catch (java.io.IOException | RuntimeException e) {
      return "?";
    }
  }

  @Override
  public void close() {
    loop.close();
  }
}
