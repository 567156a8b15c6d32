package io.protomux.wakeup.cli;

import java.util.ArrayList;
import java.util.List;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * SIGTERM and SIGINT end a {@code listen} or {@code connect} run like a met {@code --exit-on}:
 * the run's outcome becomes "done" (exit 0), and the command then closes its node in order, so
 * that every remote sees its peers leave. Without such handlers the JVM would exit at once and
 * the remotes would see the connection break instead.
 *
 * <p>Where the handlers cannot be installed (a JVM run with {@code -Xrs}, or a platform without
 * these signals), a shutdown hook closes the node instead, within the same bounded time. A signal
 * the process was started with ignored (as {@code nohup} does for SIGHUP, or a shell for the
 * SIGINT of a background job) stays ignored: that was the starter's choice.
 */
final class Termination implements AutoCloseable {
  private static final List<String> SIGNALS = List.of("TERM", "INT");

  private final List<Signal> installed = new ArrayList<>();
  private final List<SignalHandler> previous = new ArrayList<>();
  private Thread hook;

  private Termination() {}

  /**
   * Installs the handlers until {@link #close()}.
   *
   * @param onSignal what a signal does: complete the run's outcome (any thread, returns at once)
   * @param fallback what a shutdown hook does where the handlers cannot be had: close the node
   */
  static Termination install(Runnable onSignal, Runnable fallback) {
    Termination termination = new Termination();
    SignalHandler handler = signal -> onSignal.run();
    boolean all = true;
    for (String name : SIGNALS) {
      try {
        Signal signal = new Signal(name);
        SignalHandler old = Signal.handle(signal, handler);
        termination.installed.add(signal);
        termination.previous.add(old);
      } catch (IllegalArgumentException | UnsupportedOperationException e) {
        // This JVM or platform keeps the signal to itself: the shutdown hook is what is left.
        all = false;
      }
    }
    if (!all) {
      termination.hook = new Thread(fallback, "wakeup-shutdown");
      Runtime.getRuntime().addShutdownHook(termination.hook);
    }
    return termination;
  }

  /** Gives the signals back to what handled them before, and drops the hook. */
  @Override
  public void close() {
    for (int i = 0; i < installed.size(); i++) {
      try {
        Signal.handle(installed.get(i), previous.get(i));
      } catch (IllegalArgumentException e) {
        // Nothing to give back.
      }
    }
    if (hook != null) {
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException shuttingDown) {
        // The hook is running or has run: the node is closing already.
      }
    }
  }
}
