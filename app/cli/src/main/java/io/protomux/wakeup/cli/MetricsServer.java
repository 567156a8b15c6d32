package io.protomux.wakeup.cli;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.micrometer.core.instrument.binder.system.FileDescriptorMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.protomux.wakeup.micrometer.WakeupMetrics;
import io.protomux.wakeup.node.WakeupNode;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * {@code --metrics-port}: Prometheus text at {@code http://HOST:PORT/metrics}, on the JDK's HTTP
 * server. It shows the node's {@link WakeupMetrics} and the process basics of Micrometer's system
 * binders (uptime, CPU, file descriptors), but no JVM internals: the gauges are what an operator
 * of a wakeup node watches. A scrape reads the snapshot each loop publishes, so it never waits on
 * the network.
 */
final class MetricsServer implements AutoCloseable {
  /** The Prometheus text format this serves. */
  static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

  private final HttpServer server;
  private final ExecutorService executor;

  private MetricsServer(HttpServer server, ExecutorService executor) {
    this.server = server;
    this.executor = executor;
  }

  /**
   * Binds and starts serving.
   *
   * @param port 0 for any free port ({@link #address()} tells which)
   * @throws UsageException if the address cannot be bound, as for the node's own listener
   */
  static MetricsServer start(WakeupNode node, String host, int port) {
    return start(new WakeupMetrics(node), host, port);
  }

  /** {@link #start(WakeupNode, String, int)} for other gauges (a DHT node's). */
  static MetricsServer start(MeterBinder gauges, String host, int port) {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    gauges.bindTo(registry);
    new UptimeMetrics().bindTo(registry);
    new ProcessorMetrics().bindTo(registry);
    new FileDescriptorMetrics().bindTo(registry);
    InetSocketAddress address = new InetSocketAddress(host, port);
    String target = "cannot serve metrics on " + host + ":" + port + ": ";
    if (address.isUnresolved()) {
      // The node's listener says the same of this host.
      throw new UsageException(target + "unknown host " + host);
    }
    HttpServer server;
    try {
      server = HttpServer.create(address, 0);
    } catch (IOException e) {
      throw new UsageException(target + e.getMessage());
    }
    // One daemon thread: scrapes are rare and cheap, and it must not keep the process alive.
    ExecutorService executor =
        Executors.newSingleThreadExecutor(
            task -> {
              Thread thread = new Thread(task, "wakeup-metrics");
              thread.setDaemon(true);
              return thread;
            });
    server.setExecutor(executor);
    server.createContext("/metrics", exchange -> serve(exchange, registry));
    server.start();
    return new MetricsServer(server, executor);
  }

  /** The address bound. */
  InetSocketAddress address() {
    return server.getAddress();
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }

  private static void serve(HttpExchange exchange, PrometheusMeterRegistry registry)
      throws IOException {
    try (exchange) {
      String method = exchange.getRequestMethod();
      if (!exchange.getRequestURI().getPath().equals("/metrics")) {
        exchange.sendResponseHeaders(404, -1);
        return;
      }
      if (!method.equals("GET") && !method.equals("HEAD")) {
        exchange.getResponseHeaders().set("Allow", "GET, HEAD");
        exchange.sendResponseHeaders(405, -1);
        return;
      }
      byte[] body = registry.scrape().getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().set("Content-Type", CONTENT_TYPE);
      if (method.equals("HEAD")) {
        exchange.sendResponseHeaders(200, -1);
        return;
      }
      exchange.sendResponseHeaders(200, body.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
    }
  }
}
