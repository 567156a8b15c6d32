package io.protomux.wakeup.domain.udx;

/**
 * Test access to what a {@link UdxStream} holds, for the UDX stream fuzz target: the receive
 * buffer's accessors are package-private (they are bookkeeping, not API), so this class sits in
 * the domain's package, in the fuzz module's test sources (the module runs on the class path,
 * where a package may span jars).
 */
public final class UdxStreamProbe {
  private UdxStreamProbe() {}

  /** Bytes the stream holds: out of order, plus delivered in order while reading is paused. */
  public static long bufferedBytes(UdxStream stream) {
    return stream.bufferedBytes();
  }

  /** DATA/END packets held above the cumulative ack. */
  public static int heldOutOfOrder(UdxStream stream) {
    return stream.heldOutOfOrder();
  }
}
