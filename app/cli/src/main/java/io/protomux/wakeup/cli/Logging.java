package io.protomux.wakeup.cli;

import java.io.PrintStream;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.logging.Formatter;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogManager;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.StreamHandler;

/**
 * Where the library's {@link System.Logger} records go. The command line's stderr belongs to its
 * {@code error: …} lines, so by default nothing is logged; with {@code -v} each record of the
 * library at DEBUG and above (and anything else at INFO and above) is one line on stderr:
 *
 * <pre>2026-12-01T21:00:00.123Z INFO io.protomux.wakeup.domain.wakeup.WakeupSwarm: handshake with … failed: …</pre>
 *
 * <p>System.Logger's default backend is java.util.logging, which this configures.
 */
final class Logging {
  /** The library's loggers, which {@code -v} shows down to DEBUG. */
  static final String LIBRARY = "io.protomux";

  // java.util.logging keeps loggers weakly: a level set on one nobody holds would be lost.
  private static Logger library;

  private Logging() {}

  /**
   * Configures logging for this run; before anything logs.
   *
   * @param stderr where {@code -v}'s lines go
   */
  static synchronized void configure(boolean verbose, PrintStream stderr) {
    LogManager.getLogManager().reset();
    Logger root = Logger.getLogger("");
    library = Logger.getLogger(LIBRARY);
    if (!verbose) {
      root.setLevel(Level.OFF);
      library.setLevel(null); // inherits OFF
      return;
    }
    root.setLevel(Level.INFO);
    // DEBUG is FINE to java.util.logging, TRACE is FINER.
    library.setLevel(Level.FINE);
    Handler handler = new StderrHandler(stderr);
    handler.setLevel(Level.FINE);
    root.addHandler(handler);
  }

  /**
   * A handler on the given stream, flushed after every record. (Not a ConsoleHandler: giving that
   * another stream would close System.err.)
   */
  private static final class StderrHandler extends StreamHandler {
    StderrHandler(PrintStream stderr) {
      super(stderr, new OneLine());
    }

    @Override
    public synchronized void publish(LogRecord record) {
      super.publish(record);
      flush();
    }

    @Override
    public synchronized void close() {
      // The stream is stderr, which outlives logging: flush, never close.
      flush();
    }
  }

  /** {@code INSTANT LEVEL LOGGER: MESSAGE[: THROWN]}, on one line. */
  static final class OneLine extends Formatter {
    private static final DateTimeFormatter TIME =
        DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    @Override
    public String format(LogRecord record) {
      StringBuilder line =
          new StringBuilder(128)
              .append(TIME.format(record.getInstant()))
              .append(' ')
              .append(levelName(record.getLevel()))
              .append(' ')
              .append(record.getLoggerName())
              .append(": ")
              .append(formatMessage(record));
      if (record.getThrown() != null) {
        line.append(": ").append(record.getThrown());
      }
      // A message with a line break would pass for two records.
      return line.toString().replace("\r", "\\r").replace("\n", "\\n") + System.lineSeparator();
    }

    /** System.Logger's names, which the library logs with. */
    static String levelName(Level level) {
      int value = level.intValue();
      if (value >= Level.SEVERE.intValue()) {
        return "ERROR";
      }
      if (value >= Level.WARNING.intValue()) {
        return "WARNING";
      }
      if (value >= Level.INFO.intValue()) {
        return "INFO";
      }
      if (value >= Level.FINE.intValue()) {
        return "DEBUG";
      }
      return "TRACE";
    }
  }
}
