package io.protomux.wakeup.cli.bench;

import java.util.Locale;

/** One flat JSON object of the serving benchmark's output, built field by field. */
final class JsonLine {
  private final StringBuilder json = new StringBuilder("{");

  JsonLine put(String name, String value) {
    return raw(name, value == null ? "null" : '"' + value.replace("\\", "\\\\").replace("\"", "\\\"") + '"');
  }

  JsonLine put(String name, long value) {
    return raw(name, Long.toString(value));
  }

  JsonLine put(String name, double value) {
    return raw(name, String.format(Locale.ROOT, "%.3f", value));
  }

  private JsonLine raw(String name, String value) {
    if (json.length() > 1) {
      json.append(',');
    }
    json.append('"').append(name).append("\":").append(value);
    return this;
  }

  @Override
  public String toString() {
    return json + "}";
  }
}
