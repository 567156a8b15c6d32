package io.protomux.wakeup.cli;

import io.protomux.wakeup.domain.wakeup.Capability;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The secrets of {@code listen} and {@code connect} from wherever they were given, since a value
 * on the command line is visible to every user of the machine (ps, /proc): options, files and
 * environment variables. A message names where a bad value came from (the option, the file and
 * line, the variable) and what is wrong with it, never the value.
 *
 * <ul>
 *   <li>Capabilities: the union of {@code --capability}, every {@code --capability-file} and
 *       {@link #CAPABILITIES_VARIABLE}, in that order, each capability once.
 *   <li>Seed: {@code --seed} or {@code --seed-file} (not both); without either, {@link
 *       #SEED_VARIABLE} if set.
 * </ul>
 *
 * <p>In a file, each line holds one value; blank lines and everything from a {@code #} on are
 * ignored. A variable set to blanks only counts as unset.
 */
final class Secrets {
  /** Capabilities as hex, separated by whitespace or commas. */
  static final String CAPABILITIES_VARIABLE = "WAKEUP_CAPABILITIES";
  /** The seed as hex. */
  static final String SEED_VARIABLE = "WAKEUP_SEED";

  // A secrets file is a few lines; this stops a mistyped --capability-file /dev/zero early.
  private static final int MAX_FILE_BYTES = 1 << 20;

  private Secrets() {}

  /**
   * The capabilities of every source.
   *
   * @param options the values of {@code --capability}
   * @param files the paths of {@code --capability-file}
   */
  static List<Capability> capabilities(
      List<String> options, List<String> files, Map<String, String> env) {
    Set<Capability> all = new LinkedHashSet<>();
    for (String value : options) {
      all.add(Capability.of(Values.secretHex32("--capability", value)));
    }
    for (String file : files) {
      for (Line line : valueLines("--capability-file", file)) {
        all.add(Capability.of(Values.secretHex32(line.source(), line.value())));
      }
    }
    String variable = env.get(CAPABILITIES_VARIABLE);
    if (variable != null) {
      int item = 0;
      for (String value : variable.split("[\\s,]+")) {
        if (value.isEmpty()) {
          continue; // leading separators
        }
        item++;
        all.add(
            Capability.of(
                Values.secretHex32(CAPABILITIES_VARIABLE + " item " + item, value)));
      }
    }
    return List.copyOf(all);
  }

  /**
   * The seed, or null for a random key pair.
   *
   * @param option the value of {@code --seed}, or null
   * @param file the path of {@code --seed-file}, or null
   */
  static byte[] seed(String option, String file, Map<String, String> env) {
    if (option != null && file != null) {
      throw new UsageException("give --seed or --seed-file, not both");
    }
    if (option != null) {
      return Values.secretHex32("--seed", option);
    }
    if (file != null) {
      List<Line> lines = valueLines("--seed-file", file);
      if (lines.size() != 1) {
        throw new UsageException(
            "--seed-file " + file + " needs exactly one line of 64 hex digits, found "
                + lines.size());
      }
      return Values.secretHex32(lines.get(0).source(), lines.get(0).value());
    }
    String variable = env.get(SEED_VARIABLE);
    if (variable != null && !variable.isBlank()) {
      return Values.secretHex32(SEED_VARIABLE, variable.strip());
    }
    return null;
  }

  /** A value of a file, with where it was found for messages. */
  private record Line(String source, String value) {}

  /** The non-blank lines of a file, comments removed. */
  private static List<Line> valueLines(String option, String file) {
    String text = read(option, file);
    List<Line> values = new ArrayList<>();
    int number = 0;
    for (String line : text.split("\r?\n", -1)) {
      number++;
      int comment = line.indexOf('#');
      String value = (comment >= 0 ? line.substring(0, comment) : line).strip();
      if (!value.isEmpty()) {
        values.add(new Line(option + " " + file + " line " + number, value));
      }
    }
    return values;
  }

  private static String read(String option, String file) {
    byte[] bytes;
    try (InputStream in = Files.newInputStream(Path.of(file))) {
      bytes = in.readNBytes(MAX_FILE_BYTES + 1);
    } catch (InvalidPathException e) {
      throw new UsageException("cannot read " + option + " " + file + ": not a valid path");
    } catch (NoSuchFileException e) {
      throw new UsageException("cannot read " + option + " " + file + ": no such file");
    } catch (AccessDeniedException e) {
      throw new UsageException("cannot read " + option + " " + file + ": permission denied");
    } catch (IOException e) {
      // The JDK's messages name the path and the failure, not the content.
      throw new UsageException("cannot read " + option + " " + file + ": " + e.getMessage());
    }
    if (bytes.length > MAX_FILE_BYTES) {
      throw new UsageException(option + " " + file + " is larger than 1 MiB");
    }
    String text = new String(bytes, StandardCharsets.UTF_8);
    // An editor's byte-order mark is not part of the first value.
    return text.startsWith("\uFEFF") ? text.substring(1) : text;
  }
}
