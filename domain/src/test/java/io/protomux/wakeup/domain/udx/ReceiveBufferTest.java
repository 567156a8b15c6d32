package io.protomux.wakeup.domain.udx;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReceiveBufferTest {
  private static List<long[]> sacks(ReceiveBuffer buffer, int max) {
    byte[] out = new byte[max * SackBlock.BYTES];
    int blocks = buffer.writeSacks(out, 0, max);
    List<long[]> list = new ArrayList<>();
    for (int i = 0; i < blocks; i++) {
      list.add(new long[] {UdxHeader.readInt(out, i * 8), UdxHeader.readInt(out, i * 8 + 4)});
    }
    return list;
  }

  @Test
  void withMoreRunsThanBlocksTheLowestAndTheNewestAreReportedAscending() {
    ReceiveBuffer buffer = new ReceiveBuffer(4 << 20, 4096, 0);
    for (int seq = 2; seq < 2 + 2 * 200; seq += 2) { // 200 runs of one packet, holes between
      assertThat(buffer.offer(seq, true, new byte[10], 0, 10)).isEqualTo(ReceiveBuffer.Outcome.HELD);
    }
    List<long[]> blocks = sacks(buffer, 128);
    assertThat(blocks).hasSize(128);
    assertThat(blocks.get(0)).containsExactly(2, 3);
    assertThat(blocks.get(1)).containsExactly(2 + 2 * 73, 3 + 2 * 73);
    assertThat(blocks.get(127)).containsExactly(2 + 2 * 199, 3 + 2 * 199);
    for (int i = 1; i < blocks.size(); i++) {
      assertThat(blocks.get(i)[0]).isGreaterThan(blocks.get(i - 1)[1]);
    }
  }

  @Test
  void withFewRunsEveryRunIsReportedAsLibudxDoes() {
    ReceiveBuffer buffer = new ReceiveBuffer(4 << 20, 4096, 5);
    for (int seq : new int[] {7, 8, 9, 12}) {
      buffer.offer(seq, true, new byte[1], 0, 1);
    }
    List<long[]> blocks = sacks(buffer, 128);
    assertThat(blocks).hasSize(2);
    assertThat(blocks.get(0)).containsExactly(7, 10);
    assertThat(blocks.get(1)).containsExactly(12, 13);
  }

  @Test
  void farSeqsAndOverfullWindowsAreRefusedAndNothingIsKeptForThem() {
    ReceiveBuffer buffer = new ReceiveBuffer(10_000, 16, 0);
    assertThat(buffer.offer(16, true, new byte[10], 0, 10)).isEqualTo(ReceiveBuffer.Outcome.BEYOND_WINDOW);
    assertThat(buffer.offer(15, true, new byte[9_000], 0, 9_000)).isEqualTo(ReceiveBuffer.Outcome.HELD);
    assertThat(buffer.offer(14, true, new byte[2_000], 0, 2_000)).isEqualTo(ReceiveBuffer.Outcome.BEYOND_WINDOW);
    assertThat(buffer.heldPackets()).isEqualTo(1);
    assertThat(buffer.bufferedBytes()).isEqualTo(9_000);
    assertThat(buffer.window()).as("out-of-order bytes are not advertised away, as libudx").isEqualTo(10_000);
  }
}
