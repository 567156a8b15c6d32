package io.protomux.wakeup.domain.encoding;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.Random;

/** Shared checks for codec tests: round trips and truncation. */
public final class CodecAssertions {
  private CodecAssertions() {}

  /** A seed for a property test: fixed with -Dcodec.seed=N to replay a failure, else fresh. */
  public static long seed() {
    return Long.getLong("codec.seed", new Random().nextLong());
  }

  /**
   * Encodes {@code value}, checks preencode's size, decodes it back (alone, and embedded between
   * junk bytes in a larger array) and checks it equals {@code value} and consumed exactly its
   * bytes. Returns the encoding.
   */
  public static <T> byte[] assertRoundTrip(Codec<T> codec, T value, String context) {
    byte[] encoded = CompactEncoding.encode(codec, value);
    assertThat(CompactEncoding.encodedLength(codec, value))
        .as("%s: preencode size of %s", context, codec)
        .isEqualTo(encoded.length);

    State state = State.wrap(encoded);
    assertThat(codec.decode(state)).as("%s: decode(encode(v))", context).isEqualTo(value);
    assertThat(state.start()).as("%s: bytes consumed", context).isEqualTo(encoded.length);

    byte[] padded = new byte[encoded.length + 7];
    Arrays.fill(padded, (byte) 0xee);
    System.arraycopy(encoded, 0, padded, 3, encoded.length);
    State embedded = State.wrap(padded, 3, padded.length);
    assertThat(codec.decode(embedded)).as("%s: decode in a larger array", context).isEqualTo(value);
    assertThat(embedded.start()).as("%s: embedded end", context).isEqualTo(3 + encoded.length);
    return encoded;
  }

  /**
   * Every strict prefix of {@code encoded} must be refused with an {@link EncodingException}.
   * The prefix is a limit on a state over the whole array, so the bytes after it are there but
   * must not be read.
   */
  public static void assertEveryPrefixRejected(Codec<?> codec, byte[] encoded, String context) {
    for (int cut = 0; cut < encoded.length; cut++) {
      State state = State.wrap(encoded, 0, cut);
      int at = cut;
      assertThatThrownBy(() -> codec.decode(state))
          .as("%s: prefix of %d of %d bytes", context, at, encoded.length)
          .isInstanceOf(EncodingException.class)
          .hasMessageStartingWith("out of bounds");
    }
  }
}
