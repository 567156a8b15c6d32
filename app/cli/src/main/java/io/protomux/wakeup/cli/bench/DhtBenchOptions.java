package io.protomux.wakeup.cli.bench;

import io.protomux.wakeup.domain.dht.PeerAddress;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;

/**
 * What {@code bench --dht} runs (see {@link DhtBenchmarks}).
 *
 * @param bootstrap the testnet's bootstrap nodes (at least one)
 * @param serverKey public key of a {@code createServer} listening on the testnet, or null to skip
 *     the connect figures and the connection heap
 * @param topic a topic a swarm peer is joined on as server, or null to skip the join figure
 * @param connects timed repetitions of each timing figure (warm connect, fresh connect, join)
 * @param topics topics joined on one swarm for the heap per topic (0 skips)
 * @param connections connections held open to the server for the heap per connection (0 skips)
 * @param warmup false to skip the untimed warm-up repetitions
 */
public record DhtBenchOptions(
    List<PeerAddress> bootstrap,
    byte[] serverKey,
    byte[] topic,
    int connects,
    int topics,
    int connections,
    boolean warmup) {
  /** Default {@link #connects}. */
  public static final int DEFAULT_CONNECTS = 10;

  /** Default {@link #topics}. */
  public static final int DEFAULT_TOPICS = 200;

  /** Default {@link #connections}. */
  public static final int DEFAULT_CONNECTIONS = 100;

  public DhtBenchOptions {
    bootstrap = List.copyOf(bootstrap);
    if (bootstrap.isEmpty()) {
      throw new IllegalArgumentException("--dht needs --bootstrap HOST:PORT");
    }
    serverKey = serverKey == null ? null : serverKey.clone();
    topic = topic == null ? null : topic.clone();
  }

  /**
   * {@code HOST:PORT[,HOST:PORT...]}.
   *
   * @throws IllegalArgumentException naming what is wrong
   */
  public static List<PeerAddress> parseBootstrap(String value) {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException("--dht needs --bootstrap HOST:PORT");
    }
    return Arrays.stream(value.split(",", -1))
        .map(String::strip)
        .map(DhtBenchOptions::address)
        .toList();
  }

  private static PeerAddress address(String entry) {
    int at = entry.lastIndexOf(':');
    String problem = null;
    int port = -1;
    if (at <= 0 || at == entry.length() - 1) {
      problem = "HOST:PORT";
    } else {
      try {
        port = Integer.parseInt(entry.substring(at + 1));
      } catch (NumberFormatException e) {
        port = -1;
      }
      if (port < 1 || port > 65535) {
        problem = "a port from 1 to 65535";
      }
    }
    if (problem != null) {
      throw new IllegalArgumentException(
          "--bootstrap takes HOST:PORT[,HOST:PORT], " + problem + " expected, got \"" + entry + "\"");
    }
    try {
      return new PeerAddress(entry.substring(0, at), port);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "--bootstrap takes HOST:PORT[,HOST:PORT] with a dotted-decimal IPv4 host, got \""
              + entry + "\"", e);
    }
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof DhtBenchOptions other
        && bootstrap.equals(other.bootstrap)
        && Arrays.equals(serverKey, other.serverKey)
        && Arrays.equals(topic, other.topic)
        && connects == other.connects
        && topics == other.topics
        && connections == other.connections
        && warmup == other.warmup;
  }

  @Override
  public int hashCode() {
    return Objects.hash(
        bootstrap, Arrays.hashCode(serverKey), Arrays.hashCode(topic), connects, topics,
        connections, warmup);
  }

  @Override
  public String toString() {
    HexFormat hex = HexFormat.of();
    return "DhtBenchOptions[bootstrap=" + bootstrap
        + ", serverKey=" + (serverKey == null ? null : hex.formatHex(serverKey))
        + ", topic=" + (topic == null ? null : hex.formatHex(topic))
        + ", connects=" + connects + ", topics=" + topics + ", connections=" + connections
        + ", warmup=" + warmup + "]";
  }
}
