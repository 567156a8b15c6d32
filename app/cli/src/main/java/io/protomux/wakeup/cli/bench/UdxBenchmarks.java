package io.protomux.wakeup.cli.bench;

import io.protomux.wakeup.adapters.bouncycastle.BouncyCastleCrypto;
import io.protomux.wakeup.adapters.nio.NioEventLoop;
import io.protomux.wakeup.domain.udx.Udx;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The UDX benchmarks, measured the way {@code interop/udx-bench.js} measures udx-native: a client
 * and a server ({@link UdxBenchClient}, {@link UdxBenchServer}) on two NIO loop threads, as the
 * Node client and its {@code --serve} child are two processes with an event loop each (or on one
 * loop, as {@code --same-process} runs them), talking over loopback; and the raw UDP ceiling
 * ({@link UdpCeiling}) next to them. Each bulk figure first runs once untimed with min(N, 32 MiB),
 * the ping-pong max(1000, R/5) untimed round trips, as in udx-bench.js.
 */
public final class UdxBenchmarks implements AutoCloseable {
  /** The bulk warm-up's most bytes (udx-bench.js: the same). */
  public static final long WARMUP_BYTES = 32L * 1024 * 1024;
  /** The ping-pong warm-up's least round trips (udx-bench.js: the same). */
  public static final int MIN_WARMUP_ROUNDS = 1000;

  private final boolean warmup;
  private final Progress progress;
  private final List<NioEventLoop> loops = new ArrayList<>();
  private final BouncyCastleCrypto crypto = new BouncyCastleCrypto();
  private final UdxEndpoint serverEndpoint;
  private final UdxEndpoint clientEndpoint;
  private final UdxBenchServer server;
  private final UdxBenchClient client;
  private final UdpCeiling.Sink udpSink;

  /**
   * Starts the server and the client.
   *
   * @param loops 2: client and server each on a loop thread of its own; 1: both on one
   * @param warmup false to skip the warm-ups (a smoke test; the figures are a cold runtime's)
   */
  public UdxBenchmarks(int loops, boolean warmup, Progress progress) throws Exception {
    this.warmup = warmup;
    this.progress = progress;
    try {
      NioEventLoop serverLoop = new NioEventLoop("udx-bench-server");
      this.loops.add(serverLoop);
      NioEventLoop clientLoop = serverLoop;
      if (loops == 2) {
        clientLoop = new NioEventLoop("udx-bench-client");
        this.loops.add(clientLoop);
      }
      serverEndpoint = new UdxEndpoint(serverLoop);
      server = new UdxBenchServer(serverEndpoint, crypto);
      clientEndpoint = new UdxEndpoint(clientLoop);
      client = new UdxBenchClient(clientEndpoint, serverEndpoint.address(), crypto);
      udpSink = new UdpCeiling.Sink();
    } catch (Exception | Error e) {
      close();
      throw e;
    }
  }

  /**
   * What a bulk figure gave.
   *
   * @param runNanos each timed run's nanoseconds, in order
   * @param sender the client's counters over each timed run (packets, retransmits, ...)
   * @param receiver the server's over each run
   * @param allocation bytes the loop threads allocated over all timed runs, and the datagrams
   */
  public record BulkResult(
      long[] runNanos, List<Traffic> sender, List<Traffic> receiver, Allocation allocation) {}

  /**
   * Bytes allocated by the loop threads from the first write of each timed run until its count
   * was back (HotSpot's per-thread counters), summed over the runs, and the datagrams each side's
   * socket sent and received meanwhile.
   *
   * @param clientBytes the client loop's (with one loop: both sides')
   * @param serverBytes the server loop's (0 with one loop)
   * @param clientDatagrams datagrams the client's socket sent plus received
   * @param serverDatagrams the same of the server's
   * @param dataPackets DATA/END transmissions of the sender
   * @param clientCpuNanos CPU time the client loop's thread used meanwhile (one loop: the only one)
   * @param serverCpuNanos the server loop's (0 with one loop)
   * @param wallNanos the runs' time, summed
   */
  public record Allocation(
      long clientBytes,
      long serverBytes,
      long clientDatagrams,
      long serverDatagrams,
      long dataPackets,
      long clientCpuNanos,
      long serverCpuNanos,
      long wallNanos) {}

  /** One side's counters over one run: a difference of two {@link UdxEndpoint.Counters}. */
  public record Traffic(
      long packetsSent,
      long retransmits,
      long acksSent,
      long lossesDetected,
      long tailLossProbes,
      long rtoFirings,
      long sendFailures,
      long datagramsReceived,
      long duplicates,
      long beyondWindow,
      long socketSent,
      long socketReceived,
      long socketQueued,
      long socketDropped) {
    static Traffic between(UdxEndpoint.Counters before, UdxEndpoint.Counters after) {
      var a = after.udx();
      var b = before.udx();
      return new Traffic(
          a.packetsSent() - b.packetsSent(),
          a.retransmits() - b.retransmits(),
          a.acksSent() - b.acksSent(),
          a.lossesDetected() - b.lossesDetected(),
          a.tailLossProbes() - b.tailLossProbes(),
          a.rtoFirings() - b.rtoFirings(),
          a.sendFailures() - b.sendFailures(),
          a.datagramsReceived() - b.datagramsReceived(),
          a.duplicates() - b.duplicates(),
          a.beyondWindow() - b.beyondWindow(),
          after.socket().sent() - before.socket().sent(),
          after.socket().received() - before.socket().received(),
          after.socket().queued() - before.socket().queued(),
          after.socket().dropped() - before.socket().dropped());
    }

    long datagrams() {
      return socketSent + socketReceived;
    }
  }

