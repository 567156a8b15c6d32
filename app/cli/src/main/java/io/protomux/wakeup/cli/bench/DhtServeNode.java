package io.protomux.wakeup.cli.bench;

import io.protomux.wakeup.domain.dht.DhtNodeOptions;
import io.protomux.wakeup.domain.dht.ServingLimits;
import io.protomux.wakeup.node.DhtNodeService;
import io.protomux.wakeup.node.DhtNodeStats;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Not part of the command line: the Java side of the serving benchmark
 * ({@code interop/dht-serve-bench-compare.sh}), one {@link DhtNodeService} storage node, the first
 * of a new network, with the same lines in and out as {@code interop/dht-serve-node.js}.
 *
 * <pre>
 * java -cp app/target/protomux-wakeup.jar io.protomux.wakeup.cli.bench.DhtServeNode \
 *     [--host 127.0.0.1] [--port P] [--serving-limits default|none]
 * </pre>
 *
 * Prints {@code {"event":"listening","host":H,"port":P,"id":HEX}}; then reads commands, one JSON
 * object per line: {@code {"cmd":"heap"}} answers {@code {"event":"ok","cmd":"heap","heapUsed":B,
 * "table":N,"records":R}} after three full GCs, {@code {"cmd":"cpu"}} the process CPU time in
 * {@code cpuMillis}. Exits when stdin ends. {@code --serving-limits none} serves as the reference
 * does (no rate, amplification or source bounds), which the throughput comparison uses: the load
 * generator's few sources would otherwise be held to their per-source rate.
 */
public final class DhtServeNode {
  private static final Pattern COMMAND = Pattern.compile("\"cmd\"\\s*:\\s*\"([^\"]*)\"");

  private DhtServeNode() {}

  public static void main(String[] args) throws Exception {
    String host = "127.0.0.1";
    int port = 0;
    ServingLimits limits = ServingLimits.DEFAULTS;
    for (int i = 0; i < args.length; i++) {
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
    DhtNodeOptions options = DhtNodeOptions.DEFAULTS;
    options = options.withIo(options.io().withServing(limits));
    try (DhtNodeService service =
        DhtNodeService.builder().host(host).port(port).dhtNodeOptions(options).build()) {
      service.bootstrapped().get(30, TimeUnit.SECONDS);
      DhtNodeStats stats = service.currentStats().get(10, TimeUnit.SECONDS);
      System.out.println(new JsonLine().put("event", "listening").put("host", host)
          .put("port", service.address().getPort()).put("id", stats.id()));
      BufferedReader stdin =
          new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
      for (String line = stdin.readLine(); line != null; line = stdin.readLine()) {
        if (!line.isBlank()) {
          System.out.println(answer(service, commandOf(line)));
        }
      }
    }
  }

  private static JsonLine answer(DhtNodeService service, String cmd) throws Exception {
    JsonLine ok = new JsonLine().put("event", "ok").put("cmd", cmd);
    switch (cmd) {
      case "heap" -> {
        for (int i = 0; i < 3; i++) {
          System.gc();
        }
        long used = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
        DhtNodeStats stats = service.currentStats().get(10, TimeUnit.SECONDS);
        return ok.put("heapUsed", used).put("table", stats.tableSize())
            .put("records", stats.storage().records());
      }
      case "cpu" -> {
        long nanos =
            ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
        return ok.put("cpuMillis", nanos / 1e6);
      }
      default -> {
        return new JsonLine().put("event", "error").put("cmd", cmd)
            .put("message", "unknown command " + cmd);
      }
    }
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
