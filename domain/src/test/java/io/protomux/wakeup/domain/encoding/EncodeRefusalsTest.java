package io.protomux.wakeup.domain.encoding;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Values that cannot go on the wire are refused before anything is written. */
class EncodeRefusalsTest {

  @ParameterizedTest(name = "uint {0}")
  @ValueSource(longs = {-1, Long.MIN_VALUE})
  void negativeUintIsRefused(long n) {
    assertThatThrownBy(() -> CompactEncoding.encode(Codecs.UINT, n))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("uint is negative: " + n);
    State allocated = allocated(9);
    assertThatThrownBy(() -> Codecs.UINT.encodeLong(allocated, n))
        .as("encode alone checks too")
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(allocated.start()).as("nothing written").isZero();
  }

  @ParameterizedTest(name = "uint {0}")
  @ValueSource(longs = {CompactEncoding.MAX_SAFE_INTEGER + 1, Long.MAX_VALUE})
  void uintAboveMaxSafeIntegerIsRefused(long n) {
    assertThatThrownBy(() -> CompactEncoding.encode(Codecs.UINT, n))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("uint above 2^53-1: " + n);
    assertThatThrownBy(() -> CompactEncoding.encode(Codecs.UINT64, n))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("uint64 above 2^53-1: " + n);
    State allocated = allocated(9);
    assertThatThrownBy(() -> Codecs.UINT.encodeLong(allocated, n))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(allocated.start()).as("nothing written").isZero();
  }

  @ParameterizedTest(name = "uint{0} {1}")
  @CsvSource({
    "8, 256", "8, -1", "16, 65536", "16, -1", "24, 16777216", "32, 4294967296", "64, -1"
  })
  void fixedWidthUintOutOfRangeIsRefusedInsteadOfTruncated(int bits, long n) {
    LongCodec codec = RoundTripPropertyTest.fixedCodec(bits);
    assertThatThrownBy(() -> CompactEncoding.encode(codec, n))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("uint" + bits + " ");
  }

  @Test
  void arrayOverTheLimitIsRefused() {
    List<Long> tooMany = Collections.nCopies(CompactEncoding.MAX_ARRAY_LENGTH + 1, 0L);
    Codec<List<Long>> codec = Codecs.array(Codecs.UINT);
    assertThatThrownBy(() -> CompactEncoding.encode(codec, tooMany))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("array is too big: 1048577 > 1048576");
  }

  @Test
  void arrayAtTheLimitIsEncoded() {
    List<Long> limit = Collections.nCopies(CompactEncoding.MAX_ARRAY_LENGTH, 7L);
    byte[] encoded = CompactEncoding.encode(Codecs.array(Codecs.UINT), limit);
    assertThat(encoded).hasSize(5 + CompactEncoding.MAX_ARRAY_LENGTH);
    assertThat(CompactEncoding.decode(Codecs.array(Codecs.UINT), encoded)).isEqualTo(limit);
  }

  @ParameterizedTest(name = "{0} bytes")
  @ValueSource(ints = {0, 31, 33, 64})
  void fixed32OfTheWrongSizeIsRefused(int size) {
    assertThatThrownBy(() -> CompactEncoding.encode(Codecs.FIXED32, new byte[size]))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("fixed32 needs exactly 32 bytes, got " + size);
  }

  @Test
  void nullWhereAValueIsRequiredIsRefused() {
    assertThatThrownBy(() -> CompactEncoding.encode(Codecs.BUFFER, null))
        .isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> CompactEncoding.encode(Codecs.STRING, null))
        .isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> CompactEncoding.encode(Codecs.FIXED32, null))
        .isInstanceOf(NullPointerException.class);
  }

  @Test
  void aCodecWhoseEncodeDisagreesWithItsPreencodeIsCaught() {
    Codec<Long> liar =
        new Codec<>() {
          @Override
          public void preencode(State state, Long value) {
            state.add(1);
          }

          @Override
          public void encode(State state, Long value) {
            Codecs.UINT.encodeLong(state, value);
          }

          @Override
          public Long decode(State state) {
            return Codecs.UINT.decodeLong(state);
          }
        };
    assertThatThrownBy(() -> CompactEncoding.encode(liar, 1000L))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("overran the preencoded size");
    Codec<Long> shy =
        new Codec<>() {
          @Override
          public void preencode(State state, Long value) {
            state.add(4);
          }

          @Override
          public void encode(State state, Long value) {
            Codecs.UINT.encodeLong(state, value);
          }

          @Override
          public Long decode(State state) {
            return Codecs.UINT.decodeLong(state);
          }
        };
    assertThatThrownBy(() -> CompactEncoding.encode(shy, 1L))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("wrote 1 bytes but preencoded 4");
  }

  private static State allocated(int size) {
    State state = new State();
    state.add(size);
    state.allocate();
    return state;
  }
}
