package io.protomux.wakeup.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import org.junit.jupiter.api.Test;

class LoggingTest {
  @Test
  void aRecordIsOneLineWithSystemLoggerLevelNames() {
    LogRecord record = new LogRecord(Level.INFO, "handshake with {0} failed: {1}");
    record.setParameters(new Object[] {"127.0.0.1:4000", "bad\nnews"});
    record.setLoggerName("io.protomux.wakeup.domain.wakeup.WakeupSwarm");
    record.setInstant(Instant.parse("2026-12-01T21:00:00.123456Z"));
    record.setThrown(new IllegalStateException("why"));

    assertThat(new Logging.OneLine().format(record))
        .isEqualTo(
            "2026-12-01T21:00:00.123Z INFO io.protomux.wakeup.domain.wakeup.WakeupSwarm:"
                + " handshake with 127.0.0.1:4000 failed: bad\\nnews:"
                + " java.lang.IllegalStateException: why"
                + System.lineSeparator());
  }

  @Test
  void levelsAreNamedAsTheLibraryLogsThem() {
    assertThat(Logging.OneLine.levelName(Level.SEVERE)).isEqualTo("ERROR");
    assertThat(Logging.OneLine.levelName(Level.WARNING)).isEqualTo("WARNING");
    assertThat(Logging.OneLine.levelName(Level.INFO)).isEqualTo("INFO");
    assertThat(Logging.OneLine.levelName(Level.FINE)).isEqualTo("DEBUG");
    assertThat(Logging.OneLine.levelName(Level.FINER)).isEqualTo("TRACE");
  }
}
