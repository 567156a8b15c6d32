package io.protomux.wakeup.cli;

import io.protomux.wakeup.cli.bench.BenchPair;
import io.protomux.wakeup.cli.bench.Benchmarks;
import io.protomux.wakeup.cli.bench.DhtBenchOptions;
import io.protomux.wakeup.cli.bench.DhtBenchmarks;
import io.protomux.wakeup.cli.bench.MainConnection;
import io.protomux.wakeup.cli.bench.Progress;
import java.io.PrintStream;
import java.util.Arrays;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;

/**
 * {@code bench}: the whole stack (TCP on loopback, Noise, secret stream, Protomux, wakeup) in one
 * process, two swarms talking to each other, measured the way {@code interop/bench.js} measures
 * the reference (see {@link Benchmarks}). Prints one JSON line with impl "java" on stdout, and
 * each phase's start and end on stderr.
 *
 * <p>{@code --loops 2} (the default) gives each swarm its own NIO loop thread, as two processes
 * would have; {@code --loops 1} runs both swarms on one loop thread, as the Node version runs
 * both sides on its one thread. {@code --topics T} (default 0, skipped) also opens T topics on
 * each side of a new pair and reports the open time and the heap each holds.
 */
final class BenchCommand {
  private BenchCommand() {}

  /** What to run; {@code dht} non-null for {@code bench --dht} (the other counts unused). */
  record Options(
      int handshakes,
      int messages,
      int roundtrips,
      int topics,
      int loops,
      boolean warmup,
      DhtBenchOptions dht) {
    Options(int handshakes, int messages, int roundtrips, int topics, int loops, boolean warmup) {
      this(handshakes, messages, roundtrips, topics, loops, warmup, null);
    }
  }

  /** The options of {@code bench}, checked. */
  static Options options(Args.Bench args) {
    if (args.dht) {
      return dhtOptions(args);
    }
    for (String[] dhtOnly :
        new String[][] {
          {"--bootstrap", args.bootstrap}, {"--server-key", args.serverKey},
          {"--topic", args.topic}, {"--connects", args.connects},
          {"--connections", args.connections}
        }) {
      if (dhtOnly[1] != null) {
        throw new UsageException(dhtOnly[0] + " needs --dht");
      }
    }
    int loops = args.loops == null ? 2 : Values.count("--loops", args.loops);
    if (loops != 1 && loops != 2) {
      throw new UsageException("--loops must be 1 or 2, got \"" + args.loops + "\"");
    }
    return new Options(
        count("--handshakes", args.handshakes, 200),
        count("--messages", args.messages, 100_000),
        count("--roundtrips", args.roundtrips, 2000),
        count("--topics", args.topics, 0),
        loops,
        !args.noWarmup);
  }

  /** {@code bench --dht}: the DHT figures against a testnet ({@link DhtBenchmarks}). */
  static Options dhtOptions(Args.Bench args) {
    for (String[] tcpOnly :
        new String[][] {
          {"--handshakes", args.handshakes}, {"--messages", args.messages},
          {"--roundtrips", args.roundtrips}, {"--loops", args.loops}
        }) {
      if (tcpOnly[1] != null) {
        throw new UsageException(tcpOnly[0] + " is a TCP bench option: bench --dht does not take it");
      }
    }
    try {
      DhtBenchOptions dht =
          new DhtBenchOptions(
              DhtBenchOptions.parseBootstrap(args.bootstrap),
              args.serverKey == null ? null : Values.publicHex32("--server-key", args.serverKey),
              args.topic == null ? null : Values.publicHex32("--topic", args.topic),
              count("--connects", args.connects, DhtBenchOptions.DEFAULT_CONNECTS),
              count("--topics", args.topics, DhtBenchOptions.DEFAULT_TOPICS),
              count("--connections", args.connections, DhtBenchOptions.DEFAULT_CONNECTIONS),
              !args.noWarmup);
      return new Options(0, 0, 0, 0, 1, !args.noWarmup, dht);
    } catch (IllegalArgumentException e) {
      throw new UsageException(e.getMessage());
    }
  }

  private static int count(String option, String value, int fallback) {
    return value == null ? fallback : Values.count(option, value);
  }

  static Outcome run(Options options, PrintStream out, PrintStream err) {
    if (options.dht() != null) {
      try (DhtBenchmarks dht = new DhtBenchmarks(options.dht(), new Progress(err))) {
        out.println(dht.run());
        return Outcome.ok();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return Outcome.failed("interrupted");
      } catch (Exception e) {
        return Outcome.failed("bench --dht failed: " + e);
      }
    }
    Benchmarks benchmarks = new Benchmarks(options.warmup(), new Progress(err));
    JsonObject json = new JsonObject().string("impl", "java").number("loops", options.loops());
    try {
      try (BenchPair pair = new BenchPair(options.loops())) {
        if (options.handshakes() > 0) {
          double perSec = benchmarks.handshakes(pair, options.handshakes());
          json.number("handshakes", options.handshakes()).decimal("handshakesPerSec", perSec);
        }
        if (options.messages() > 0 || options.roundtrips() > 0) {
          MainConnection main = pair.connectMain();
          if (options.messages() > 0) {
            Benchmarks.AnnounceResult result =
                benchmarks.announces(pair, main, options.messages());
            json.number("messages", options.messages())
                .decimal("announcesPerSec", result.perSec())
                .object(
                    "allocBytesPerAnnounce",
                    new JsonObject()
                        .number("sender", result.senderBytes())
                        .number("receiver", result.receiverBytes()));
          }
          if (options.roundtrips() > 0) {
            long[] latencies = benchmarks.roundtrips(pair, main, options.roundtrips());
            json.number("roundtrips", options.roundtrips())
                .object(
                    "lookupRoundTrip",
                    new JsonObject()
                        .decimal("p50us", Benchmarks.percentile(latencies, 50) / 1000.0)
                        .decimal("p99us", Benchmarks.percentile(latencies, 99) / 1000.0)
                        .decimal("meanUs", Arrays.stream(latencies).average().orElse(0) / 1000.0)
                        .decimal("maxUs", latencies[latencies.length - 1] / 1000.0));
          }
        }
      }
      if (options.topics() > 0) {
        Benchmarks.TopicsResult result = benchmarks.topics(options.loops(), options.topics());
        json.object(
            "topics",
            new JsonObject()
                .number("count", options.topics())
                .decimal("openMillis", result.openNanos() / 1e6)
                .number("heapBytesPerTopic", result.heapBytesPerTopic()));
      }
    } catch (TimeoutException e) {
      return Outcome.failed("bench timed out: " + e.getMessage());
    } catch (ExecutionException e) {
      return Outcome.failed("bench failed: " + e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Outcome.failed("interrupted");
    } catch (Exception e) {
      return Outcome.failed("bench failed: " + e);
    }
    out.println(json.toJson());
    return Outcome.ok();
  }
}
