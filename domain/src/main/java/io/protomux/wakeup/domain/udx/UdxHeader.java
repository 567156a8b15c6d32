package io.protomux.wakeup.domain.udx;

/**
 * The 20-byte UDX header (all multi-byte fields little-endian): magic {@code 0xFF}, version 1,
 * type bits, data offset, the receiver's stream id, the sender's receive window, seq and the
 * cumulative ack. Values are u32 on the wire and held in {@code int}s.
 *
 * @param type the type bits ({@link #DATA}, {@link #END}, {@link #SACK}, {@link #MESSAGE},
 *     {@link #DESTROY}, {@link #HEARTBEAT}; other bits are ignored on receive)
 * @param dataOffset bytes between the header and the payload: MTU-probe padding on DATA, and for
 *     SACK the length of the block area when it is less than the body (0 almost always)
 * @param id the receiver's local stream id
 * @param rwnd bytes the sender can still buffer (udx-native always says 4194304)
 * @param seq the packet's seq (DATA, END) or the sender's next unused seq (every other type)
 * @param ack the lowest seq the sender has not yet received in order
 */
public record UdxHeader(int type, int dataOffset, int id, int rwnd, int seq, int ack) {
  /** Bytes of the header. */
  public static final int BYTES = 20;
  /** Byte 0 of every UDX datagram. */
  public static final int MAGIC = 0xFF;
  /** Byte 1 of every UDX datagram this implementation (and libudx) speaks. */
  public static final int VERSION = 1;

  /** Stream payload, one seq. */
  public static final int DATA = 0x01;
  /** No more data from the sender; one seq (shared with DATA when both are set). */
  public static final int END = 0x02;
  /** The body starts with selective-ack blocks. */
  public static final int SACK = 0x04;
  /** The body is one unordered, unacked datagram for the stream's message handler. */
  public static final int MESSAGE = 0x08;
  /** The sender tore the stream down. */
  public static final int DESTROY = 0x10;
  /** A probe to be answered with an ACK; the rest of the packet is ignored. */
  public static final int HEARTBEAT = 0x20;

  /** The receive window udx-native advertises (it never installs a read-buffer callback). */
  public static final int DEFAULT_RWND = 4 * 1024 * 1024;

  /** Checks the byte fields' ranges. */
  public UdxHeader {
    if ((type & ~0xFF) != 0) {
      throw new IllegalArgumentException("type must fit in a byte, got " + type);
    }
    if (dataOffset < 0 || dataOffset > 0xFF) {
      throw new IllegalArgumentException("dataOffset must be 0 to 255, got " + dataOffset);
    }
  }

  /** Whether every bit of {@code flags} is set in the type. */
  public boolean has(int flags) {
    return (type & flags) == flags;
  }

  /**
   * Whether {@code length} bytes at {@code offset} start like a UDX datagram: at least a header,
   * magic {@code 0xFF}, version 1. Anything else goes to the socket's message handler (dht-rpc
   * starts with {@code 0x03} or {@code 0x13}, holepunch probes are one byte).
   */
  public static boolean looksLikeUdx(byte[] bytes, int offset, int length) {
    return length >= BYTES
        && (bytes[offset] & 0xFF) == MAGIC
        && (bytes[offset + 1] & 0xFF) == VERSION;
  }

  /**
   * Reads the header at {@code offset}.
   *
   * @throws IllegalArgumentException if fewer than 20 bytes are there or magic or version differ
   */
  public static UdxHeader read(byte[] bytes, int offset, int length) {
    if (!looksLikeUdx(bytes, offset, length)) {
      throw new IllegalArgumentException(
          "not a UDX header: " + length + " bytes, need " + BYTES + " starting ff 01");
    }
    return new UdxHeader(
        bytes[offset + 2] & 0xFF,
        bytes[offset + 3] & 0xFF,
        readInt(bytes, offset + 4),
        readInt(bytes, offset + 8),
        readInt(bytes, offset + 12),
        readInt(bytes, offset + 16));
  }

  /** Writes the 20 bytes at {@code offset}; returns the offset after them. */
  public int write(byte[] out, int offset) {
    out[offset] = (byte) MAGIC;
    out[offset + 1] = (byte) VERSION;
    out[offset + 2] = (byte) type;
    out[offset + 3] = (byte) dataOffset;
    writeInt(out, offset + 4, id);
    writeInt(out, offset + 8, rwnd);
    writeInt(out, offset + 12, seq);
    writeInt(out, offset + 16, ack);
    return offset + BYTES;
  }

  static int readInt(byte[] bytes, int offset) {
    return (bytes[offset] & 0xFF)
        | (bytes[offset + 1] & 0xFF) << 8
        | (bytes[offset + 2] & 0xFF) << 16
        | (bytes[offset + 3] & 0xFF) << 24;
  }

  static void writeInt(byte[] out, int offset, int value) {
    out[offset] = (byte) value;
    out[offset + 1] = (byte) (value >>> 8);
    out[offset + 2] = (byte) (value >>> 16);
    out[offset + 3] = (byte) (value >>> 24);
  }

  @Override
  public String toString() {
    return "UdxHeader[type=0x"
        + Integer.toHexString(type)
        + ", dataOffset="
        + dataOffset
        + ", id="
        + Seq.unsigned(id)
        + ", rwnd="
        + Seq.unsigned(rwnd)
        + ", seq="
        + Seq.unsigned(seq)
        + ", ack="
        + Seq.unsigned(ack)
        + "]";
  }
}
