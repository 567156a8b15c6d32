package io.protomux.wakeup.cli;

import io.protomux.wakeup.cli.CliOptions.Command;
import io.protomux.wakeup.domain.Key32;
import io.protomux.wakeup.domain.encoding.CompactEncoding;
import io.protomux.wakeup.domain.wakeup.Capability;
import io.protomux.wakeup.domain.wakeup.messages.Wakeup;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads {@code COMMAND [OPTIONS]} into {@link CliOptions}, refusing anything it cannot run with a
 * {@link UsageException} whose message names the option and what was wrong. Secret values (a
 * capability, a seed) are never echoed in a message.
 */
final class CliParser {
  static final String DEFAULT_HOST = "127.0.0.1";
  static final long DEFAULT_CONNECT_TIMEOUT_MILLIS = 10_000;

  private static final Set<String> FLAGS = Set.of("--inactive", "--lookup");
  private static final Set<String> REPEATABLE = Set.of("--capability", "--announce");
  private static final Set<String> SECRET = Set.of("--capability", "--seed");
  private static final Map<Command, Set<String>> ALLOWED =
      Map.of(
          Command.LISTEN,
          Set.of(
              "--host", "--port", "--capability", "--discovery-key", "--announce", "--inactive",
              "--seed", "--exit-on", "--timeout-ms"),
          Command.CONNECT,
          Set.of(
              "--host", "--port", "--capability", "--discovery-key", "--announce", "--inactive",
              "--lookup", "--hash", "--seed", "--exit-on", "--timeout-ms"),
          Command.DEMO,
          Set.of("--host", "--timeout-ms"),
          Command.HELP,
          Set.of());

  private CliParser() {}

  /** The options, checked; throws {@link UsageException} for anything wrong. */
  static CliOptions parse(String... args) {
    if (args.length == 0) {
      throw new UsageException("no command given: use listen, connect or demo (or --help)");
    }
    Command command = command(args[0]);
    Set<String> seen = new HashSet<>();
    String host = DEFAULT_HOST;
    Integer port = null;
    List<Capability> capabilities = new ArrayList<>();
    Key32 discoveryKey = null;
    List<Wakeup> announce = new ArrayList<>();
    boolean inactive = false;
    boolean lookup = false;
    Key32 hash = null;
    byte[] seed = null;
    ExitEvent exitOn = null;
    Long timeout = null;

    for (int i = 1; i < args.length; i++) {
      String arg = args[i];
      String name = arg;
      String value = null;
      int equals = arg.indexOf('=');
      if (arg.startsWith("--") && equals > 0) {
        name = arg.substring(0, equals);
        value = arg.substring(equals + 1);
      }
      if (!name.startsWith("--")) {
        throw new UsageException("unexpected argument \"" + arg + "\"");
      }
      if (!ALLOWED.get(Command.LISTEN).contains(name)
          && !ALLOWED.get(Command.CONNECT).contains(name)) {
        throw new UsageException("unknown option " + name);
      }
      if (!ALLOWED.get(command).contains(name)) {
        throw new UsageException(command.word() + " does not take " + name);
      }
      if (!seen.add(name) && !REPEATABLE.contains(name)) {
        throw new UsageException(name + " is given more than once");
      }
      if (FLAGS.contains(name)) {
        if (value != null) {
          throw new UsageException(name + " takes no value");
        }
      } else if (value == null) {
        if (i + 1 == args.length) {
          throw new UsageException(name + " needs a value");
        }
        value = args[++i];
      }
      switch (name) {
        case "--host" -> host = host(value);
        case "--port" -> port = port(value);
        case "--capability" -> capabilities.add(Capability.of(hex32(name, value)));
        case "--discovery-key" -> discoveryKey = Key32.of(hex32(name, value));
        case "--announce" -> announce.add(wakeup(value));
        case "--inactive" -> inactive = true;
        case "--lookup" -> lookup = true;
        case "--hash" -> hash = Key32.of(hex32(name, value));
        case "--seed" -> seed = hex32(name, value);
        case "--exit-on" -> exitOn = exitEvent(value);
        case "--timeout-ms" -> timeout = timeout(value);
        default -> throw new IllegalStateException("unhandled option " + name);
      }
    }

    if (command == Command.LISTEN || command == Command.CONNECT) {
      if (capabilities.isEmpty()) {
        throw new UsageException(command.word() + " needs at least one --capability");
      }
    }
    if (command == Command.CONNECT) {
      if (port == null) {
        throw new UsageException("connect needs --port");
      }
      if (port == 0) {
        throw new UsageException("connect needs a --port from 1 to 65535, got 0");
      }
    }
    if (hash != null && !lookup) {
      throw new UsageException("--hash needs --lookup");
    }
    long timeoutMillis =
        timeout != null
            ? timeout
            : command == Command.LISTEN ? 0 : DEFAULT_CONNECT_TIMEOUT_MILLIS;
    return new CliOptions(
        command,
        host,
        port == null ? 0 : port,
        List.copyOf(capabilities),
        discoveryKey,
        List.copyOf(announce),
        inactive,
        lookup,
        hash,
        seed,
        exitOn,
        timeoutMillis);
  }

