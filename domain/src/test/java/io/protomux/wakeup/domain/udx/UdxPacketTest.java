package io.protomux.wakeup.domain.udx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/** What the vectors do not show: hostile data offsets, SACK areas, the wrap of seq numbers. */
class UdxPacketTest {
  private static UdxHeader header(int type, int dataOffset) {
    return new UdxHeader(type, dataOffset, 7, UdxHeader.DEFAULT_RWND, 3, 2);
  }

  @Test
  void aDataOffsetPastTheEndIsFlaggedAndCarriesNoPayload() {
    byte[] datagram = UdxPacket.encode(header(UdxHeader.DATA, 0), List.of(), new byte[5], 0, 5);
    datagram[3] = 6; // points one byte past the 5-byte body
    UdxPacket parsed = UdxPacket.parse(datagram);
    assertThat(parsed.dataOffsetTooLarge()).isTrue();
    assertThat(parsed.payloadLength()).isZero();
    assertThat(parsed.payloadOffset()).isEqualTo(datagram.length);
  }

  @Test
  void probePaddingIsSkippedBeforeThePayload() {
    byte[] payload = {1, 2, 3};
    byte[] datagram = UdxPacket.encode(header(UdxHeader.DATA, 32), List.of(), payload, 0, 3);
    assertThat(datagram).hasSize(20 + 32 + 3);
    UdxPacket parsed = UdxPacket.parse(datagram);
    assertThat(parsed.payloadOffset()).isEqualTo(52);
    assertThat(parsed.payloadLength()).isEqualTo(3);
  }

  @Test
  void aSackAreaIsTheDataOffsetWhenShorterThanTheBodyAndTheWholeBodyOtherwise() {
    List<SackBlock> blocks = List.of(new SackBlock(5, 6), new SackBlock(8, 10));
    byte[] datagram = UdxPacket.encode(header(UdxHeader.SACK, 0), blocks, new byte[0], 0, 0);
    assertThat(UdxPacket.parse(datagram).sacks()).isEqualTo(blocks);
    datagram[3] = 8; // only the first block counts
    assertThat(UdxPacket.parse(datagram).sacks()).containsExactly(new SackBlock(5, 6));
    byte[] ragged = new byte[datagram.length + 5]; // trailing bytes short of a block are ignored
    System.arraycopy(datagram, 0, ragged, 0, datagram.length);
    ragged[3] = 0;
    assertThat(UdxPacket.parse(ragged).sacks()).isEqualTo(blocks);
  }

  @Test
  void notUdxIsNull() {
    assertThat(UdxPacket.parse(new byte[19])).isNull();
    byte[] header = UdxPacket.encode(header(0, 0));
    header[1] = 2;
    assertThat(UdxPacket.parse(header)).isNull();
    header[1] = 1;
    header[0] = 0x03; // a dht-rpc request
    assertThat(UdxPacket.parse(header)).isNull();
  }

  @Test
  void encodingRefusesBlocksWithoutTheSackBitAndPaddingWithThem() {
    assertThatThrownBy(
            () -> UdxPacket.encode(header(0, 0), List.of(new SackBlock(1, 2)), new byte[0], 0, 0))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> UdxPacket.encode(header(UdxHeader.SACK, 8), List.of(), new byte[0], 0, 0))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void seqComparesAcrossTheWrap() {
    int last = 0xFFFF_FFFF;
    assertThat(Seq.lt(last, 0)).isTrue();
    assertThat(Seq.gt(0, last)).isTrue();
    assertThat(Seq.diff(2, last)).isEqualTo(3);
    assertThat(new SackBlock(last, 2).length()).isEqualTo(3);
    assertThat(new SackBlock(5, 5).length()).isZero();
    assertThat(Seq.unsigned(last)).isEqualTo(4294967295L);
  }
}
