package io.protomux.wakeup.cli;

import io.protomux.wakeup.cli.CliOptions.Command;
import io.protomux.wakeup.domain.Key32;
import io.protomux.wakeup.domain.dht.PeerAddress;
import io.protomux.wakeup.domain.hyperswarm.JoinOptions;
import io.protomux.wakeup.domain.wakeup.Capability;
import io.protomux.wakeup.domain.wakeup.messages.Wakeup;
import io.protomux.wakeup.node.BootstrapNodes;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import picocli.CommandLine;
import picocli.CommandLine.MaxValuesExceededException;
import picocli.CommandLine.MissingParameterException;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.OverwrittenOptionException;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * Reads {@code COMMAND [OPTIONS]} ({@link Args}, with picocli) into {@link CliOptions}, refusing
 * anything it cannot run with a {@link UsageException} whose message names the option and what
 * was wrong. The messages are the command line's own, not picocli's: scripts and the Node
 * implementation ({@code interop/cli.js}) share them. Secret values are never echoed.
 */
final class CliParser {
  static final String DEFAULT_HOST = "127.0.0.1";
  static final long DEFAULT_CONNECT_TIMEOUT_MILLIS = 10_000;
  // A DHT dial looks the server up first, then may holepunch: longer than a TCP dial.
  static final long DEFAULT_DHT_CONNECT_TIMEOUT_MILLIS = 30_000;
  static final String COMMANDS = "listen, connect, join, dht-node or demo";
  static final int DEFAULT_DHT_NODE_PORT = 49737;

  private CliParser() {}

  /** {@link #parse(List, Map)} as if no {@code WAKEUP_*} variable were set. */
  static CliOptions parse(String... args) {
    return parse(List.of(args), Map.of());
  }

  /**
   * The options, checked; throws {@link UsageException} for anything wrong.
   *
   * @param env the environment, where {@link Secrets} finds capabilities and a seed
   */
  static CliOptions parse(List<String> args, Map<String, String> env) {
    CommandLine top = commandLine();
    ParseResult result;
    try {
      result = top.parseArgs(args.toArray(String[]::new));
    } catch (ParameterException e) {
      throw new UsageException(message(e, top, args));
    }
    if (result.isVersionHelpRequested()) {
      String version = String.join("\n", top.getCommandSpec().version()) + "\n";
      return CliOptions.printing(Command.VERSION, version);
    }
    if (result.isUsageHelpRequested()) {
      return help(top);
    }
    ParseResult sub = result.subcommand();
    if (sub == null) {
      throw new UsageException("no command given: use " + COMMANDS + " (or --help)");
    }
    if (sub.isUsageHelpRequested()) {
      return help(sub.commandSpec().commandLine());
    }
    Object parsed = sub.commandSpec().userObject();
    if (parsed instanceof Args.Listen listen) {
      return node(Command.LISTEN, listen.node, false, null, listen.metricsPort, listen.verbose, env,
          null, null, JoinOptions.DEFAULTS);
    }
    if (parsed instanceof Args.Connect connect) {
      return node(Command.CONNECT, connect.node, connect.lookup, connect.hash, null,
          connect.verbose, env, connect.publicKey, null, JoinOptions.DEFAULTS);
    }
    if (parsed instanceof Args.Join join) {
      if (join.clientOnly && join.serverOnly) {
        throw new UsageException("give --client-only or --server-only, not both");
      }
      JoinOptions mode =
          join.clientOnly
              ? JoinOptions.clientOnly()
              : join.serverOnly ? JoinOptions.serverOnly() : JoinOptions.DEFAULTS;
      return node(Command.JOIN, join.node, join.lookup, join.hash, null, join.verbose, env, null,
          join.topic, mode);
    }
    if (parsed instanceof Args.Demo demo) {
      return demo(demo);
    }
    if (parsed instanceof Args.DhtNode dhtNode) {
      return dhtNode(dhtNode);
    }
    if (parsed instanceof Args.Bench bench) {
      if (bench.udx) {
        return CliOptions.udxBench(UdxBenchCommand.options(bench), bench.verbose.verbose);
      }
      UdxBenchCommand.refuseWithoutUdx(bench);
      return CliOptions.bench(BenchCommand.options(bench), bench.verbose.verbose);
    }
    Args.Help help = (Args.Help) parsed;
    if (help.command == null) {
      return help(top);
    }
    CommandLine named = top.getSubcommands().get(help.command);
    if (named == null) {
      throw new UsageException("unknown command \"" + help.command + "\": use " + COMMANDS);
    }
    return help(named);
  }

