package io.protomux.wakeup.cli;

import io.protomux.wakeup.domain.Key32;
import io.protomux.wakeup.domain.encoding.CompactEncoding;
import io.protomux.wakeup.domain.wakeup.messages.Wakeup;
import java.util.HexFormat;

/**
 * Reads option values, refusing a bad one with a {@link UsageException} that names the option
 * and says what was wrong. A secret value (a capability, a seed) is never shown in a message.
 */
final class Values {
  private Values() {}

  static String host(String value) {
    if (value.isBlank()) {
      throw new UsageException("--host must not be empty");
    }
    return value;
  }

  /** A port from 0 to 65535, for {@code option} (--port, --metrics-port). */
  static int port(String option, String value) {
    int port;
    try {
      port = Integer.parseInt(value);
    } catch (NumberFormatException e) {
      port = -1;
    }
    if (port < 0 || port > 65535) {
      throw new UsageException(option + " must be a number from 0 to 65535, got \"" + value + "\"");
    }
    return port;
  }

  static long timeout(String value) {
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

  static ExitEvent exitEvent(String value) {
    ExitEvent event = ExitEvent.byName(value);
    if (event == null) {
      throw new UsageException(
          "--exit-on must be one of " + ExitEvent.names() + ", got \"" + value + "\"");
    }
    return event;
  }

  static Wakeup wakeup(String value) {
    int colon = value.lastIndexOf(':');
    if (colon < 0) {
      throw new UsageException("--announce needs KEY:LENGTH (64 hex digits, a colon, a number)");
    }
    byte[] key = publicHex32("--announce", value.substring(0, colon));
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

  /** A bench count from 0 to 100,000,000. */
  static int count(String option, String value) {
    try {
      int n = Integer.parseInt(value);
      if (n >= 0 && n <= 100_000_000) {
        return n;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new UsageException(
        option + " must be a whole number from 0 to 100000000, got \"" + value + "\"");
  }

  /** 64 hex digits of a public value (a key, a hash): a message quotes the value. */
  static byte[] publicHex32(String option, String value) {
    String problem = hex32Problem(value);
    if (problem != null) {
      throw new UsageException(option + " needs " + problem + " \"" + value + "\"");
    }
    return HexFormat.of().parseHex(value);
  }

  /**
   * 64 hex digits of a secret; {@code source} names where it came from (an option, a file and
   * line, a variable), and a message says what is wrong with it but never shows it.
   */
  static byte[] secretHex32(String source, String value) {
    String problem = hex32Problem(value);
    if (problem != null) {
      throw new UsageException(source + " needs " + problem);
    }
    return HexFormat.of().parseHex(value);
  }

  /** What makes {@code value} not 64 hex digits, or null if it is. */
  private static String hex32Problem(String value) {
    if (value.length() != 64) {
      return "64 hex digits (32 bytes), got " + value.length() + " characters";
    }
    for (int i = 0; i < 64; i++) {
      // isHexDigit is ASCII only: an Arabic-Indic digit is not one, though Character says digit.
      if (!HexFormat.isHexDigit(value.charAt(i))) {
        return "hex digits, found another character at position " + (i + 1);
      }
    }
    return null;
  }
}
