package io.protomux.wakeup.domain.encoding;

import static io.protomux.wakeup.domain.encoding.CodecAssertions.assertEveryPrefixRejected;
import static io.protomux.wakeup.domain.encoding.CodecAssertions.assertRoundTrip;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Random values through every codec: decode(encode(v)) == v, preencode's size is the real size,
 * and every strict prefix of the encoding is refused. The seed is in every failure message.
 */
class RoundTripPropertyTest {
  private static final int ITERATIONS = 1000;
  private static final long MAX = CompactEncoding.MAX_SAFE_INTEGER;

  /** Values on and around every size-class boundary of uint. */
  static final long[] UINT_BOUNDARIES = {
    0, 1, 0xfb, 0xfc, 0xfd, 0xfe, 0xff, 0x100, 0xfffe, 0xffff, 0x10000, 0x10001,
    0xfffffffeL, 0xffffffffL, 0x100000000L, 0x100000001L, MAX - 1, MAX
  };

  /** A uint from a random size class (or a boundary), so that all four forms get exercised. */
  static long randomUint(Random random) {
    return switch (random.nextInt(5)) {
      case 0 -> random.nextInt(0xfd);
      case 1 -> random.nextLong(0xfd, 0x10000);
      case 2 -> random.nextLong(0x10000, 0x100000000L);
      case 3 -> random.nextLong(0x100000000L, MAX + 1);
      default -> UINT_BOUNDARIES[random.nextInt(UINT_BOUNDARIES.length)];
    };
  }

  static int expectedUintLength(long n) {
    if (n <= 0xfc) {
      return 1;
    }
    return n <= 0xffff ? 3 : n <= 0xffffffffL ? 5 : 9;
  }

  static byte[] randomBytes(Random random, int maxLength) {
    byte[] bytes = new byte[random.nextInt(maxLength + 1)];
    random.nextBytes(bytes);
    return bytes;
  }

  /** A well-formed string mixing 1, 2, 3 and 4-byte UTF-8 characters (the last as pairs). */
  static String randomString(Random random, int maxCodePoints) {
    StringBuilder s = new StringBuilder();
    int count = random.nextInt(maxCodePoints + 1);
    for (int i = 0; i < count; i++) {
      int cp =
          switch (random.nextInt(4)) {
            case 0 -> random.nextInt(0x80);
            case 1 -> random.nextInt(0x80, 0x800);
            case 2 -> {
              int c = random.nextInt(0x800, 0x10000 - 0x800);
              yield c >= 0xd800 ? c + 0x800 : c; // skip the surrogate block
            }
            default -> random.nextInt(0x10000, 0x110000);
          };
      s.appendCodePoint(cp);
    }
    return s.toString();
  }

  @Test
  void uintAcrossAllSizeClasses() {
    long seed = CodecAssertions.seed();
    Random random = new Random(seed);
    int[] seenLengths = new int[10];
    for (int i = 0; i < ITERATIONS; i++) {
      long n = randomUint(random);
      String context = "seed=" + seed + " i=" + i + " n=" + n;
      byte[] encoded = assertRoundTrip(Codecs.UINT, n, context);
      assertThat(encoded.length).as(context).isEqualTo(expectedUintLength(n));
      assertEveryPrefixRejected(Codecs.UINT, encoded, context);
      seenLengths[encoded.length]++;
    }
    assertThat(new int[] {seenLengths[1], seenLengths[3], seenLengths[5], seenLengths[9]})
        .as("every size class exercised, seed=%d", seed)
        .doesNotContain(0);
  }

  @Test
  void uintBoundariesExactly() {
    for (long n : UINT_BOUNDARIES) {
      byte[] encoded = assertRoundTrip(Codecs.UINT, n, "n=" + n);
      assertThat(encoded.length).as("n=%d", n).isEqualTo(expectedUintLength(n));
    }
  }

  @ParameterizedTest(name = "uint{0}")
  @CsvSource({"8", "16", "24", "32", "64"})
  void fixedWidthUints(int bits) {
    LongCodec codec = fixedCodec(bits);
    long max = bits == 64 ? MAX : (1L << bits) - 1;
    long seed = CodecAssertions.seed();
    Random random = new Random(seed);
    for (int i = 0; i < ITERATIONS; i++) {
      long n = i == 0 ? 0 : i == 1 ? max : random.nextLong(0, max + 1);
      String context = "seed=" + seed + " i=" + i + " uint" + bits + " n=" + n;
      byte[] encoded = assertRoundTrip(codec, n, context);
      assertThat(encoded).as(context).hasSize(bits / 8);
      for (int b = 0; b < encoded.length; b++) {
        assertThat(encoded[b] & 0xff).as(context + " byte " + b).isEqualTo((n >>> (8 * b)) & 0xff);
      }
      assertEveryPrefixRejected(codec, encoded, context);
    }
  }

  static LongCodec fixedCodec(int bits) {
    return switch (bits) {
      case 8 -> Codecs.UINT8;
      case 16 -> Codecs.UINT16;
      case 24 -> Codecs.UINT24;
      case 32 -> Codecs.UINT32;
      case 64 -> Codecs.UINT64;
      default -> throw new IllegalArgumentException("no uint" + bits);
    };
  }

