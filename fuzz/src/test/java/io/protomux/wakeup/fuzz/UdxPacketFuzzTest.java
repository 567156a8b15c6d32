package io.protomux.wakeup.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.protomux.wakeup.domain.udx.SackBlock;
import io.protomux.wakeup.domain.udx.UdxHeader;
import io.protomux.wakeup.domain.udx.UdxPacket;
import java.util.Arrays;
import java.util.List;

/**
 * Fuzz target 6, the UDX datagram parser: the input is one datagram for {@link UdxPacket#parse},
 * which documents no exception at all (anything that is not UDX is {@code null}, for the socket's
 * message handler), so nothing may escape it. Checked against an independent reading of the
 * bytes, as libudx reads them:
 *
 * <ul>
 *   <li>{@code null} exactly when the datagram is shorter than a header or does not start {@code
 *       ff 01} (and then {@link UdxHeader#read} refuses it with its documented {@code
 *       IllegalArgumentException});
 *   <li>the header fields are bytes 2, 3 and the four little-endian u32s;
 *   <li>SACK blocks only with the SACK bit, read from the first {@code dataOffset} body bytes when
 *       that is less than the body, else from all of it, never past the datagram;
 *   <li>the payload lies inside the datagram after the header and the data offset, is empty when
 *       the offset points past the end ({@code dataOffsetTooLarge}) or the type carries no
 *       payload, and is the rest of the datagram for DATA and MESSAGE;
 *   <li>the same bytes parsed at an offset inside a larger array (junk around them) give the same
 *       packet, shifted: nothing outside the given range is read;
 *   <li>unless the data offset is too large, {@link UdxPacket#encode} of the parsed packet
 *       re-parses to the same header and SACK blocks (and payload).
 * </ul>
 *
 * <p>The round trip has two documented limits of {@code encode}: a SACK header with a nonzero
 * data offset is refused with {@code IllegalArgumentException} (checked, then re-encoded with
 * offset 0, which re-parses to the same blocks), and a SACK packet's payload is left out, because
 * encode puts it right behind the blocks with offset 0, where a receiver reads it as more blocks.
 *
 * <p>Input: the datagram, nothing else. Seeds: every datagram captured in {@code vectors/udx}
 * (see {@link SeedCorpus}).
 */
class UdxPacketFuzzTest {
  @FuzzTest
  void parseDatagram(byte[] input) {
    UdxPacket packet = UdxPacket.parse(input);
    checkAgainstBytes(input, 0, input.length, packet);

    // The same bytes inside a larger array, with junk that looks like UDX around them.
    int before = 1 + (input.length % 7);
    byte[] embedded = new byte[before + input.length + 24];
    Arrays.fill(embedded, (byte) 0xFF);
    for (int i = 1; i < embedded.length; i += 2) {
      embedded[i] = 0x01;
    }
    System.arraycopy(input, 0, embedded, before, input.length);
    UdxPacket inside = UdxPacket.parse(embedded, before, input.length);
    checkAgainstBytes(embedded, before, input.length, inside);
    if ((packet == null) != (inside == null)) {
      throw new AssertionError("parsing at an offset decides UDX-or-not differently");
    }
    if (packet != null
        && !(packet.header().equals(inside.header())
            && packet.sacks().equals(inside.sacks())
            && packet.payloadOffset() + before == inside.payloadOffset()
            && packet.payloadLength() == inside.payloadLength()
            && packet.dataOffsetTooLarge() == inside.dataOffsetTooLarge())) {
      throw new AssertionError("parsing at an offset gives another packet: " + packet + " / " + inside);
    }

    if (packet != null && !packet.dataOffsetTooLarge()) {
      roundTrip(input, packet);
    }
  }

