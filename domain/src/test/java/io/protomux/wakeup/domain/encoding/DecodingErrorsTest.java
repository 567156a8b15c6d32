package io.protomux.wakeup.domain.encoding;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.protomux.wakeup.testvectors.Vectors;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Every way decoding can fail ends in one EncodingException with a clear message. */
class DecodingErrorsTest {

  private static void assertRefused(Codec<?> codec, String hex, String message) {
    byte[] bytes = Vectors.hex(hex);
    assertThatThrownBy(() -> CompactEncoding.decode(codec, bytes))
        .as("%s of %s", codec, hex)
        .isInstanceOf(EncodingException.class)
        .hasMessage(message);
  }

  @Test
  void truncatedUintsSayWhatWasMissing() {
    assertRefused(Codecs.UINT, "", "out of bounds: uint needs 1 byte, 0 left");
    assertRefused(Codecs.UINT, "fd01", "out of bounds: uint16 needs 2 bytes, 1 left");
    assertRefused(Codecs.UINT, "fe010203", "out of bounds: uint32 needs 4 bytes, 3 left");
    assertRefused(Codecs.UINT, "ff01020304050607", "out of bounds: uint64 needs 8 bytes, 7 left");
  }

  @ParameterizedTest(name = "uint {0}")
  @CsvSource({
    "ff0000000000002000, 9007199254740992",
    "ffffffffffffffff7f, 9223372036854775807",
    "ff0000000000000080, 9223372036854775808",
    "ffffffffffffffffff, 18446744073709551615"
  })
  void uint64AboveMaxSafeIntegerIsRefused(String hex, String value) {
    assertRefused(Codecs.UINT, hex, "uint above 2^53-1: " + value);
    assertRefused(Codecs.UINT64, hex.substring(2), "uint above 2^53-1: " + value);
  }

  @Test
  void uint64AtMaxSafeIntegerIsAccepted() {
    assertThat(CompactEncoding.decode(Codecs.UINT, Vectors.hex("ffffffffffffff1f00")))
        .isEqualTo(CompactEncoding.MAX_SAFE_INTEGER);
  }

  @Test
  void nonCanonicalUintsDecodeLikeTheReference() {
    // The reference accepts a wider form than needed; so must we, or we would drop its frames.
    assertThat(CompactEncoding.decode(Codecs.UINT, Vectors.hex("fd0500"))).isEqualTo(5);
    assertThat(CompactEncoding.decode(Codecs.UINT, Vectors.hex("fe05000000"))).isEqualTo(5);
    assertThat(CompactEncoding.decode(Codecs.UINT, Vectors.hex("ff0500000000000000"))).isEqualTo(5);
  }

  @ParameterizedTest(name = "uint{0}")
  @ValueSource(ints = {8, 16, 24, 32, 64})
  void truncatedFixedWidthUints(int bits) {
    LongCodec codec = RoundTripPropertyTest.fixedCodec(bits);
    int width = bits / 8;
    String hex = "ab".repeat(width - 1);
    String need = width == 1 ? "1 byte" : width + " bytes";
    String left = ", " + (width - 1) + " left";
    assertRefused(codec, hex, "out of bounds: uint" + bits + " needs " + need + left);
  }

  @Test
  void bufferLengthBeyondTheInputIsRefused() {
    assertRefused(Codecs.BUFFER, "05deadbeef", "out of bounds: buffer needs 5 bytes, 4 left");
    assertRefused(Codecs.BUFFER_VIEW, "05deadbeef", "out of bounds: buffer needs 5 bytes, 4 left");
    assertRefused(
        Codecs.OPTIONAL_BUFFER,
        "05deadbeef",
        "out of bounds: optionalBuffer needs 5 bytes, 4 left");
    assertRefused(Codecs.STRING, "0561626364", "out of bounds: string needs 5 bytes, 4 left");
  }

  /**
   * Lengths a naive decoder would try to allocate before noticing the input is short: 2^31-2
   * would fit in one array (and exhaust the heap), the others would overflow an int.
   */
  @ParameterizedTest(name = "claimed length {0}")
  @CsvSource({
    "fefeffff7f, 2147483646",
    "feffffffff, 4294967295",
    "ff0000000001000000, 4294967296",
    "ffffffffffffff1f00, 9007199254740991"
  })
  void hugeClaimedLengthsAreRefusedBeforeAllocating(String lengthHex, String length) {
    String hex = lengthHex + "0102";
    String needs = " needs " + length + " bytes, 2 left";
    assertRefused(Codecs.BUFFER, hex, "out of bounds: buffer" + needs);
    assertRefused(Codecs.BUFFER_VIEW, hex, "out of bounds: buffer" + needs);
    assertRefused(Codecs.OPTIONAL_BUFFER, hex, "out of bounds: optionalBuffer" + needs);
    assertRefused(Codecs.STRING, hex, "out of bounds: string" + needs);
  }

