package io.protomux.wakeup.cli;

import io.protomux.wakeup.cli.bench.Benchmarks;
import io.protomux.wakeup.cli.bench.IdleUdxStreams;
import io.protomux.wakeup.cli.bench.Progress;
import io.protomux.wakeup.cli.bench.UdpCeiling;
import io.protomux.wakeup.cli.bench.UdxBenchmarks;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;

/**
 * {@code bench --udx}: UDX over loopback UDP, measured the way {@code interop/udx-bench.js}
 * measures udx-native (see {@link UdxBenchmarks}): a client and a server, each on a NIO loop
 * thread of its own (as the Node client and its server are two processes) or both on one
 * ({@code --loops 1}, as {@code --same-process}). Prints one JSON line per figure on stdout, with
 * the figure names and fields of {@code udx-bench.js --json} and {@code "impl":"java"}, and each
 * phase's start and end on stderr.
 */
final class UdxBenchCommand {
  /** Every figure, in the order they run (the idle streams first, as in udx-bench.js). */
  static final List<String> FIGURES =
      List.of("idle-stream-memory", "udx-bulk", "secret-stream-bulk", "udx-pingpong", "udp-ceiling");

  static final long MiB = 1024 * 1024;
  private static final long MAX_BYTES = 1L << 40;

  private UdxBenchCommand() {}

  /**
   * What to run.
   *
   * @param bytes per bulk run
   * @param repeat timed runs per bulk figure (the median is the figure)
   * @param rounds timed ping-pong round trips
   * @param seconds the UDP ceiling's blast
   * @param streams idle streams of the memory figure (0 skips it)
   * @param figures which figures, in {@link #FIGURES}' order
   * @param loops 2: client and server on a loop thread each; 1: both on one
   * @param warmup false to skip the warm-ups
   */
  record Options(
      long bytes,
      int repeat,
      int rounds,
      double seconds,
      int streams,
      List<String> figures,
      int loops,
      boolean warmup) {
    boolean wants(String figure) {
      return figures.contains(figure);
    }
  }

  /** The options of {@code bench --udx}, checked. */
  static Options options(Args.Bench args) {
    if (args.dht) {
      throw new UsageException("--udx and --dht are two benches: pick one");
    }
    notWithUdx("--handshakes", args.handshakes);
    notWithUdx("--messages", args.messages);
    notWithUdx("--roundtrips", args.roundtrips);
    notWithUdx("--topics", args.topics);
    int loops = args.loops == null ? 2 : Values.count("--loops", args.loops);
    if (loops != 1 && loops != 2) {
      throw new UsageException("--loops must be 1 or 2, got \"" + args.loops + "\"");
    }
    return new Options(
        args.bytes == null ? 256 * MiB : bytes(args.bytes),
        args.repeat == null ? 3 : repeat(args.repeat),
        args.rounds == null ? 10_000 : rounds(args.rounds),
        args.seconds == null ? 2 : seconds(args.seconds),
        args.streams == null ? 2000 : Values.count("--streams", args.streams),
        args.only == null ? FIGURES : figures(args.only),
        loops,
        !args.noWarmup);
  }

  /** Refuses the options that only {@code --udx} takes on a plain {@code bench}. */
  static void refuseWithoutUdx(Args.Bench args) {
    needsUdx("--bytes", args.bytes);
    needsUdx("--repeat", args.repeat);
    needsUdx("--rounds", args.rounds);
    needsUdx("--seconds", args.seconds);
    needsUdx("--streams", args.streams);
    needsUdx("--only", args.only);
  }

  private static void notWithUdx(String option, String value) {
    if (value != null) {
      throw new UsageException(option + " is a TCP bench option: bench --udx does not take it");
    }
  }

  private static void needsUdx(String option, String value) {
    if (value != null) {
      throw new UsageException(option + " needs --udx");
    }
  }

