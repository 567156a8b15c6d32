package io.protomux.wakeup.domain.dht;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/** Loads the JSON vector files kept in this module's test resources. */
final class JsonResources {
  private JsonResources() {}

  static JsonNode load(String path) {
    try (InputStream in = JsonResources.class.getResourceAsStream("/" + path)) {
      if (in == null) {
        throw new IllegalStateException("missing test resource " + path);
      }
      return new ObjectMapper().readTree(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