  @Test
  void buffers() {
    long seed = CodecAssertions.seed();
    Random random = new Random(seed);
    for (int i = 0; i < ITERATIONS; i++) {
      byte[] value = randomBytes(random, 300); // crosses the 1 to 3-byte length boundary
      String context = "seed=" + seed + " i=" + i + " length=" + value.length;
      byte[] encoded = assertRoundTrip(Codecs.BUFFER, value, context);
      assertThat(encoded.length)
          .as(context)
          .isEqualTo(expectedUintLength(value.length) + value.length);
      assertEveryPrefixRejected(Codecs.BUFFER, encoded, context);
      assertThat(assertRoundTrip(Codecs.BUFFER_VIEW, ByteSlice.wrap(value), context))
          .as(context + ": view and copy share the wire format")
          .isEqualTo(encoded);
    }
  }

  @Test
  void optionalBuffers() {
    long seed = CodecAssertions.seed();
    Random random = new Random(seed);
    for (int i = 0; i < ITERATIONS; i++) {
      byte[] value = random.nextInt(10) == 0 ? null : randomBytes(random, 300);
      if (value != null && value.length == 0) {
        continue; // written like null, covered by emptyOptionalBufferComesBackAsNull
      }
      String context = "seed=" + seed + " i=" + i;
      byte[] encoded = assertRoundTrip(Codecs.OPTIONAL_BUFFER, value, context);
      assertEveryPrefixRejected(Codecs.OPTIONAL_BUFFER, encoded, context);
    }
  }

  @Test
  void emptyOptionalBufferComesBackAsNull() {
    byte[] encoded = CompactEncoding.encode(Codecs.OPTIONAL_BUFFER, new byte[0]);
    assertThat(encoded).containsExactly(0);
    assertThat(CompactEncoding.decode(Codecs.OPTIONAL_BUFFER, encoded)).isNull();
  }

  @Test
  void stringsWithEveryUtf8WidthIncludingSurrogatePairs() {
    long seed = CodecAssertions.seed();
    Random random = new Random(seed);
    for (int i = 0; i < ITERATIONS; i++) {
      String value = randomString(random, 120);
      String context = "seed=" + seed + " i=" + i;
      byte[] encoded = assertRoundTrip(Codecs.STRING, value, context);
      byte[] utf8 = value.getBytes(StandardCharsets.UTF_8); // the JDK agrees on well-formed text
      State state = State.wrap(encoded);
      assertThat(Codecs.UINT.decodeLong(state)).as(context).isEqualTo(utf8.length);
      assertThat(ByteSlice.wrap(encoded, state.start(), state.remaining()))
          .as(context)
          .isEqualTo(ByteSlice.wrap(utf8));
      assertEveryPrefixRejected(Codecs.STRING, encoded, context);
    }
  }

  @Test
  void fixed32() {
    long seed = CodecAssertions.seed();
    Random random = new Random(seed);
    for (int i = 0; i < ITERATIONS; i++) {
      byte[] value = new byte[32];
      random.nextBytes(value);
      String context = "seed=" + seed + " i=" + i;
      byte[] encoded = assertRoundTrip(Codecs.FIXED32, value, context);
      assertThat(encoded).as(context).isEqualTo(value);
      assertEveryPrefixRejected(Codecs.FIXED32, encoded, context);
    }
  }

  @Test
  void bools() {
    for (boolean value : new boolean[] {false, true}) {
      byte[] encoded = assertRoundTrip(Codecs.BOOL, value, "bool " + value);
      assertThat(encoded).containsExactly(value ? 1 : 0);
      assertEveryPrefixRejected(Codecs.BOOL, encoded, "bool " + value);
    }
  }

  @Test
  void arraysOfUint() {
    Codec<List<Long>> codec = Codecs.array(Codecs.UINT);
    long seed = CodecAssertions.seed();
    Random random = new Random(seed);
    for (int i = 0; i < ITERATIONS; i++) {
      int count = random.nextInt(10) == 0 ? random.nextInt(250, 300) : random.nextInt(8);
      List<Long> value = new ArrayList<>();
      for (int j = 0; j < count; j++) {
        value.add(randomUint(random));
      }
      String context = "seed=" + seed + " i=" + i + " count=" + count;
      byte[] encoded = assertRoundTrip(codec, value, context);
      assertEveryPrefixRejected(codec, encoded, context);
    }
  }

  @Test
  void arraysOfStrings() {
    Codec<List<String>> codec = Codecs.array(Codecs.STRING);
    long seed = CodecAssertions.seed();
    Random random = new Random(seed);
    for (int i = 0; i < ITERATIONS; i++) {
      List<String> value = new ArrayList<>();
      for (int j = random.nextInt(6); j > 0; j--) {
        value.add(randomString(random, 10));
      }
      String context = "seed=" + seed + " i=" + i;
      byte[] encoded = assertRoundTrip(codec, value, context);
      assertEveryPrefixRejected(codec, encoded, context);
    }
  }

  @Test
  void decodedArraysAreUnmodifiable() {
    Codec<List<Long>> codec = Codecs.array(Codecs.UINT);
    List<Long> decoded = CompactEncoding.decode(codec, new byte[] {2, 7, 9});
    assertThat(decoded).containsExactly(7L, 9L);
    assertThat(decoded).isUnmodifiable();
  }
}