  /** A bulk run: bytes in, nanoseconds out. */
  @FunctionalInterface
  public interface BulkRun {
    /** Sends {@code bytes} and returns the nanoseconds it took. */
    long run(long bytes) throws Exception;
  }

  /** The memory per idle stream, on a loop and instance of its own; run it first. */
  public static IdleUdxStreams.Result idleStreams(Progress progress, int count) throws Exception {
    return progress.phase("idle-stream-memory (" + count + " streams)", () -> IdleUdxStreams.measure(count));
  }

  /** {@code udx-bulk}: raw UDX streams. */
  public BulkResult udxBulk(long total, int repeat) throws Exception {
    return bulk("udx-bulk", total, repeat, client::udxBulk);
  }

  /** {@code secret-stream-bulk}: a secret stream over each UDX stream. */
  public BulkResult secretBulk(long total, int repeat) throws Exception {
    return bulk("secret-stream-bulk", total, repeat, client::secretBulk);
  }

  private BulkResult bulk(String name, long total, int repeat, BulkRun run) throws Exception {
    if (warmup) {
      long warm = Math.min(total, WARMUP_BYTES);
      progress.phase(name + " warm-up (" + warm + " bytes)", () -> run.run(warm));
    }
    long[] nanos = new long[repeat];
    List<Traffic> sender = new ArrayList<>();
    List<Traffic> receiver = new ArrayList<>();
    long[] threads = threadIds();
    long clientBytes = 0;
    long serverBytes = 0;
    long clientCpu = 0;
    long serverCpu = 0;
    for (int i = 0; i < repeat; i++) {
      UdxEndpoint.Counters clientBefore = clientEndpoint.counters();
      UdxEndpoint.Counters serverBefore = serverEndpoint.counters();
      client.watchAllocation(threads);
      nanos[i] = progress.phase(name + " run " + (i + 1) + " (" + total + " bytes)", () -> run.run(total));
      long[] allocated = client.allocatedDuringLastRun();
      clientBytes += allocated[0];
      serverBytes += threads.length > 1 ? allocated[1] : 0;
      long[] cpu = client.cpuDuringLastRun();
      clientCpu += cpu[0];
      serverCpu += threads.length > 1 ? cpu[1] : 0;
      sender.add(Traffic.between(clientBefore, clientEndpoint.counters()));
      receiver.add(Traffic.between(serverBefore, serverEndpoint.counters()));
    }
    long clientDatagrams = sender.stream().mapToLong(Traffic::datagrams).sum();
    long serverDatagrams = receiver.stream().mapToLong(Traffic::datagrams).sum();
    long dataPackets = sender.stream().mapToLong(Traffic::packetsSent).sum();
    return new BulkResult(
        nanos,
        sender,
        receiver,
        new Allocation(
            clientBytes,
            serverBytes,
            clientDatagrams,
            serverDatagrams,
            dataPackets,
            clientCpu,
            serverCpu,
            Arrays.stream(nanos).sum()));
  }

  /**
   * {@code udx-pingpong}: the latencies in nanoseconds, sorted; the warm-up is max(1000, R/5)
   * (none without warm-up).
   */
  public long[] pingpong(int rounds) throws Exception {
    int warm = warmupRounds(rounds);
    long[] latencies =
        progress.phase(
            "udx-pingpong (" + warm + " + " + rounds + " rounds)", () -> client.pingpong(rounds, warm));
    Arrays.sort(latencies);
    return latencies;
  }

  /** The untimed round trips before {@code rounds} timed ones. */
  public int warmupRounds(int rounds) {
    return warmup ? Math.max(MIN_WARMUP_ROUNDS, rounds / 5) : 0;
  }

  /** {@code udp-ceiling}: a blast of {@code seconds}. */
  public UdpCeiling.Result udpCeiling(double seconds) throws Exception {
    return progress.phase(
        "udp-ceiling (" + seconds + " s)", () -> UdpCeiling.blast(udpSink.address(), seconds));
  }

  /** The loop threads: client first, then the server's if it has its own. */
  private long[] threadIds() {
    return clientEndpoint.threadId() == serverEndpoint.threadId()
        ? new long[] {clientEndpoint.threadId()}
        : new long[] {clientEndpoint.threadId(), serverEndpoint.threadId()};
  }

  /**
   * The congestion control a new stream gets by default, as far as it can be read: the class of
   * what a new instance's streams get ("BbrControl"). The figures depend on it, so every line
   * says which it was.
   */
  public static String defaultCongestionControl() {
    NioEventLoop loop = new NioEventLoop("udx-bench-probe");
    try {
      // The instance is only asked, never used: its loop is not even entered.
      return new Udx(loop, bytes -> {}).congestionControlName();
    } catch (RuntimeException e) {
      return "unknown";
    } finally {
      loop.close();
    }
  }

  @Override
  public void close() {
    if (server != null) {
      try {
        server.stop();
      } catch (Exception e) {
        // its loop is gone already
      }
    }
    if (clientEndpoint != null) {
      clientEndpoint.close();
    }
    if (serverEndpoint != null) {
      serverEndpoint.close();
    }
    if (udpSink != null) {
      try {
        udpSink.close();
      } catch (java.io.IOException e) {
        // nothing left to count
      }
    }
    for (NioEventLoop loop : loops) {
      loop.close();
    }
  }
}