  private static long bytes(String value) {
    try {
      long n = Long.parseLong(value);
      if (n >= 1 && n <= MAX_BYTES) {
        return n;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new UsageException(
        "--bytes must be a whole number from 1 to " + MAX_BYTES + ", got \"" + value + "\"");
  }

  private static int repeat(String value) {
    try {
      int n = Integer.parseInt(value);
      if (n >= 1 && n <= 1000) {
        return n;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new UsageException("--repeat must be a whole number from 1 to 1000, got \"" + value + "\"");
  }

  private static int rounds(String value) {
    int n = Values.count("--rounds", value);
    if (n == 0) {
      throw new UsageException("--rounds must be at least 1 (leave udx-pingpong out with --only)");
    }
    return n;
  }

  private static double seconds(String value) {
    try {
      double s = Double.parseDouble(value);
      if (s > 0 && s <= 3600) {
        return s;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new UsageException(
        "--seconds must be a number of seconds above 0 and at most 3600, got \"" + value + "\"");
  }

  private static List<String> figures(String value) {
    List<String> named = Arrays.stream(value.split(",", -1)).map(String::strip).toList();
    for (String name : named) {
      if (!FIGURES.contains(name)) {
        throw new UsageException(
            "--only takes figures among " + String.join(", ", FIGURES) + ", got \"" + name + "\"");
      }
    }
    return FIGURES.stream().filter(named::contains).toList();
  }

  static Outcome run(Options options, PrintStream out, PrintStream err) {
    Progress progress = new Progress(err);
    JsonObject base =
        new JsonObject()
            .string("impl", "java")
            .string("java", System.getProperty("java.version"))
            .number("loops", options.loops())
            .string("congestionControl", UdxBenchmarks.defaultCongestionControl());
    try {
      // First, while the heap is still small: memory per idle stream.
      if (options.wants("idle-stream-memory") && options.streams() > 0) {
        IdleUdxStreams.Result m = UdxBenchmarks.idleStreams(progress, options.streams());
        print(
            out,
            new JsonObject()
                .string("figure", "idle-stream-memory")
                .number("streams", m.streams())
                .number("heapBytesPerStream", m.heapBytesPerStream())
                .string(
                    "note",
                    "used heap after a full GC with the streams (and their instance, two sockets"
                        + " and loop) minus the same once they are gone, over the streams")
                .fields(base));
      }
      if (options.figures().stream().anyMatch(f -> !f.equals("idle-stream-memory"))) {
        try (UdxBenchmarks benchmarks =
            new UdxBenchmarks(options.loops(), options.warmup(), progress)) {
          if (options.wants("udx-bulk")) {
            print(
                out,
                bulk("udx-bulk", options, benchmarks.udxBulk(options.bytes(), options.repeat()))
                    .fields(base));
          }
          if (options.wants("secret-stream-bulk")) {
            print(
                out,
                bulk(
                        "secret-stream-bulk",
                        options,
                        benchmarks.secretBulk(options.bytes(), options.repeat()))
                    .fields(base));
          }
          if (options.wants("udx-pingpong")) {
            long[] l = benchmarks.pingpong(options.rounds());
            print(
                out,
                new JsonObject()
                    .string("figure", "udx-pingpong")
                    .number("rounds", options.rounds())
                    .number("warmup", benchmarks.warmupRounds(options.rounds()))
                    .number("messageBytes", 64)
                    .decimal("p50us", Benchmarks.percentile(l, 50) / 1000.0)
                    .decimal("p99us", Benchmarks.percentile(l, 99) / 1000.0)
                    .decimal("meanUs", Arrays.stream(l).average().orElse(0) / 1000.0)
                    .decimal("maxUs", l[l.length - 1] / 1000.0)
                    .fields(base));
          }
          if (options.wants("udp-ceiling")) {
            UdpCeiling.Result u = benchmarks.udpCeiling(options.seconds());
            double perSec = u.receivedPerSec();
            print(
                out,
                new JsonObject()
                    .string("figure", "udp-ceiling")
                    .number("datagramBytes", UdpCeiling.DATAGRAM)
                    .decimal("seconds", options.seconds())
                    .number("sent", u.sent())
                    .number("sentPerSec", Math.round(u.sent() / (u.sendNanos() / 1e9)))
                    .number("received", u.received())
                    .number("receivedPerSec", Math.round(perSec))
                    .decimal("MiBps", perSec * UdpCeiling.DATAGRAM / MiB)
                    .decimal(
                        "lossPct", u.sent() == 0 ? 0 : 100.0 * (u.sent() - u.received()) / u.sent())
                    .fields(base));
          }
        }
      }
    } catch (TimeoutException e) {
      return Outcome.failed("bench --udx timed out: " + e.getMessage());
    } catch (ExecutionException e) {
      return Outcome.failed("bench --udx failed: " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Outcome.failed("interrupted");
    } catch (Exception e) {
      return Outcome.failed("bench --udx failed: " + e);
    }
    return Outcome.ok();
  }

  private static void print(PrintStream out, JsonObject line) {
    out.println(line.toJson());
    out.flush();
  }

  /** A bulk figure's line: the median run's MiB/s, every run's, the counters and the allocation. */
  static JsonObject bulk(String figure, Options options, UdxBenchmarks.BulkResult result) {
    long total = options.bytes();
    double[] runs = new double[result.runNanos().length];
    for (int i = 0; i < runs.length; i++) {
      runs[i] = total / (double) MiB / (result.runNanos()[i] / 1e9);
    }
    double[] sorted = runs.clone();
    Arrays.sort(sorted);
    double median = sorted[(sorted.length - 1) / 2];
    List<JsonObject> sender = new ArrayList<>();
    for (UdxBenchmarks.Traffic t : result.sender()) {
      sender.add(
          new JsonObject()
              .number("packets", t.packetsSent())
              .number("retransmits", t.retransmits())
              .number("lossesDetected", t.lossesDetected())
              .number("tailLossProbes", t.tailLossProbes())
              .number("rtoFirings", t.rtoFirings())
              .number("acksReceived", t.datagramsReceived())
              .number("sendFailures", t.sendFailures())
              .number("socketQueued", t.socketQueued())
              .number("socketDropped", t.socketDropped()));
    }
    List<JsonObject> receiver = new ArrayList<>();
    for (UdxBenchmarks.Traffic t : result.receiver()) {
      receiver.add(
          new JsonObject()
              .number("datagramsReceived", t.datagramsReceived())
              .number("acksSent", t.acksSent())
              .number("duplicates", t.duplicates())
              .number("beyondWindow", t.beyondWindow())
              .number("socketDropped", t.socketDropped()));
    }
    UdxBenchmarks.Allocation a = result.allocation();
    JsonObject allocation = new JsonObject();
    if (options.loops() == 2) {
      allocation
          .decimal("client", perPacket(a.clientBytes(), a.clientDatagrams()))
          .decimal("server", perPacket(a.serverBytes(), a.serverDatagrams()));
    }
    allocation
        .decimal(
            "total",
            perPacket(a.clientBytes() + a.serverBytes(), a.clientDatagrams() + a.serverDatagrams()))
        .decimal("perDataPacket", perPacket(a.clientBytes() + a.serverBytes(), a.dataPackets()))
        .number("bytes", a.clientBytes() + a.serverBytes())
        .number("datagrams", a.clientDatagrams() + a.serverDatagrams());
    // How busy each loop thread was while the runs were timed: near 100 a thread is the limit,
    // well below it the stream waits (for acknowledgements, the window, the other side).
    JsonObject cpu = new JsonObject();
    if (a.wallNanos() > 0) {
      cpu.decimal(options.loops() == 2 ? "client" : "loop", 100.0 * a.clientCpuNanos() / a.wallNanos());
      if (options.loops() == 2) {
        cpu.decimal("server", 100.0 * a.serverCpuNanos() / a.wallNanos());
      }
    }
    return new JsonObject()
        .string("figure", figure)
        .number("bytes", total)
        .decimal("MiBps", median)
        .decimals("runsMiBps", runs)
        .decimal("msMedian", total / (double) MiB / median * 1000)
        .array("sender", sender)
        .array("receiver", receiver)
        .object("allocBytesPerPacket", allocation)
        .object("loopCpuPercent", cpu);
  }

  private static double perPacket(long bytes, long packets) {
    return packets == 0 ? 0 : bytes / (double) packets;
  }
}