  /** {@code packet} is what libudx makes of {@code length} bytes at {@code offset}. */
  private static void checkAgainstBytes(byte[] bytes, int offset, int length, UdxPacket packet) {
    boolean udx = length >= 20 && (bytes[offset] & 0xFF) == 0xFF && bytes[offset + 1] == 1;
    if (!udx) {
      if (packet != null) {
        throw new AssertionError("not UDX but parsed: " + packet);
      }
      try {
        UdxHeader.read(bytes, offset, length);
        throw new AssertionError("UdxHeader.read accepted what parse refused");
      } catch (IllegalArgumentException expected) {
        // documented
      }
      return;
    }
    if (packet == null) {
      throw new AssertionError("a UDX datagram (" + length + " bytes, ff 01) parsed as null");
    }
    UdxHeader header = packet.header();
    int type = bytes[offset + 2] & 0xFF;
    int dataOffset = bytes[offset + 3] & 0xFF;
    if (header.type() != type
        || header.dataOffset() != dataOffset
        || header.id() != le32(bytes, offset + 4)
        || header.rwnd() != le32(bytes, offset + 8)
        || header.seq() != le32(bytes, offset + 12)
        || header.ack() != le32(bytes, offset + 16)) {
      throw new AssertionError("header fields differ from the bytes: " + header);
    }
    int body = length - UdxHeader.BYTES;
    List<SackBlock> sacks = packet.sacks();
    if ((type & UdxHeader.SACK) == 0) {
      if (!sacks.isEmpty()) {
        throw new AssertionError("SACK blocks without the SACK bit");
      }
    } else {
      int area = dataOffset > 0 && dataOffset < body ? dataOffset : body;
      if (sacks.size() != area / SackBlock.BYTES) {
        throw new AssertionError(sacks.size() + " SACK blocks in an area of " + area + " bytes");
      }
      for (int i = 0; i < sacks.size(); i++) {
        int at = offset + UdxHeader.BYTES + i * SackBlock.BYTES;
        if (sacks.get(i).start() != le32(bytes, at) || sacks.get(i).end() != le32(bytes, at + 4)) {
          throw new AssertionError("SACK block " + i + " differs from the bytes: " + sacks.get(i));
        }
        if (sacks.get(i).length() < 0) {
          throw new AssertionError("negative SACK block length: " + sacks.get(i));
        }
      }
    }
    boolean tooLarge = dataOffset > body;
    if (packet.dataOffsetTooLarge() != tooLarge) {
      throw new AssertionError("dataOffsetTooLarge is " + packet.dataOffsetTooLarge() + " for offset "
          + dataOffset + " in a body of " + body);
    }
    int payloadOffset = packet.payloadOffset();
    int payloadLength = packet.payloadLength();
    int end = offset + length;
    if (payloadLength < 0
        || payloadOffset < offset + UdxHeader.BYTES
        || payloadOffset > end
        || payloadLength > end - payloadOffset) {
      throw new AssertionError(
          "payload [" + payloadOffset + ", +" + payloadLength + ") outside [" + offset + ", " + end + ")");
    }
    boolean carries = type != 0 && (type & (UdxHeader.DATA | UdxHeader.MESSAGE)) != 0;
    int expectedLength = !tooLarge && carries ? body - dataOffset : 0;
    if (payloadLength != expectedLength) {
      throw new AssertionError("payload of " + payloadLength + " bytes, expected " + expectedLength);
    }
    if (payloadLength > 0 && payloadOffset != offset + UdxHeader.BYTES + dataOffset) {
      throw new AssertionError("payload starts at " + payloadOffset + ", not after the data offset");
    }
  }

  private static void roundTrip(byte[] input, UdxPacket packet) {
    UdxHeader header = packet.header();
    boolean sack = header.has(UdxHeader.SACK);
    if (sack && header.dataOffset() != 0) {
      try {
        UdxPacket.encode(header, packet.sacks(), input, packet.payloadOffset(), packet.payloadLength());
        throw new AssertionError("encode accepted a SACK header with data offset " + header.dataOffset());
      } catch (IllegalArgumentException expected) {
        // documented: the blocks fill a SACK packet's body, so its offset must be 0
      }
      header =
          new UdxHeader(header.type(), 0, header.id(), header.rwnd(), header.seq(), header.ack());
    }
    // A SACK packet's payload is left out: encode would put it behind the blocks at offset 0,
    // where a receiver (libudx and parse alike) reads it as more blocks.
    int payloadLength = sack ? 0 : packet.payloadLength();
    byte[] again = UdxPacket.encode(header, packet.sacks(), input, packet.payloadOffset(), payloadLength);
    UdxPacket reparsed = UdxPacket.parse(again);
    if (reparsed == null
        || !reparsed.header().equals(header)
        || !reparsed.sacks().equals(packet.sacks())
        || reparsed.dataOffsetTooLarge()) {
      throw new AssertionError("encode(parse(x)) re-parses differently: " + packet + " -> " + reparsed);
    }
    if (!sack
        && !Arrays.equals(
            input, packet.payloadOffset(), packet.payloadOffset() + packet.payloadLength(),
            again, reparsed.payloadOffset(), reparsed.payloadOffset() + reparsed.payloadLength())) {
      throw new AssertionError("encode(parse(x)) changes the payload");
    }
  }

  private static int le32(byte[] bytes, int at) {
    return (bytes[at] & 0xFF)
        | (bytes[at + 1] & 0xFF) << 8
        | (bytes[at + 2] & 0xFF) << 16
        | (bytes[at + 3] & 0xFF) << 24;
  }
}
