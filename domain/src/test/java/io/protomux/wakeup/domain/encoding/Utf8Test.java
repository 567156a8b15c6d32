package io.protomux.wakeup.domain.encoding;

import static org.assertj.core.api.Assertions.assertThat;

import io.protomux.wakeup.testvectors.Vectors;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Strings as the reference's runtime handles them. Expected values were produced with Node 20
 * ({@code Buffer.from(hex, 'hex').toString('utf-8')} and {@code Buffer.from(s).toString('hex')}),
 * which is what compact-encoding uses; the JDK's own charset differs on several of them.
 */
class Utf8Test {

  /** Invalid UTF-8 is not refused: each maximal invalid subpart becomes one U+FFFD. */
  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({
    "ff, fffd",
    "80, fffd",
    "c3, fffd",
    "a0a1, fffd fffd",
    "c080, fffd fffd",
    "c328, fffd 28",
    "e29c, fffd",
    "e29c41, fffd 41",
    "e080af, fffd fffd fffd",
    "eda080, fffd fffd fffd",
    "edbfbf, fffd fffd fffd",
    "f09f98, fffd",
    "f0808080, fffd fffd fffd fffd",
    "f4908080, fffd fffd fffd fffd",
    "f8a1a1a1a1, fffd fffd fffd fffd fffd",
    "61ff62, 61 fffd 62",
    "f09f9880, 1f600",
    "e29c93, 2713"
  })
  void invalidUtf8DecodesToReplacementCharactersLikeNode(String hex, String codePoints) {
    byte[] text = Vectors.hex(hex);
    byte[] encoded = new byte[text.length + 1];
    encoded[0] = (byte) text.length;
    System.arraycopy(text, 0, encoded, 1, text.length);

    String decoded = CompactEncoding.decode(Codecs.STRING, encoded);

    StringBuilder expected = new StringBuilder();
    for (String cp : codePoints.split(" ")) {
      expected.appendCodePoint(Integer.parseInt(cp, 16));
    }
    assertThat(decoded).isEqualTo(expected.toString());
  }

  /** A lone surrogate is written as U+FFFD (3 bytes), as Node does; the JDK would write '?'. */
  @ParameterizedTest(name = "{1}")
  @CsvSource({
    "\ud800, 03efbfbd",
    "a\udc00b, 0561efbfbd62",
    "\ude00\ud83d, 06efbfbdefbfbd",
    "\ud83d\ude00, 04f09f9880",
    "\ud83d, 03efbfbd"
  })
  void loneSurrogatesAreWrittenAsReplacementCharacters(String value, String hex) {
    assertThat(Vectors.toHex(CompactEncoding.encode(Codecs.STRING, value))).isEqualTo(hex);
    assertThat(CompactEncoding.encodedLength(Codecs.STRING, value)).isEqualTo(hex.length() / 2);
  }
}
