package io.protomux.wakeup.adapters.bouncycastle;

/** Detects in-place calls, which the streams serve by copying the input first. */
final class XChaChaRegions {
  private XChaChaRegions() {}

  /** Whether two ranges share bytes of the same array. */
  static boolean overlap(byte[] a, int aOffset, int aLength, byte[] b, int bOffset, int bLength) {
    return a == b
        && aLength > 0
        && bLength > 0
        && aOffset < bOffset + bLength
        && bOffset < aOffset + aLength;
  }
}