  private static Command command(String word) {
    if (word.equals("--help") || word.equals("-h")) {
      return Command.HELP;
    }
    for (Command command : Command.values()) {
      if (command.word().equals(word)) {
        return command;
      }
    }
    if (word.startsWith("-")) {
      throw new UsageException("the command comes first: listen, connect or demo, got " + word);
    }
    throw new UsageException("unknown command \"" + word + "\": use listen, connect or demo");
  }

  private static String host(String value) {
    if (value.isBlank()) {
      throw new UsageException("--host must not be empty");
    }
    return value;
  }

  private static int port(String value) {
    int port;
    try {
      port = Integer.parseInt(value);
    } catch (NumberFormatException e) {
      port = -1;
    }
    if (port < 0 || port > 65535) {
      throw new UsageException("--port must be a number from 0 to 65535, got \"" + value + "\"");
    }
    return port;
  }

  private static long timeout(String value) {
    long millis;
    try {
      millis = Long.parseLong(value);
    } catch (NumberFormatException e) {
      millis = 0;
    }
    if (millis <= 0) {
      throw new UsageException(
          "--timeout-ms must be a positive whole number of milliseconds, got \"" + value + "\"");
    }
    return millis;
  }

  private static ExitEvent exitEvent(String value) {
    ExitEvent event = ExitEvent.byName(value);
    if (event == null) {
      throw new UsageException(
          "--exit-on must be one of " + ExitEvent.names() + ", got \"" + value + "\"");
    }
    return event;
  }

  private static Wakeup wakeup(String value) {
    int colon = value.lastIndexOf(':');
    if (colon < 0) {
      throw new UsageException("--announce needs KEY:LENGTH (64 hex digits, a colon, a number)");
    }
    byte[] key = hex32("--announce", value.substring(0, colon));
    String lengthText = value.substring(colon + 1);
    long length;
    try {
      length = Long.parseLong(lengthText);
    } catch (NumberFormatException e) {
      length = -1;
    }
    if (length < 0 || length > CompactEncoding.MAX_SAFE_INTEGER) {
      throw new UsageException(
          "--announce length must be a whole number from 0 to "
              + CompactEncoding.MAX_SAFE_INTEGER
              + ", got \""
              + lengthText
              + "\"");
    }
    return new Wakeup(Key32.of(key), length);
  }

  /** 64 hex digits as 32 bytes; the message shows a public value but never a secret one. */
  private static byte[] hex32(String option, String value) {
    String shown = SECRET.contains(option) ? "" : " \"" + value + "\"";
    if (value.length() != 64) {
      throw new UsageException(
          option + " needs 64 hex digits (32 bytes), got " + value.length() + " characters"
              + shown);
    }
    for (int i = 0; i < 64; i++) {
      if (!HexFormat.isHexDigit(value.charAt(i))) {
        throw new UsageException(
            option + " needs hex digits, found another character at position " + (i + 1) + shown);
      }
    }
    return HexFormat.of().parseHex(value);
  }
}
