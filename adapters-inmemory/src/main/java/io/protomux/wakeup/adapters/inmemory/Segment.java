package io.protomux.wakeup.adapters.inmemory;

/**
 * What one write or one control signal puts on a {@link LinkDirection}'s wire; it then waits in
 * the receiver's inbox until the handler takes it.
 */
final class Segment {
  /** What the segment carries. */
  enum Type {
    DATA,
    /** The writer half-closed. */
    END,
    /** The writer closed: the receiver closes cleanly once everything before it was delivered. */
    CLOSE,
    /** The writer failed: the receiver closes at once, with a reset-like cause. */
    RESET
  }

  final Type type;
  final byte[] bytes;
  /** How many of {@link #bytes} the receiver's handler has taken already. */
  int consumed;
  long arriveAt;

  private Segment(Type type, byte[] bytes) {
    this.type = type;
    this.bytes = bytes;
  }

  static Segment data(byte[] bytes) {
    return new Segment(Type.DATA, bytes);
  }

  static Segment signal(Type type) {
    return new Segment(type, new byte[0]);
  }

  int remaining() {
    return bytes.length - consumed;
  }
}
