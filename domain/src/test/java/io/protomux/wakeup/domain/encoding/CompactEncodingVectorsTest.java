package io.protomux.wakeup.domain.encoding;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.protomux.wakeup.testvectors.Vectors;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every entry of the reference's compact-encoding.json, both ways. */
class CompactEncodingVectorsTest {
  private static final JsonNode VECTORS = Vectors.load("compact-encoding.json");

  static Stream<Arguments> valid() {
    List<Arguments> cases = new ArrayList<>();
    for (JsonNode entry : VECTORS.get("valid")) {
      cases.add(Arguments.of(entry.get("type").asText(), entry.get("value"), entry.get("encoded")));
    }
    return cases.stream();
  }

  static Stream<Arguments> invalidUint() {
    List<Arguments> cases = new ArrayList<>();
    for (JsonNode entry : VECTORS.get("invalidUint")) {
      cases.add(Arguments.of(entry.get("why").asText(), entry.get("encoded")));
    }
    return cases.stream();
  }

  @Test
  void theVectorFileCoversEveryTypeItClaimsTo() {
    assertThat(valid().map(a -> a.get()[0]))
        .contains("uint", "string", "buffer", "optionalBuffer", "fixed32");
    assertThat(invalidUint()).hasSize(4);
  }

  @ParameterizedTest(name = "{0} {1} -> {2}")
  @MethodSource("valid")
  void encodesAndDecodesLikeTheReference(String type, JsonNode value, JsonNode encoded) {
    byte[] expected = Vectors.hex(encoded);
    switch (type) {
      case "uint" -> check(Codecs.UINT, value.asLong(), expected);
      case "string" -> check(Codecs.STRING, value.asText(), expected);
      case "buffer" -> {
        check(Codecs.BUFFER, Vectors.hex(value), expected);
        check(Codecs.BUFFER_VIEW, ByteSlice.wrap(Vectors.hex(value)), expected);
      }
      case "optionalBuffer" ->
          check(Codecs.OPTIONAL_BUFFER, value.isNull() ? null : Vectors.hex(value), expected);
      case "fixed32" -> check(Codecs.FIXED32, Vectors.hex(value), expected);
      default -> throw new AssertionError("vector of unknown type " + type);
    }
  }

  @ParameterizedTest(name = "{0}: {1}")
  @MethodSource("invalidUint")
  void refusesTheInvalidUints(String why, JsonNode encoded) {
    byte[] bytes = Vectors.hex(encoded);
    assertThatThrownBy(() -> CompactEncoding.decode(Codecs.UINT, bytes))
        .as(why)
        .isInstanceOf(EncodingException.class)
        .hasMessageStartingWith("out of bounds");
  }

  private static <T> void check(Codec<T> codec, T value, byte[] expected) {
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
