package io.protomux.wakeup.domain.udx;

/**
 * UDX sequence numbers: unsigned 32-bit values that wrap, held in an {@code int}. Order is serial
 * order (the sign of the 32-bit difference, as libudx compares them), so 0 comes after
 * 4294967295.
 */
public final class Seq {
  private Seq() {}

  /** {@code a - b} as a signed distance: negative when {@code a} comes before {@code b}. */
  public static int diff(int a, int b) {
    return a - b;
  }

  /** Whether {@code a} comes strictly before {@code b}. */
  public static boolean lt(int a, int b) {
    return a - b < 0;
  }

  /** Whether {@code a} comes before {@code b} or is it. */
  public static boolean le(int a, int b) {
    return a - b <= 0;
  }

  /** Whether {@code a} comes strictly after {@code b}. */
  public static boolean gt(int a, int b) {
    return a - b > 0;
  }

  /** Whether {@code a} comes after {@code b} or is it. */
  public static boolean ge(int a, int b) {
    return a - b >= 0;
  }

  /** The value as the unsigned number the wire carries. */
  public static long unsigned(int seq) {
    return Integer.toUnsignedLong(seq);
  }
}
