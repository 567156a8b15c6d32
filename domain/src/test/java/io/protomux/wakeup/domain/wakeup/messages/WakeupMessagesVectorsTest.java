package io.protomux.wakeup.domain.wakeup.messages;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.protomux.wakeup.domain.Key32;
import io.protomux.wakeup.domain.encoding.CompactEncoding;
import io.protomux.wakeup.domain.encoding.NamedCodec;
import io.protomux.wakeup.domain.encoding.State;
import io.protomux.wakeup.testvectors.Vectors;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every entry of the reference's wakeup-messages.json, both ways. */
class WakeupMessagesVectorsTest {
  private static final JsonNode VECTORS = Vectors.load("wakeup-messages.json");

  static Stream<Arguments> messages() {
    List<Arguments> cases = new ArrayList<>();
    for (JsonNode entry : VECTORS.get("messages")) {
      cases.add(Arguments.of(entry.get("name").asText(), entry.get("value"), entry.get("encoded")));
    }
    return cases.stream();
  }

  @Test
  void theVectorsCoverEveryChannelMessageAndTheHandshake() {
    assertThat(messages().map(a -> a.get()[0]))
        .contains("@wakeup/handshake", "@wakeup/lookup", "@wakeup/announce", "@wakeup/info");
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("messages")
  void encodesAndDecodesLikeTheReference(String name, JsonNode value, JsonNode encoded) {
    byte[] expected = Vectors.hex(encoded);
    NamedCodec<?> codec = WakeupMessages.byName(name).orElseThrow();
    assertThat(codec.name()).isEqualTo(name);
    switch (name) {
      case "@wakeup/handshake" -> check(WakeupMessages.HANDSHAKE, handshake(value), expected);
      case "@wakeup/lookup" -> check(WakeupMessages.LOOKUP, lookup(value), expected);
      case "@wakeup/announce" -> check(WakeupMessages.ANNOUNCE, announce(value), expected);
      case "@wakeup/info" -> check(WakeupMessages.INFO, new Info(bool(value, "active")), expected);
      default -> throw new AssertionError("vector for unknown message " + name);
    }
  }

  private static Handshake handshake(JsonNode value) {
    return new Handshake(
        value.get("version").asLong(), key(value.get("capability")), bool(value, "active"));
  }

  private static Lookup lookup(JsonNode value) {
    JsonNode hash = value.get("hash");
    return new Lookup(hash.isNull() ? Optional.empty() : Optional.of(key(hash)));
  }

  private static Announce announce(JsonNode value) {
    List<Wakeup> wakeups = new ArrayList<>();
    for (JsonNode entry : value) {
      wakeups.add(new Wakeup(key(entry.get("key")), entry.get("length").asLong()));
    }
    return new Announce(wakeups);
  }

  private static Key32 key(JsonNode hex) {
    return Key32.of(Vectors.hex(hex));
  }

  private static boolean bool(JsonNode value, String field) {
    JsonNode node = value.get(field);
    if (node == null || !node.isBoolean()) {
      throw new AssertionError("vector field " + field + " is not a boolean: " + node);
    }
    return node.booleanValue();
  }

  private static <T> void check(NamedCodec<T> codec, T value, byte[] expected) {
    byte[] actual = CompactEncoding.encode(codec, value);
    assertThat(Vectors.toHex(actual)).as("encode").isEqualTo(Vectors.toHex(expected));
    assertThat(CompactEncoding.encodedLength(codec, value))
        .as("preencode")
        .isEqualTo(actual.length);
    State state = State.wrap(expected);
    assertThat(codec.decode(state)).as("decode").isEqualTo(value);
    assertThat(state.remaining()).as("bytes left after decode").isZero();
  }
}
