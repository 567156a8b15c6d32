package io.protomux.wakeup.fuzz;

import static org.assertj.core.api.Assertions.assertThatCode;

import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/**
 * Inputs the UDX fuzz targets broke the domain with, minimized and kept as ordinary tests after
 * the fix (each also lives as a {@code crash-*} file in the target's Inputs directory, which the
 * regression run replays).
 */
class UdxStreamRegressionTest {
  private static final HexFormat HEX = HexFormat.of();

  /**
   * One 20-byte ACK whose ack is the stream's next seq plus 2^31 (here 0x80000000 for a stream
   * that has sent nothing). {@code UdxStream.onPacket} lets it through, because {@code
   * Seq.gt(ack, nextSeq)} is false at a distance of exactly 2^31; {@code UdxSender.onAck} then
   * loops on {@code Seq.lt(una, ack)}, which is true at the same distance, and shifts an empty
   * in-flight ring: it was a {@code NullPointerException} out of {@code UdxSocket.onDatagram}, with {@code
   * una} already moved past {@code nxt} (the stream's in-flight count is -1 afterwards).
   *
   * <p>Input, in {@link UdxStreamFuzzTest}'s format: options 0 (connected, defaults), one record:
   * op 0x09 (run what is due, then force to the fuzzed stream, arrive), 20 bytes {@code
   * ff010000 04030201 00004000 00000000 00000080}. Found as {@code
   * crash-b12598e1de8c1ca31fc2cfd22529dd03c6f706eb} (8156 bytes; its third datagram is this one).
   */
  @Test
  void anAckHalfTheSequenceSpaceAheadIsRefusedWithoutAThrow() {
    byte[] input = HEX.parseHex("00" + "091400" + "ff010000040302010000400000000000" + "00000080");
    assertThatCode(() -> UdxStreamFuzzTest.play(input)).doesNotThrowAnyException();
  }
}
