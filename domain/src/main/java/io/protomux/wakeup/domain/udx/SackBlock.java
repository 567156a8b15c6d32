package io.protomux.wakeup.domain.udx;

/**
 * One selective-ack block: a run of packets {@code [start, end)} the receiver holds above its
 * cumulative ack. On the wire, two u32 little-endian values, 8 bytes.
 *
 * @param start the first seq of the run
 * @param end one past the last seq of the run (exclusive)
 */
public record SackBlock(int start, int end) {
  /** Bytes of one block on the wire. */
  public static final int BYTES = 8;

  /** How many packets the block covers (0 for a block that is empty or backwards). */
  public int length() {
    return Seq.gt(end, start) ? end - start : 0;
  }

  @Override
  public String toString() {
    return "[" + Seq.unsigned(start) + ", " + Seq.unsigned(end) + ")";
  }
}
