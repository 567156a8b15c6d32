package io.protomux.wakeup.domain.encoding;

/** Range checks and little-endian reads and writes shared by the integer codecs. */
final class Uints {
  private Uints() {}

  static long checkEncodable(long value, long max, String what) {
    if (value < 0) {
      throw new IllegalArgumentException(what + " is negative: " + value);
    }
    if (value > max) {
      throw new IllegalArgumentException(what + " above " + describe(max) + ": " + value);
    }
    return value;
  }

  static String describe(long max) {
    return max == CompactEncoding.MAX_SAFE_INTEGER ? "2^53-1" : Long.toString(max);
  }

  static void writeLittleEndian(State state, long value, int width) {
    int at = state.reserve(width);
    byte[] buffer = state.buffer();
    for (int i = 0; i < width; i++) {
      buffer[at + i] = (byte) (value >>> (8 * i));
    }
  }

  static long readLittleEndian(State state, int width, String what) {
    int at = state.take(width, what);
    byte[] buffer = state.buffer();
    long value = 0;
    for (int i = 0; i < width; i++) {
      value |= (buffer[at + i] & 0xffL) << (8 * i);
    }
    return value;
  }

  /**
   * The reference decodes 64-bit numbers as JS doubles and refuses what it cannot hold exactly;
   * as a Java long, values of 2^63 and more read as negative, hence the two-sided check.
   */
  static long checkSafeDecoded(long value) {
    if (value < 0 || value > CompactEncoding.MAX_SAFE_INTEGER) {
      throw new EncodingException("uint above 2^53-1: " + Long.toUnsignedString(value));
    }
    return value;
  }
}
