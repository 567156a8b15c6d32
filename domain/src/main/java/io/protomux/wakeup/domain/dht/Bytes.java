package io.protomux.wakeup.domain.dht;

import java.util.HexFormat;

/** Checks and copies of the byte-array fields, so the message records stay immutable. */
final class Bytes {
  private static final HexFormat HEX = HexFormat.of();

  private Bytes() {}

  /** A copy of an optional 32-byte field; refuses any other length, as fixed32 would. */
  static byte[] fixed32(byte[] value, String name) {
    if (value == null) {
      return null;
    }
    if (value.length != 32) {
      throw new IllegalArgumentException(name + " needs exactly 32 bytes, got " + value.length);
    }
    return value.clone();
  }

  static byte[] copy(byte[] value) {
    return value == null ? null : value.clone();
  }

  static String hex(byte[] value) {
    return value == null ? "null" : HEX.formatHex(value);
  }

  static void checkTid(int tid) {
    if (tid < 0 || tid > 0xffff) {
      throw new IllegalArgumentException("tid outside 0..65535: " + tid);
    }
  }

  static void checkUint(long value, String name) {
    // compact-encoding's uint stops at 2^53-1, the largest integer a JavaScript number holds.
    if (value < 0 || value > (1L << 53) - 1) {
      throw new IllegalArgumentException(name + " outside 0..2^53-1: " + value);
    }
  }
}