  /** The grammar; picocli's {@code @file} expansion of arguments is off, it is not in the contract. */
  private static CommandLine commandLine() {
    CommandLine commandLine = new CommandLine(new Args.Top());
    commandLine.setExpandAtFiles(false);
    commandLine.setUsageHelpWidth(100);
    return commandLine;
  }

  private static CliOptions help(CommandLine command) {
    return CliOptions.printing(Command.HELP, command.getUsageMessage(CommandLine.Help.Ansi.OFF));
  }

  /** {@code listen}, {@code connect} or {@code join}, over TCP or the DHT. */
  private static CliOptions node(
      Command command,
      Args.NodeOptions o,
      boolean lookup,
      String hash,
      String metricsPort,
      Args.VerboseOption verbose,
      Map<String, String> env,
      String publicKeyHex,
      String topicHex,
      JoinOptions joinMode) {
    String host = o.host == null ? DEFAULT_HOST : Values.host(o.host);
    Integer port = o.port == null ? null : Values.port("--port", o.port);
    List<Capability> capabilities = Secrets.capabilities(o.capabilities, o.capabilityFiles, env);
    Key32 discoveryKey =
        o.discoveryKey == null
            ? null
            : Key32.of(Values.publicHex32("--discovery-key", o.discoveryKey));
    List<Wakeup> announce = o.announce.stream().map(Values::wakeup).toList();
    Key32 lookupHash = hash == null ? null : Key32.of(Values.publicHex32("--hash", hash));
    byte[] seed = Secrets.seed(o.seed, o.seedFile, env);
    ExitEvent exitOn = o.exitOn == null ? null : Values.exitEvent(o.exitOn);
    Long timeout = o.timeoutMillis == null ? null : Values.timeout(o.timeoutMillis);
    int metrics =
        metricsPort == null ? CliOptions.NO_METRICS : Values.port("--metrics-port", metricsPort);

    if (capabilities.isEmpty()) {
      throw new UsageException(command.word() + " needs at least one --capability");
    }
    CliOptions.Dht dht = dht(command, o.bootstrap, port, publicKeyHex, topicHex, joinMode);
    if (command == Command.CONNECT && dht == null) {
      if (port == null) {
        throw new UsageException("connect needs --port");
      }
      if (port == 0) {
        throw new UsageException("connect needs a --port from 1 to 65535, got 0");
      }
    }
    if (lookupHash != null && !lookup) {
      throw new UsageException("--hash needs --lookup");
    }
    long timeoutMillis =
        timeout != null
            ? timeout
            : command != Command.CONNECT
                ? 0
                : dht != null ? DEFAULT_DHT_CONNECT_TIMEOUT_MILLIS : DEFAULT_CONNECT_TIMEOUT_MILLIS;
    return new CliOptions(
        command,
        host,
        port == null ? 0 : port,
        capabilities,
        discoveryKey,
        announce,
        o.inactive,
        lookup,
        lookupHash,
        seed,
        exitOn,
        timeoutMillis,
        metrics,
        verbose.verbose,
        null,
        null,
        null,
        dht);
  }

  /** The DHT part of a node command: null without {@code --bootstrap} (TCP; refused for join). */
  private static CliOptions.Dht dht(
      Command command,
      List<String> bootstrapArgs,
      Integer port,
      String publicKeyHex,
      String topicHex,
      JoinOptions joinMode) {
    if (bootstrapArgs.isEmpty()) {
      if (command == Command.JOIN) {
        throw new UsageException("join needs at least one --bootstrap");
      }
      if (publicKeyHex != null) {
        throw new UsageException("--public-key needs --bootstrap");
      }
      return null;
    }
    List<String> bootstrap = resolveBootstrap(bootstrapArgs);
    Key32 publicKey =
        publicKeyHex == null ? null : Key32.of(Values.publicHex32("--public-key", publicKeyHex));
    if (command == Command.CONNECT && publicKey == null) {
      throw new UsageException("connect --bootstrap needs --public-key");
    }
    Key32 topic = topicHex == null ? null : Key32.of(Values.publicHex32("--topic", topicHex));
    return new CliOptions.Dht(
        bootstrap,
        port == null ? CliOptions.Dht.HYPERDHT_PORTS : port,
        publicKey,
        topic,
        joinMode);
  }

  private static CliOptions dhtNode(Args.DhtNode o) {
    String host = o.host == null ? DEFAULT_HOST : Values.host(o.host);
    int port = o.port == null ? DEFAULT_DHT_NODE_PORT : Values.port("--port", o.port);
    List<String> bootstrap = resolveBootstrap(o.bootstrap);
    if (bootstrap.isEmpty() && (host.equals("0.0.0.0") || host.contains(":"))) {
      throw new UsageException(
          "dht-node without --bootstrap starts a network at --host, which must be the IPv4"
              + " address others reach it at, got " + host);
    }
    long timeout = o.timeoutMillis == null ? 0 : Values.timeout(o.timeoutMillis);
    int metrics =
        o.metricsPort == null ? CliOptions.NO_METRICS : Values.port("--metrics-port", o.metricsPort);
    return new CliOptions(
        Command.DHT_NODE, host, port, List.of(), null, List.of(), false, false, null, null, null,
        timeout, metrics, o.verbose.verbose, null, null, null,
        new CliOptions.Dht(bootstrap, port, null, null, JoinOptions.DEFAULTS));
  }

