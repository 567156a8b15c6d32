package io.protomux.wakeup.cli;

import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * The command line's grammar as picocli reads it: commands, option names, which command takes
 * which, and the help text. Values stay strings here and {@link CliParser} checks them, so that
 * every message is the command line's own and picocli never converts (and quotes) a secret.
 */
final class Args {
  private Args() {}

  /** {@code java -jar protomux-wakeup.jar COMMAND [OPTIONS]}. */
  @Command(
      name = "java -jar protomux-wakeup.jar",
      versionProvider = Args.Version.class,
      synopsisSubcommandLabel = "COMMAND",
      description =
          "A protomux-wakeup node on TCP or the HyperDHT, wire-compatible with the JavaScript"
              + " reference.",
      subcommands = {
        Listen.class, Connect.class, Join.class, DhtNode.class, Demo.class, Bench.class, Help.class
      },
      footer = {
        "",
        "Events are printed on stdout, one JSON object per line; diagnostics go to stderr.",
        "Exit code: 0 done, 1 failed or timed out, 2 bad command line."
      })
  static final class Top {
    @Option(
        names = {"-h", "--help"},
        usageHelp = true,
        description = "show this help (COMMAND --help: that command's)")
    boolean help;

    @Option(
        names = {"-V", "--version"},
        versionHelp = true,
        description = "print the version")
    boolean version;
  }