  @Test
  void arrayCountAboveTheLimitIsRefusedBeforeReadingItems() {
    Codec<List<Long>> codec = Codecs.array(Codecs.UINT);
    assertRefused(codec, "fe01001000", "array is too big: 1048577 > 1048576");
    assertRefused(codec, "fe80841e00", "array is too big: 2000000 > 1048576");
    assertRefused(codec, "ffffffffffffff1f00", "array is too big: 9007199254740991 > 1048576");
  }

  @Test
  void arrayCountAtTheLimitIsAllowedButMustBeBackedByItems() {
    Codec<List<Long>> codec = Codecs.array(Codecs.UINT);
    assertRefused(codec, "fe00001000" + "0102", "out of bounds: uint needs 1 byte, 0 left");
  }

  @Test
  void shortFixed32IsRefused() {
    assertRefused(
        Codecs.FIXED32, "11".repeat(31), "out of bounds: fixed32 needs 32 bytes, 31 left");
    assertRefused(Codecs.FIXED32, "", "out of bounds: fixed32 needs 32 bytes, 0 left");
  }

  @Test
  void emptyBoolIsRefused() {
    assertRefused(Codecs.BOOL, "", "out of bounds: bool needs 1 byte, 0 left");
  }

  @Test
  void boolDecodesOnlyTheByteOneAsTrueLikeTheReference() {
    assertThat(CompactEncoding.decode(Codecs.BOOL, new byte[] {1})).isTrue();
    assertThat(CompactEncoding.decode(Codecs.BOOL, new byte[] {0})).isFalse();
    assertThat(CompactEncoding.decode(Codecs.BOOL, new byte[] {2})).isFalse();
    assertThat(CompactEncoding.decode(Codecs.BOOL, new byte[] {(byte) 0xff})).isFalse();
  }

  @Test
  void trailingBytesAreLeftForTheCaller() {
    byte[] bytes = Vectors.hex("05ffff");
    assertThat(CompactEncoding.decode(Codecs.UINT, bytes)).isEqualTo(5);
    State state = State.wrap(bytes);
    Codecs.UINT.decodeLong(state);
    assertThat(state.remaining()).isEqualTo(2);
  }

  /** Random garbage through every codec: a value or an EncodingException, nothing else. */
  @Test
  void randomGarbageOnlyEverFailsWithEncodingException() {
    List<Codec<?>> codecs =
        List.of(
            Codecs.UINT, Codecs.UINT8, Codecs.UINT16, Codecs.UINT24, Codecs.UINT32, Codecs.UINT64,
            Codecs.BOOL, Codecs.BUFFER, Codecs.BUFFER_VIEW, Codecs.OPTIONAL_BUFFER, Codecs.RAW_VIEW,
            Codecs.STRING, Codecs.FIXED32, Codecs.array(Codecs.UINT), Codecs.array(Codecs.STRING),
            Codecs.array(Codecs.array(Codecs.BUFFER)));
    long seed = CodecAssertions.seed();
    Random random = new Random(seed);
    int refused = 0;
    for (int i = 0; i < 20_000; i++) {
      Codec<?> codec = codecs.get(random.nextInt(codecs.size()));
      byte[] garbage = RoundTripPropertyTest.randomBytes(random, 40);
      if (garbage.length > 0 && random.nextBoolean()) {
        garbage[0] = (byte) (0xfa + random.nextInt(6)); // favour the multi-byte uint markers
      }
      try {
        CompactEncoding.decode(codec, garbage);
      } catch (EncodingException expected) {
        refused++;
      } catch (RuntimeException | Error e) {
        String input = Vectors.toHex(garbage);
        throw new AssertionError(
            "seed=" + seed + " i=" + i + " " + codec + " of " + input + " threw " + e, e);
      }
    }
    assertThat(refused).as("seed=%d: garbage must be refused sometimes", seed).isPositive();
  }
}
