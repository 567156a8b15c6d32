package io.protomux.wakeup.cli;

import io.protomux.wakeup.domain.Key32;
import io.protomux.wakeup.domain.hyperswarm.JoinOptions;
import io.protomux.wakeup.domain.wakeup.Capability;
import io.protomux.wakeup.domain.wakeup.messages.Wakeup;
import java.util.List;

/**
 * A parsed, checked command line.
 *
 * @param port the port; 0 for any free one (listen)
 * @param capabilities from every source ({@link Secrets})
 * @param discoveryKey the topic id of every session instead of the capabilities' own, or null
 * @param lookupHash the hash of the lookups {@code --lookup} sends, or null for none
 * @param seed the key pair's seed, or null for a random key pair
 * @param exitOn the event to exit on, or null to run until the connection or the time is over
 * @param timeoutMillis exit 1 after this long; 0 for never
 * @param metricsPort listen: the port of the Prometheus endpoint, 0 for any free one; {@link
 *     #NO_METRICS} for none
 * @param verbose log the library's records on stderr ({@code -v})
 * @param bench what {@code bench} runs, or null for another command
 * @param udxBench what {@code bench --udx} runs, or null for another command
 * @param text what {@code HELP} and {@code VERSION} print, or null for another command
 * @param dht listen, connect and join over the HyperDHT: how; null for TCP and other commands;
 *     for {@code dht-node} its bootstrap nodes, for {@code demo} non-null unless {@code --tcp}
 */
record CliOptions(
    Command command,
    String host,
    int port,
    List<Capability> capabilities,
    Key32 discoveryKey,
    List<Wakeup> announce,
    boolean inactive,
    boolean lookup,
    Key32 lookupHash,
    byte[] seed,
    ExitEvent exitOn,
    long timeoutMillis,
    int metricsPort,
    boolean verbose,
    BenchCommand.Options bench,
    UdxBenchCommand.Options udxBench,
    String text,
    Dht dht) {

  /** {@link #metricsPort()} when there is no {@code --metrics-port}. */
  static final int NO_METRICS = -1;

  /** A command that only prints {@code text}: help or the version. */
  static CliOptions printing(Command command, String text) {
    return new CliOptions(
        command, null, 0, List.of(), null, List.of(), false, false, null, null, null, 0,
        NO_METRICS, false, null, null, text, null);
  }

  /** {@code bench} with its options. */
  static CliOptions bench(BenchCommand.Options bench, boolean verbose) {
    return new CliOptions(
        Command.BENCH, null, 0, List.of(), null, List.of(), false, false, null, null, null, 0,
        NO_METRICS, verbose, bench, null, null, null);
  }

  /** {@code bench --udx} with its options. */
  static CliOptions udxBench(UdxBenchCommand.Options udxBench, boolean verbose) {
    return new CliOptions(
        Command.BENCH_UDX, null, 0, List.of(), null, List.of(), false, false, null, null, null, 0,
        NO_METRICS, verbose, null, udxBench, null, null);
  }

  /** Every option, but the secrets (capabilities, seed) redacted. */
  @Override
  public String toString() {
    return "CliOptions[command="
        + command
        + ", host="
        + host
        + ", port="
        + port
        + ", capabilities="
        + capabilities // Capability.toString is redacted
        + ", discoveryKey="
        + discoveryKey
        + ", announce="
        + announce
        + ", inactive="
        + inactive
        + ", lookup="
        + lookup
        + ", lookupHash="
        + lookupHash
        + ", seed="
        + (seed == null ? "random" : "<redacted>")
        + ", exitOn="
        + exitOn
        + ", timeoutMillis="
        + timeoutMillis
        + ", metricsPort="
        + metricsPort
        + ", verbose="
        + verbose
        + ", bench="
        + bench
        + ", udxBench="
        + udxBench
        + ", dht="
        + dht
        + "]";
  }

  /** Whether the command runs over the HyperDHT (with {@code --bootstrap}). */
  boolean overDht() {
    return dht != null;
  }

  /**
   * How a command runs over the HyperDHT.
   *
   * @param bootstrap the bootstrap nodes, resolved to IPv4 {@code host:port}
   * @param port the DHT's UDP port; {@link #HYPERDHT_PORTS} for hyperdht's choice
   * @param publicKey connect: the server to dial; null otherwise
   * @param topic join: the one topic to join instead of the sessions'; null for those
   * @param join join: as server, client or both
   */
  record Dht(List<String> bootstrap, int port, Key32 publicKey, Key32 topic, JoinOptions join) {
    /** {@link #port()} when {@code --port} is not given. */
    static final int HYPERDHT_PORTS = -1;

    Dht {
      bootstrap = List.copyOf(bootstrap);
    }
  }

  /** What the program does. */
  enum Command {
    LISTEN("listen"),
    CONNECT("connect"),
    JOIN("join"),
    DHT_NODE("dht-node"),
    DEMO("demo"),
    BENCH("bench"),
    BENCH_UDX("bench --udx"),
    HELP("help"),
    VERSION("version");

    private final String word;

    Command(String word) {
      this.word = word;
    }

    String word() {
      return word;
    }
  }
}
