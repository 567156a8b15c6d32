package io.protomux.wakeup.domain.encoding;

import java.nio.charset.StandardCharsets;

/**
 * UTF-8 exactly as the reference's runtime (Node's Buffer, i.e. the WHATWG Encoding Standard) does
 * it, which the JDK's charset does not match in two places: a lone surrogate is written as U+FFFD
 * ({@code ef bf bd}, where the JDK writes {@code ?}), and an invalid sequence decodes to one U+FFFD
 * per "maximal subpart" (so the encoded surrogate {@code ed a0 80} gives three, where the JDK gives
 * one). Writing our own also lets encoding go straight into the output array.
 */
final class Utf8 {
  private static final char REPLACEMENT = '\uFFFD';

  private Utf8() {}

  /** The number of bytes {@link #write} will produce. */
  static long encodedLength(String s) {
    long length = 0;
    int n = s.length();
    for (int i = 0; i < n; i++) {
      char c = s.charAt(i);
      if (c < 0x80) {
        length += 1;
      } else if (c < 0x800) {
        length += 2;
      } else if (Character.isHighSurrogate(c)
          && i + 1 < n
          && Character.isLowSurrogate(s.charAt(i + 1))) {
        length += 4;
        i++;
      } else {
        length += 3; // includes a lone surrogate, written as U+FFFD
      }
    }
    return length;
  }

  /** Writes {@code s} into {@code out} from {@code at}; returns the position after it. */
  static int write(String s, byte[] out, int at) {
    int n = s.length();
    for (int i = 0; i < n; i++) {
      int c = s.charAt(i);
      if (c < 0x80) {
        out[at++] = (byte) c;
      } else if (c < 0x800) {
        out[at++] = (byte) (0xc0 | (c >> 6));
        out[at++] = (byte) (0x80 | (c & 0x3f));
      } else if (Character.isSurrogate((char) c)) {
        if (Character.isHighSurrogate((char) c)
            && i + 1 < n
            && Character.isLowSurrogate(s.charAt(i + 1))) {
          int cp = Character.toCodePoint((char) c, s.charAt(++i));
          out[at++] = (byte) (0xf0 | (cp >> 18));
          out[at++] = (byte) (0x80 | ((cp >> 12) & 0x3f));
          out[at++] = (byte) (0x80 | ((cp >> 6) & 0x3f));
          out[at++] = (byte) (0x80 | (cp & 0x3f));
        } else {
          at = writeThreeBytes(REPLACEMENT, out, at);
        }
      } else {
        at = writeThreeBytes(c, out, at);
      }
    }
    return at;
  }

  private static int writeThreeBytes(int c, byte[] out, int at) {
    out[at++] = (byte) (0xe0 | (c >> 12));
    out[at++] = (byte) (0x80 | ((c >> 6) & 0x3f));
    out[at++] = (byte) (0x80 | (c & 0x3f));
    return at;
  }

  /** Decodes {@code in[from..to)}, replacing invalid sequences with U+FFFD; never throws. */
  static String decode(byte[] in, int from, int to) {
    if (isAscii(in, from, to)) {
      return new String(in, from, to - from, StandardCharsets.ISO_8859_1);
    }
    // Each byte yields at most one UTF-16 unit (a 4-byte sequence yields two), so this fits.
    char[] out = new char[to - from];
    int length = 0;
    int i = from;
    while (i < to) {
      int b = in[i] & 0xff;
      int needed;
      int cp;
      int lower = 0x80;
      int upper = 0xbf;
      if (b < 0x80) {
        out[length++] = (char) b;
        i++;
        continue;
      } else if (b >= 0xc2 && b <= 0xdf) {
        needed = 1;
        cp = b & 0x1f;
      } else if (b >= 0xe0 && b <= 0xef) {
        needed = 2;
        cp = b & 0x0f;
        lower = b == 0xe0 ? 0xa0 : 0x80; // no overlong forms
        upper = b == 0xed ? 0x9f : 0xbf; // no surrogates
      } else if (b >= 0xf0 && b <= 0xf4) {
        needed = 3;
        cp = b & 0x07;
        lower = b == 0xf0 ? 0x90 : 0x80; // no overlong forms
        upper = b == 0xf4 ? 0x8f : 0xbf; // nothing above U+10FFFF
      } else {
        out[length++] = REPLACEMENT;
        i++;
        continue;
      }
      i++;
      int seen = 0;
      while (seen < needed && i < to) {
        int next = in[i] & 0xff;
        if (next < lower || next > upper) {
          break; // the byte is not consumed: it starts the next sequence
        }
        cp = (cp << 6) | (next & 0x3f);
        lower = 0x80;
        upper = 0xbf;
        seen++;
        i++;
      }
      if (seen < needed) {
        out[length++] = REPLACEMENT;
      } else {
        length += Character.toChars(cp, out, length);
      }
    }
    return new String(out, 0, length);
  }

  private static boolean isAscii(byte[] in, int from, int to) {
    for (int i = from; i < to; i++) {
      if (in[i] < 0) {
        return false;
      }
    }
    return true;
  }
}
