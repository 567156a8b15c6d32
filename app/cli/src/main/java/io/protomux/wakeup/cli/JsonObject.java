package io.protomux.wakeup.cli;

import java.util.List;
import java.util.Locale;

/**
 * A flat or nested JSON object written field by field, in the order given: the command line's
 * event lines and the bench's result line. Only what those need: strings (escaped to ASCII),
 * whole numbers, numbers with one decimal (alone or in an array), nested objects and arrays of
 * objects. Public for the bench tools under {@code cli.bench}; not an API of the project.
 */
public final class JsonObject {
  private final StringBuilder text = new StringBuilder("{");

  /** A string field; {@code null} writes JSON null. */
  public JsonObject string(String name, String value) {
    return raw(name, value == null ? "null" : quote(value));
  }

  /** A whole-number field. */
  public JsonObject number(String name, long value) {
    return raw(name, Long.toString(value));
  }

  /** A true or false field. */
  JsonObject bool(String name, boolean value) {
    return raw(name, Boolean.toString(value));
  }

  /** A number with one decimal, as the bench figures are printed (the same in bench.js). */
  public JsonObject decimal(String name, double value) {
    return raw(name, String.format(Locale.ROOT, "%.1f", value));
  }

  /** An array of numbers with one decimal each. */
  JsonObject decimals(String name, double[] values) {
    StringBuilder array = new StringBuilder("[");
    for (double value : values) {
      if (array.length() > 1) {
        array.append(',');
      }
      array.append(String.format(Locale.ROOT, "%.1f", value));
    }
    return raw(name, array.append(']').toString());
  }

  /** A nested object. */
  JsonObject object(String name, JsonObject value) {
    return raw(name, value.toJson());
  }

  /** An array of objects. */
  JsonObject array(String name, List<JsonObject> values) {
    StringBuilder array = new StringBuilder("[");
    for (JsonObject value : values) {
      if (array.length() > 1) {
        array.append(',');
      }
      array.append(value.toJson());
    }
    return raw(name, array.append(']').toString());
  }

  /** Every field of {@code other}, appended in its order. */
  JsonObject fields(JsonObject other) {
    String body = other.text.substring(1);
    if (!body.isEmpty()) {
      if (text.length() > 1) {
        text.append(',');
      }
      text.append(body);
    }
    return this;
  }

  /** The object's text, on one line. */
  public String toJson() {
    return text + "}";
  }

  @Override
  public String toString() {
    return toJson();
  }

  private JsonObject raw(String name, String json) {
    if (text.length() > 1) {
      text.append(',');
    }
    text.append(quote(name)).append(':').append(json);
    return this;
  }

  /**
   * A JSON string literal. Everything outside printable ASCII is escaped, so a line is the same
   * bytes whatever the platform's charset.
   */
  static String quote(String value) {
    StringBuilder out = new StringBuilder(value.length() + 2).append('"');
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        default -> {
          if (c < 0x20 || c > 0x7e) {
            out.append(String.format("\\u%04x", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    return out.append('"').toString();
  }
}
