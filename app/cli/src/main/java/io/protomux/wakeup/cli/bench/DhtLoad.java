package io.protomux.wakeup.cli.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Not part of the command line: the load generator of the serving benchmark
 * ({@code interop/dht-serve-bench-compare.sh}), the same program against a Java and a JavaScript
 * node. Sends raw dht-rpc datagrams from plain JDK sockets (none of the port's I/O stack), so its
 * cost is the same whoever answers. Prints one JSON line per phase.
 *
 * <pre>
 * java -cp app/target/protomux-wakeup.jar io.protomux.wakeup.cli.bench.DhtLoad MODE --target HOST:PORT ...
 *   fill-table --id HEX [--hosts 32] [--max 1000]   table entries: half, then (after a line on
 *                                                   stdin) the rest; holds them until stdin ends
 *   announce --id HEX [--first 0] [--records 10000] [--per-topic 20]   records first.. first+N-1
 *   load --command ping|find_node|lookup [--sockets 16] [--window 256 | --rate R]
 *        [--warmup 2] [--seconds 5]
 * </pre>
 */
public final class DhtLoad {
  private DhtLoad() {}

  public static void main(String[] args) throws IOException {
    if (args.length == 0) {
      throw new IllegalArgumentException("give a mode: fill-table, announce or load");
    }
    Map<String, String> options = new HashMap<>();
    for (int i = 1; i < args.length; i += 2) {
      if (!args[i].startsWith("--") || i + 1 >= args.length) {
        throw new IllegalArgumentException("expected --option value at " + args[i]);
      }
      options.put(args[i].substring(2), args[i + 1]);
    }
    InetSocketAddress target = address(required(options, "target"));
    switch (args[0]) {
      case "fill-table" -> {
        AtomicBoolean stdinOpen = new AtomicBoolean(true);
        AtomicInteger lines = new AtomicInteger();
        watchStdin(stdinOpen, lines);
        DhtStateFill fill = new DhtStateFill(target, id(options));
        System.out.println(fill.fillTable(number(options, "hosts", 32), number(options, "max", 1000),
            () -> awaitLine(lines, stdinOpen), stdinOpen::get).toJson());
      }
      case "announce" -> System.out.println(new DhtStateFill(target, id(options))
          .announce(number(options, "first", 0), number(options, "records", 10_000),
              number(options, "per-topic", 20)).toJson());
      case "load" -> {
        int rate = number(options, "rate", 0);
        DhtRequestLoad.Options load = new DhtRequestLoad.Options(target, required(options, "command"),
            number(options, "sockets", 16), number(options, "window", 256), rate,
            Double.parseDouble(options.getOrDefault("warmup", "2")),
            Double.parseDouble(options.getOrDefault("seconds", "5")));
        System.out.println(new DhtRequestLoad(load).run().toJson());
      }
      default -> throw new IllegalArgumentException("unknown mode " + args[0]);
    }
  }

  /** Waits (a bench tool may) until stdin has given a line or ended. */
  private static void awaitLine(AtomicInteger lines, AtomicBoolean open) {
    while (lines.get() == 0 && open.get()) {
      try {
        Thread.sleep(10);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  private static void watchStdin(AtomicBoolean open, AtomicInteger lines) {
    Thread watcher = new Thread(() -> {
      try (BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))) {
        while (in.readLine() != null) {
          lines.incrementAndGet(); // a line's content means nothing: it says "go on"
        }
      } catch (IOException ignored) {
        // a broken stdin ends the hold as its end does
      }
      open.set(false);
    }, "stdin");
    watcher.setDaemon(true);
    watcher.start();
  }

  private static byte[] id(Map<String, String> options) {
    byte[] id = HexFormat.of().parseHex(required(options, "id"));
    if (id.length != 32) {
      throw new IllegalArgumentException("--id is 32 bytes in hex");
    }
    return id;
  }

  private static InetSocketAddress address(String hostPort) {
    int colon = hostPort.lastIndexOf(':');
    if (colon < 0) {
      throw new IllegalArgumentException("--target is HOST:PORT, got " + hostPort);
    }
    return new InetSocketAddress(hostPort.substring(0, colon), Integer.parseInt(hostPort.substring(colon + 1)));
  }

  private static String required(Map<String, String> options, String name) {
    String value = options.get(name);
    if (value == null) {
      throw new IllegalArgumentException("--" + name + " is required");
    }
    return value;
  }

  private static int number(Map<String, String> options, String name, int fallback) {
    String value = options.get(name);
    return value == null ? fallback : Integer.parseInt(value);
  }
}
