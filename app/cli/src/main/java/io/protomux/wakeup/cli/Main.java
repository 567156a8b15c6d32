package io.protomux.wakeup.cli;

import java.io.PrintStream;

/**
 * The {@code wakeup} command line: {@code java -jar protomux-wakeup.jar COMMAND [OPTIONS]}.
 * Events go to stdout as JSON lines, diagnostics to stderr; exit code 0 when done, 1 when the run
 * failed or timed out, 2 for a bad command line.
 */
public final class Main {
  static final String USAGE =
      """
      usage: java -jar protomux-wakeup.jar COMMAND [OPTIONS]

      commands:
        listen    accept TCP connections and run wakeup sessions on each
        connect   dial one peer and run wakeup sessions over that connection
        demo      two nodes in this process meet on a topic over loopback TCP
        bench     benchmarks of the whole stack over loopback TCP (bench --help)

      options:
        --host HOST              address to listen on or dial (default 127.0.0.1)
        --port N                 listen: port, 0 for any free one (default); connect: required
        --capability HEX         32-byte capability, 64 hex digits; repeatable, one session each
        --discovery-key HEX      topic id of every session instead of the capability's
        --announce HEX:LENGTH    a log this node announces; repeatable
        --inactive               sessions start inactive
        --lookup                 connect: send a lookup to every new peer
        --hash HEX               the hash of that lookup
        --seed HEX               32-byte seed of the node's key pair (default: random)
        --exit-on EVENT          exit 0 once EVENT (peer-add, peer-remove, lookup, announce)
                                 was seen on the topic of every session
        --timeout-ms N           exit 1 if still running after N ms
                                 (connect and demo: 10000; listen: none)

      Events are printed on stdout, one JSON object per line; diagnostics go to stderr.
      Exit code: 0 done, 1 failed or timed out, 2 bad command line.
      """;

  private Main() {}

  /** Runs the command line and exits with its code. */
  public static void main(String[] args) {
    int code = run(args, System.out, System.err);
    // The loops' threads may still be winding down: their work is done, do not wait for them.
    System.exit(code);
  }

  /** Runs the command line; returns the exit code. */
  static int run(String[] args, PrintStream out, PrintStream err) {
    Outcome outcome;
    try {
      if (args.length > 0 && args[0].equals("bench")) {
        if (args.length == 2 && (args[1].equals("--help") || args[1].equals("-h"))) {
          out.print(BenchCommand.USAGE);
          return finish(Outcome.ok(), out, err);
        }
        return finish(BenchCommand.run(BenchCommand.parse(args), out), out, err);
      }
      CliOptions options = CliParser.parse(args);
      outcome =
          switch (options.command()) {
            case HELP -> {
              out.print(USAGE);
              yield Outcome.ok();
            }
            case LISTEN -> ListenCommand.run(options, out);
            case CONNECT -> ConnectCommand.run(options, out);
            case DEMO -> DemoCommand.run(options, out);
          };
    } catch (UsageException e) {
      outcome = new Outcome(Outcome.USAGE, e.getMessage());
    } catch (RuntimeException e) {
      // One line for the user; the stack trace would say nothing they can act on.
      outcome = Outcome.failed(e.getClass().getSimpleName() + ": " + e.getMessage());
    }
    return finish(outcome, out, err);
  }

  private static int finish(Outcome outcome, PrintStream out, PrintStream err) {
    out.flush();
    if (outcome.message() != null) {
      err.println("error: " + outcome.message());
    }
    err.flush();
    return outcome.exitCode();
  }
}
