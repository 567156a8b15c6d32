package io.protomux.wakeup.cli.bench;

import io.protomux.wakeup.cli.JsonObject;
import io.protomux.wakeup.domain.dht.DhtNodeOptions;
import io.protomux.wakeup.domain.dht.ServingLimits;
import io.protomux.wakeup.node.DhtNodeService;
import io.protomux.wakeup.node.DhtNodeStats;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.management.ObjectName;

/**
 * Not part of the command line: the Java side of the serving benchmark
 * ({@code interop/dht-serve-bench-compare.sh}), one {@link DhtNodeService} storage node, the first
 * of a new network, with the same lines in and out as {@code interop/dht-serve-node.js}.
 *
 * <pre>
 * java -cp app/target/protomux-wakeup.jar io.protomux.wakeup.cli.bench.DhtServeNode \
 *     [--host 127.0.0.1] [--port P] [--serving-limits default|none] [--echo]
 * </pre>
 *
 * Prints {@code {"event":"listening","host":H,"port":P,"id":HEX}}; then reads commands, one JSON
 * object per line: {@code {"cmd":"heap"}} answers {@code {"event":"ok","cmd":"heap","heapUsed":B,
 * "table":N,"records":R}} (B: the bytes of the live objects, as the class histogram counts them),
 * {@code {"cmd":"cpu"}} the process CPU time in {@code cpuMillis}. Exits when stdin ends. {@code --serving-limits none} serves as the reference
 * does (no rate, amplification or source bounds), which the throughput comparison uses: the load
 * generator's few sources would otherwise be held to their per-source rate. {@code --echo} runs
 * no node, only the floor under one: a bare socket answering each request with 10 bytes.
 */
public final class DhtServeNode {
  private static final Pattern HISTOGRAM_TOTAL = Pattern.compile("Total\\s+\\d+\\s+(\\d+)");
  private static final Pattern COMMAND = Pattern.compile("\"cmd\"\\s*:\\s*\"([^\"]*)\"");

  private DhtServeNode() {}

  public static void main(String[] args) throws Exception {
    String host = "127.0.0.1";
    int port = 0;
    ServingLimits limits = ServingLimits.DEFAULTS;
    boolean echo = false;
    for (int i = 0; i < args.length; i++) {
      if (args[i].equals("--echo")) {
        echo = true;
        continue;
      }
      String value = i + 1 < args.length ? args[i + 1] : null;
      switch (args[i]) {
        case "--host" -> host = required(args[i], value);
        case "--port" -> port = Integer.parseInt(required(args[i], value));
        case "--serving-limits" -> limits = switch (required(args[i], value)) {
          case "default" -> ServingLimits.DEFAULTS;
          case "none" -> ServingLimits.NONE;
          default -> throw new IllegalArgumentException("--serving-limits is default or none, got " + value);
        };
        default -> throw new IllegalArgumentException("unknown option " + args[i]);
      }
      i++;
    }
    if (echo) {
      echo(host, port);
      return;
    }
    DhtNodeOptions options = DhtNodeOptions.DEFAULTS;
    options = options.withIo(options.io().withServing(limits));
    try (DhtNodeService service =
        DhtNodeService.builder().host(host).port(port).dhtNodeOptions(options).build()) {
      service.bootstrapped().get(30, TimeUnit.SECONDS);
      DhtNodeStats stats = service.currentStats().get(10, TimeUnit.SECONDS);
      System.out.println(new JsonObject().string("event", "listening").string("host", host)
          .number("port", service.address().getPort()).string("id", stats.id()).toJson());
      BufferedReader stdin =
          new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
      for (String line = stdin.readLine(); line != null; line = stdin.readLine()) {
        if (!line.isBlank()) {
          System.out.println(answer(service, commandOf(line)).toJson());
        }
      }
    }
  }

  private static JsonObject answer(DhtNodeService service, String cmd) throws Exception {
    JsonObject ok = new JsonObject().string("event", "ok").string("cmd", cmd);
    switch (cmd) {
      case "heap" -> {
        long used = liveHeapBytes();
        DhtNodeStats stats = service.currentStats().get(10, TimeUnit.SECONDS);
        return ok.number("heapUsed", used).number("table", stats.tableSize())
            .number("records", stats.storage().records());
      }
      case "cpu" -> {
        long nanos =
            ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
        return ok.decimal("cpuMillis", nanos / 1e6);
      }
      default -> {
        return new JsonObject().string("event", "error").string("cmd", cmd)
            .string("message", "unknown command " + cmd);
      }
    }
  }

  /**
   * The floor under any node: a blocking socket answering each request with the smallest reply
   * its tid allows (type, flags, tid, the requester's address; 10 bytes), nothing decoded, so the
   * load generator measures the system's datagram round trip and the JDK's socket path alone.
   */
  private static void echo(String host, int port) throws Exception {
    try (DatagramChannel channel = DatagramChannel.open()) {
      channel.bind(new InetSocketAddress(host, port));
      System.out.println(new JsonObject().string("event", "listening").string("host", host)
          .number("port", ((InetSocketAddress) channel.getLocalAddress()).getPort()).string("id", null)
          .toJson());
      Thread stdin = new Thread(() -> {
        try {
          while (System.in.read() >= 0) {
            // commands are not served in echo mode; the end of stdin ends the process
          }
        } catch (java.io.IOException ignored) {
          // as the end of stdin
        }
        System.exit(0);
      }, "stdin");
      stdin.setDaemon(true);
      stdin.start();
      ByteBuffer in = ByteBuffer.allocateDirect(2048);
      ByteBuffer out = ByteBuffer.allocateDirect(10);
      while (true) {
        in.clear();
        InetSocketAddress from = (InetSocketAddress) channel.receive(in);
        if (in.position() < 4) {
          continue;
        }
        byte[] address = from.getAddress().getAddress();
        out.clear();
        out.put((byte) 0x13).put((byte) 0).put(in.get(2)).put(in.get(3)).put(address)
            .put((byte) from.getPort()).put((byte) (from.getPort() >>> 8)).flip();
        channel.send(out, from);
      }
    }
  }

  /**
   * The bytes of every live object, as {@code jcmd GC.class_histogram} totals them (it collects
   * first). Not the heap's "used" after {@code System.gc()}: a thread that allocates anything
   * after the collection claims a whole allocation buffer, and the pools' after-collection figures
   * carried some 200 bytes per table entry that no live object accounts for; the histogram counts
   * objects, which is what V8's heapUsed after a GC comes closest to.
   */
  private static long liveHeapBytes() throws Exception {
    String histogram = (String) ManagementFactory.getPlatformMBeanServer().invoke(
        new ObjectName("com.sun.management:type=DiagnosticCommand"), "gcClassHistogram",
        new Object[] {new String[0]}, new String[] {String[].class.getName()});
    Matcher total = HISTOGRAM_TOTAL.matcher(histogram);
    if (!total.find()) {
      throw new IllegalStateException("no Total line in the class histogram");
    }
    return Long.parseLong(total.group(1));
  }

  /** The "cmd" of a one-line JSON command; these commands carry nothing else. */
  private static String commandOf(String line) {
    Matcher m = COMMAND.matcher(line);
    return m.find() ? m.group(1) : "";
  }

  private static String required(String option, String value) {
    if (value == null) {
      throw new IllegalArgumentException(option + " needs a value");
    }
    return value;
  }
}
