package io.protomux.wakeup.testvectors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.HexFormat;

/**
 * Loads the reference stack's vectors (copied unchanged from the shared folder) for tests.
 * A missing file fails loudly: a vector test must never pass by finding nothing to check.
 */
public final class Vectors {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HexFormat HEX = HexFormat.of();

  private Vectors() {}

  /** Parses {@code vectors/NAME} from the classpath, e.g. {@code load("crypto.json")}. */
  public static JsonNode load(String name) {
    String resource = "/vectors/" + name;
    try (InputStream in = Vectors.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("test vector file missing from the classpath: " + resource);
      }
      return JSON.readTree(in);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + resource, e);
    }
  }

  /** Decodes a lowercase or uppercase hex string. */
  public static byte[] hex(String hex) {
    return HEX.parseHex(hex);
  }

  /** Decodes the hex text of a JSON string node. */
  public static byte[] hex(JsonNode node) {
    if (node == null || !node.isTextual()) {
      throw new IllegalArgumentException("expected a hex string, got " + node);
    }
    return HEX.parseHex(node.asText());
  }

  /** Lowercase hex of the bytes. */
  public static String toHex(byte[] bytes) {
    return HEX.formatHex(bytes);
  }
}