  private static List<String> resolveBootstrap(List<String> nodes) {
    List<String> bootstrap = new ArrayList<>();
    for (String node : nodes) {
      try {
        PeerAddress resolved = BootstrapNodes.resolve(node);
        bootstrap.add(resolved.host() + ":" + resolved.port());
      } catch (IllegalArgumentException e) {
        throw new UsageException(e.getMessage().replaceFirst("^bootstrap node", "--bootstrap"));
      }
    }
    return bootstrap;
  }

  private static CliOptions demo(Args.Demo demo) {
    return new CliOptions(
        Command.DEMO,
        demo.host == null ? DEFAULT_HOST : Values.host(demo.host),
        0,
        List.of(),
        null,
        List.of(),
        false,
        false,
        null,
        null,
        null,
        demo.timeoutMillis != null
            ? Values.timeout(demo.timeoutMillis)
            : demo.tcp ? DEFAULT_CONNECT_TIMEOUT_MILLIS : DEFAULT_DHT_CONNECT_TIMEOUT_MILLIS,
        CliOptions.NO_METRICS,
        demo.verbose.verbose,
        null,
        null,
        null,
        demo.tcp
            ? null
            : new CliOptions.Dht(
                List.of(), CliOptions.Dht.HYPERDHT_PORTS, null, null, JoinOptions.DEFAULTS));
  }

  /** picocli's complaint in the command line's words. */
  private static String message(ParameterException e, CommandLine top, List<String> args) {
    CommandLine where = e.getCommandLine();
    boolean atTop = where == top || where.getParent() == null;
    if (e instanceof UnmatchedArgumentException unmatched && !unmatched.getUnmatched().isEmpty()) {
      String arg = unmatched.getUnmatched().get(0);
      if (atTop) {
        return arg.startsWith("-")
            ? "the command comes first: " + COMMANDS + ", got " + arg
            : "unknown command \"" + arg + "\": use " + COMMANDS;
      }
      if (arg.startsWith("-") && arg.length() > 1) {
        int equals = arg.indexOf('=');
        String name = equals > 0 ? arg.substring(0, equals) : arg;
        return knownOptions(top).contains(name)
            ? where.getCommandName() + " does not take " + name
            : "unknown option " + name;
      }
      return "unexpected argument " + shown(arg);
    }
    if (e instanceof MissingParameterException missing) {
      OptionSpec option =
          e.getArgSpec() instanceof OptionSpec spec
              ? spec
              : missing.getMissing().stream()
                  .filter(OptionSpec.class::isInstance)
                  .map(OptionSpec.class::cast)
                  .findFirst()
                  .orElse(null);
      if (option != null) {
        return option.longestName() + " needs a value";
      }
    }
    if (e.getArgSpec() instanceof OptionSpec option) {
      if (e instanceof MaxValuesExceededException) {
        return option.longestName() + " takes no value";
      }
    }
    if (e instanceof MaxValuesExceededException) {
      // picocli does not say which option got the value: the flag written as --flag=value.
      for (OptionSpec flag : where.getCommandSpec().options()) {
        for (String name : flag.names()) {
          if (flag.arity().max() == 0 && args.stream().anyMatch(a -> a.startsWith(name + "="))) {
            return name + " takes no value";
          }
        }
      }
    }
    if (e instanceof OverwrittenOptionException overwritten
        && overwritten.getOverwritten() instanceof OptionSpec option) {
      return option.longestName() + " is given more than once";
    }
    // Every value is a string to picocli, so its other messages cannot contain a secret.
    return e.getMessage();
  }

  /** Every option name of any command, to tell an option of another command from a typo. */
  private static Set<String> knownOptions(CommandLine top) {
    Set<String> names = new HashSet<>(top.getCommandSpec().optionsMap().keySet());
    for (CommandLine sub : top.getSubcommands().values()) {
      names.addAll(sub.getCommandSpec().optionsMap().keySet());
    }
    return names;
  }

  /** A stray argument, quoted, unless it looks like a capability or a seed put in the wrong place. */
  private static String shown(String arg) {
    return arg.matches("[0-9a-fA-F]{64}") ? "of 64 hex digits (not shown)" : "\"" + arg + "\"";
  }
}
