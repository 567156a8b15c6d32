package io.protomux.wakeup.cli;

import java.io.PrintStream;
import java.util.List;
import java.util.Map;

/**
 * The {@code wakeup} command line: {@code java -jar protomux-wakeup.jar COMMAND [OPTIONS]}.
 * Events go to stdout as JSON lines; stderr gets one {@code error: …} line when a run fails (and,
 * with {@code -v}, the library's log records). Exit code 0 when done, 1 when the run failed or
 * timed out, 2 for a bad command line.
 */
public final class Main {
  private Main() {}

  /** Runs the command line and exits with its code. */
  public static void main(String[] args) {
    int code = run(List.of(args), System.getenv(), System.out, System.err);
    // The loops' threads may still be winding down: their work is done, do not wait for them.
    System.exit(code);
  }

  /**
   * Runs the command line; returns the exit code.
   *
   * @param env where secrets may come from besides the arguments ({@link Secrets})
   */
  static int run(List<String> args, Map<String, String> env, PrintStream out, PrintStream err) {
    Outcome outcome;
    try {
      CliOptions options = CliParser.parse(args, env);
      Logging.configure(options.verbose(), err);
      outcome =
          switch (options.command()) {
            case HELP, VERSION -> {
              out.print(options.text());
              yield Outcome.ok();
            }
            case LISTEN ->
                options.overDht()
                    ? DhtCommands.listen(options, out)
                    : ListenCommand.run(options, out);
            case CONNECT ->
                options.overDht()
                    ? DhtCommands.connect(options, out)
                    : ConnectCommand.run(options, out);
            case JOIN -> DhtCommands.join(options, out);
            case DHT_NODE -> DhtNodeCommand.run(options, out);
            case DEMO -> DemoCommand.run(options, out);
            case BENCH -> BenchCommand.run(options.bench(), out, err);
            case BENCH_UDX -> UdxBenchCommand.run(options.udxBench(), out, err);
          };
    } catch (UsageException e) {
      outcome = new Outcome(Outcome.USAGE, e.getMessage());
    } catch (RuntimeException e) {
      // One line for the user; the stack trace would say nothing they can act on.
      outcome = Outcome.failed(e.getClass().getSimpleName() + ": " + e.getMessage());
    }
    out.flush();
    if (outcome.message() != null) {
      err.println("error: " + outcome.message());
    }
    err.flush();
    return outcome.exitCode();
  }
}
