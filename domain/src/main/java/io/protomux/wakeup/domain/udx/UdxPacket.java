package io.protomux.wakeup.domain.udx;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * One UDX datagram, parsed as libudx reads it: the header, the SACK blocks of a SACK packet, and
 * where the payload of a DATA, END or MESSAGE packet lies in the datagram (after the data-offset
 * padding). The payload is not copied: {@link #payloadOffset()} and {@link #payloadLength()}
 * point into the array given to {@link #parse}.
 *
 * @param header the 20-byte header
 * @param sacks the selective-ack blocks, in wire order (empty unless the SACK bit is set)
 * @param payloadOffset where the payload starts in the parsed array
 * @param payloadLength payload bytes (0 for a packet without a payload)
 * @param dataOffsetTooLarge whether the data offset points past the datagram: libudx drops such a
 *     packet (after answering a heartbeat), and so must a receiver
 */
public record UdxPacket(
    UdxHeader header,
    List<SackBlock> sacks,
    int payloadOffset,
    int payloadLength,
    boolean dataOffsetTooLarge) {

  /** Copies {@code sacks}. */
  public UdxPacket {
    Objects.requireNonNull(header, "header");
    sacks = List.copyOf(sacks);
  }

  /**
   * Parses {@code length} bytes at {@code offset}.
   *
   * @return null if the bytes are not UDX (shorter than a header, or not {@code ff 01}): such a
   *     datagram belongs to the socket's message handler
   */
  public static UdxPacket parse(byte[] bytes, int offset, int length) {
    if (!UdxHeader.looksLikeUdx(bytes, offset, length)) {
      return null;
    }
    UdxHeader header = UdxHeader.read(bytes, offset, length);
    int body = offset + UdxHeader.BYTES;
    int bodyLength = length - UdxHeader.BYTES;
    int dataOffset = header.dataOffset();
    List<SackBlock> sacks = List.of();
    if (header.has(UdxHeader.SACK)) {
      sacks = readSacks(bytes, body, sackBlockCount(dataOffset, bodyLength));
    }
    boolean tooLarge = dataOffset > bodyLength;
    int payloadOffset = body + Math.min(dataOffset, bodyLength);
    int payloadLength = 0;
    if (!tooLarge && header.type() != 0 && carriesPayload(header)) {
      payloadLength = bodyLength - dataOffset;
    }
    return new UdxPacket(header, sacks, payloadOffset, payloadLength, tooLarge);
  }

  /** {@link #parse(byte[], int, int)} of a whole array. */
  public static UdxPacket parse(byte[] datagram) {
    return parse(datagram, 0, datagram.length);
  }

  /**
   * The datagram of a packet: the header, then the SACK blocks, then (for a packet without SACK
   * blocks) {@code header.dataOffset()} zero bytes of padding, then the payload.
   *
   * @throws IllegalArgumentException if SACK blocks are given without the SACK bit, or padding
   *     with them
   */
  public static byte[] encode(
      UdxHeader header, List<SackBlock> sacks, byte[] payload, int payloadOffset, int payloadLength) {
    Objects.checkFromIndexSize(payloadOffset, payloadLength, payload.length);
    boolean sack = header.has(UdxHeader.SACK);
    if (!sacks.isEmpty() && !sack) {
      throw new IllegalArgumentException("SACK blocks need the SACK type bit");
    }
    if (sack && header.dataOffset() != 0) {
      throw new IllegalArgumentException("a SACK packet's blocks fill its body: dataOffset must be 0");
    }
    int padding = sack ? 0 : header.dataOffset();
    byte[] out =
        new byte[UdxHeader.BYTES + sacks.size() * SackBlock.BYTES + padding + payloadLength];
    int at = header.write(out, 0);
    for (SackBlock block : sacks) {
      UdxHeader.writeInt(out, at, block.start());
      UdxHeader.writeInt(out, at + 4, block.end());
      at += SackBlock.BYTES;
    }
    at += padding; // zeros already
    System.arraycopy(payload, payloadOffset, out, at, payloadLength);
    return out;
  }

  /** A packet of only a header (ACK, END, DESTROY, HEARTBEAT). */
  public static byte[] encode(UdxHeader header) {
    return encode(header, List.of(), new byte[0], 0, 0);
  }

  /**
   * How many SACK blocks a SACK packet carries, as libudx reads them: the first {@code
   * dataOffset} bytes of the body when that is less than the body, otherwise all of it, in 8-byte
   * blocks.
   */
  static int sackBlockCount(int dataOffset, int bodyLength) {
    int area = dataOffset > 0 && dataOffset < bodyLength ? dataOffset : bodyLength;
    return area / SackBlock.BYTES;
  }

  private static boolean carriesPayload(UdxHeader header) {
    return header.has(UdxHeader.DATA) || header.has(UdxHeader.MESSAGE);
  }

  private static List<SackBlock> readSacks(byte[] bytes, int offset, int count) {
    List<SackBlock> blocks = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      int at = offset + i * SackBlock.BYTES;
      blocks.add(new SackBlock(UdxHeader.readInt(bytes, at), UdxHeader.readInt(bytes, at + 4)));
    }
    return blocks;
  }
}