  /**
   * {@code protomux-wakeup VERSION}, the version from the jar's manifest (Implementation-Version,
   * the Maven project's version); "unknown" when the classes do not come from the jar.
   */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String version = Args.class.getPackage().getImplementationVersion();
      return new String[] {"protomux-wakeup " + (version == null ? "unknown" : version)};
    }
  }

  /** {@code -h}/{@code --help} of each command. */
  static final class HelpOption {
    @Option(
        names = {"-h", "--help"},
        usageHelp = true,
        arity = "0",
        description = "show this help")
    boolean help;
  }

  /** {@code -v}/{@code --verbose} of each command. */
  static final class VerboseOption {
    @Option(
        names = {"-v", "--verbose"},
        arity = "0",
        description = "log the library's records (DEBUG and above) on stderr, one line each")
    boolean verbose;
  }

  /** What {@code listen}, {@code connect} and {@code join} share. */
  static final class NodeOptions {
    @Option(
        names = "--host",
        paramLabel = "HOST",
        description =
            "address to listen on or dial (default 127.0.0.1); with --bootstrap, the address the"
                + " DHT's UDP sockets bind to")
    String host;

    @Option(
        names = "--port",
        paramLabel = "N",
        description =
            "listen: port, 0 for any free one (default); connect: required; with --bootstrap,"
                + " the DHT's UDP port (default: the first free one of 49737..49741, else any)")
    String port;

    @Option(
        names = "--bootstrap",
        paramLabel = "HOST:PORT",
        description =
            "a HyperDHT bootstrap node; repeatable; listen and connect then run over the DHT"
                + " instead of TCP")
    List<String> bootstrap = new ArrayList<>();

    @Option(
        names = "--capability",
        paramLabel = "HEX",
        description = "32-byte capability, 64 hex digits; repeatable, one session each")
    List<String> capabilities = new ArrayList<>();

    @Option(
        names = "--capability-file",
        paramLabel = "PATH",
        description =
            "capabilities in hex, one per line (blank lines and # comments ignored); repeatable;"
                + " those of --capability, these and " + Secrets.CAPABILITIES_VARIABLE
                + " (hex, separated by whitespace or commas) all count")
    List<String> capabilityFiles = new ArrayList<>();

    @Option(
        names = "--discovery-key",
        paramLabel = "HEX",
        description = "topic id of every session instead of the capability's")
    String discoveryKey;

    @Option(
        names = "--announce",
        paramLabel = "HEX:LENGTH",
        description = "a log this node announces; repeatable")
    List<String> announce = new ArrayList<>();

    @Option(names = "--inactive", arity = "0", description = "sessions start inactive")
    boolean inactive;

    @Option(
        names = "--seed",
        paramLabel = "HEX",
        description = "32-byte seed of the node's key pair (default: random)")
    String seed;

    @Option(
        names = "--seed-file",
        paramLabel = "PATH",
        description =
            "the seed in hex on one line, instead of --seed; without either, "
                + Secrets.SEED_VARIABLE + " if set")
    String seedFile;

    @Option(
        names = "--exit-on",
        paramLabel = "EVENT",
        description =
            "exit 0 once EVENT (peer-add, peer-remove, lookup, announce) was seen on the topic"
                + " of every session")
    String exitOn;

    @Option(
        names = "--timeout-ms",
        paramLabel = "N",
        description = "exit 1 if still running after N ms (connect: 10000; listen: none)")
    String timeoutMillis;
  }

  /** {@code listen}. */
  @Command(
      name = "listen",
      description = "accept TCP connections and run wakeup sessions on each",
      sortOptions = false,
      footer = {"", "SIGTERM or SIGINT: the connections end in order and the exit code is 0."})
  static final class Listen {
    @Mixin NodeOptions node;

    @Option(
        names = "--metrics-port",
        paramLabel = "N",
        description = "serve Prometheus text at http://HOST:N/metrics (0: any free port)")
    String metricsPort;

    @Mixin VerboseOption verbose;
    @Mixin HelpOption help;
  }

  /** {@code connect}. */
  @Command(
      name = "connect",
      description = "dial one peer and run wakeup sessions over that connection",
      sortOptions = false,
      footer = {"", "SIGTERM or SIGINT: the connection ends in order and the exit code is 0."})
  static final class Connect {
    @Mixin NodeOptions node;

    @Option(names = "--lookup", arity = "0", description = "send a lookup to every new peer")
    boolean lookup;

    @Option(names = "--hash", paramLabel = "HEX", description = "the hash of that lookup")
    String hash;

    @Option(
        names = "--public-key",
        paramLabel = "HEX",
        description = "with --bootstrap: the public key of the DHT server to dial")
    String publicKey;

    @Mixin VerboseOption verbose;
    @Mixin HelpOption help;
  }

  /** {@code join}. */
  @Command(
      name = "join",
      description = {
        "join topics on the HyperDHT (Hyperswarm) and run wakeup sessions on every connection;",
        "the topic of each session is joined, its capability's discovery key unless --topic"
      },
      sortOptions = false,
      footer = {"", "SIGTERM or SIGINT: the connections end in order and the exit code is 0."})
  static final class Join {
    @Mixin NodeOptions node;

    @Option(
        names = "--topic",
        paramLabel = "HEX",
        description = "the one DHT topic to join instead of the sessions' topics")
    String topic;

    @Option(
        names = "--client-only",
        arity = "0",
        description = "only look the topics up and dial who is there; do not announce")
    boolean clientOnly;

    @Option(
        names = "--server-only",
        arity = "0",
        description = "only announce the topics and accept; do not look them up")
    boolean serverOnly;

    @Option(names = "--lookup", arity = "0", description = "send a lookup to every new peer")
    boolean lookup;

    @Option(names = "--hash", paramLabel = "HEX", description = "the hash of that lookup")
    String hash;

    @Mixin VerboseOption verbose;
    @Mixin HelpOption help;
  }

  /** {@code dht-node}. */
  @Command(
      name = "dht-node",
      description = {
        "a HyperDHT node that serves the network: routes, stores announcements and values, relays",
        "handshakes; without --bootstrap, the first node of a new network"
      },
      footer = {
        "",
        "Prints {\"event\":\"listening\",\"host\":...,\"port\":...,\"id\":...} once bootstrapped;"
            + " with -v, a table-add or table-remove line for every routing-table change."
      },
      sortOptions = false)
  static final class DhtNode {
    @Option(
        names = "--host",
        paramLabel = "HOST",
        description =
            "IPv4 address the UDP sockets bind to (default 127.0.0.1); without --bootstrap, also"
                + " the address others reach this node at")
    String host;

    @Option(
        names = "--port",
        paramLabel = "N",
        description = "the node's UDP port (default 49737; 0 for any free one)")
    String port;

    @Option(
        names = "--bootstrap",
        paramLabel = "HOST:PORT",
        description = "a node of the network to join; repeatable; none starts a new network")
    List<String> bootstrap = new ArrayList<>();

    @Option(
        names = "--timeout-ms",
        paramLabel = "N",
        description = "exit 0 after N ms (default: run until a signal)")
    String timeoutMillis;

    @Option(
        names = "--metrics-port",
        paramLabel = "N",
        description = "serve Prometheus text at http://HOST:N/metrics (0: any free port)")
    String metricsPort;

    @Mixin VerboseOption verbose;
    @Mixin HelpOption help;
  }

  /** {@code demo}. */
  @Command(
      name = "demo",
      description = {
        "two wakeup nodes in this process find each other on a topic through a HyperDHT of three",
        "Java DHT nodes on loopback, connect over UDX and go through the protocol; --tcp: over",
        "loopback TCP, without a DHT"
      },
      sortOptions = false)
  static final class Demo {
    @Option(
        names = "--host",
        paramLabel = "HOST",
        description = "address of the nodes (default 127.0.0.1)")
    String host;

    @Option(names = "--tcp", arity = "0", description = "connect over loopback TCP, no DHT")
    boolean tcp;

    @Option(
        names = "--timeout-ms",
        paramLabel = "N",
        description = "exit 1 if a step is not seen within N ms (default 10000)")
    String timeoutMillis;

    @Mixin VerboseOption verbose;
    @Mixin HelpOption help;
  }

  /** {@code bench}, and {@code bench --udx}. */
  @Command(
      name = "bench",
      description = {
        "benchmarks of the whole stack over loopback TCP;",
        "with --udx, of UDX over loopback UDP instead (as interop/udx-bench.js measures udx-native)"
      },
      footer = {
        "",
        "One JSON line on stdout (--udx: one per figure); the start and end of each phase on stderr",
        "(see BENCHMARKS.md)."
      },
      sortOptions = false)
  static final class Bench {
    @Option(
        names = "--handshakes",
        paramLabel = "N",
        description = "sequential connections (default 200; 0 skips)")
    String handshakes;

    @Option(
        names = "--messages",
        paramLabel = "N",
        description = "announces over one connection (default 100000; 0 skips)")
    String messages;

    @Option(
        names = "--roundtrips",
        paramLabel = "N",
        description = "sequential lookup -> announce exchanges (default 2000; 0 skips)")
    String roundtrips;

    @Option(
        names = "--topics",
        paramLabel = "T",
        description = "topics over one connection, opened at once (default 0: skipped);"
            + " --dht: topics joined for the heap figure (default 200)")
    String topics;

    @Option(
        names = "--loops",
        paramLabel = "1|2",
        description = "2: each side on its own loop thread (default); 1: both on one")
    String loops;

    @Option(
        names = "--no-warmup",
        arity = "0",
        description = "skip the untimed warm-ups (for a quick smoke test; cold figures)")
    boolean noWarmup;

    @Option(
        names = "--udx",
        arity = "0",
        description =
            "the UDX figures instead: udx-bulk, secret-stream-bulk, udx-pingpong, udp-ceiling,"
                + " idle-stream-memory; --loops 2 puts client and server on a loop thread each")
    boolean udx;

    @Option(
        names = "--bytes",
        paramLabel = "N",
        description = "--udx: bytes per bulk run (default 268435456, 256 MiB)")
    String bytes;

    @Option(
        names = "--repeat",
        paramLabel = "B",
        description = "--udx: timed runs per bulk figure, the median kept (default 3)")
    String repeat;

    @Option(
        names = "--rounds",
        paramLabel = "R",
        description = "--udx: 64-byte ping-pong round trips (default 10000)")
    String rounds;

    @Option(
        names = "--seconds",
        paramLabel = "S",
        description = "--udx: length of the UDP ceiling's blast (default 2)")
    String seconds;

    @Option(
        names = "--streams",
        paramLabel = "K",
        description = "--udx: idle streams for the memory figure (default 2000; 0 skips)")
    String streams;

    @Option(
        names = "--only",
        paramLabel = "A,B",
        description = "--udx: only these figures, by name")
    String only;

    @Option(names = "--dht", arity = "0",
        description = "the HyperDHT figures instead, against a testnet (see BENCHMARKS.md)")
    boolean dht;

    @Option(names = "--bootstrap", paramLabel = "HOST:PORT", description = "--dht: the testnet")
    String bootstrap;

    @Option(names = "--server-key", paramLabel = "HEX", description = "--dht: a server to connect to")
    String serverKey;

    @Option(names = "--topic", paramLabel = "HEX", description = "--dht: a topic a server joined")
    String topic;

    @Option(names = "--connects", paramLabel = "N", description = "--dht: timed repetitions (10)")
    String connects;

    @Option(names = "--connections", paramLabel = "N", description = "--dht: held open (100)")
    String connections;

    @Mixin VerboseOption verbose;
    @Mixin HelpOption help;
  }

  /** {@code help [COMMAND]}: the same as {@code --help}. */
  @Command(name = "help", description = "show the help of the command line or of COMMAND")
  static final class Help {
    @Parameters(arity = "0..1", paramLabel = "COMMAND", description = "a command")
    String command;
  }
}
