package io.protomux.wakeup.adapters.nio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

/** The send queue on its own: order across the ring's wrap, copies, slot reuse, limits. */
class DatagramSendQueueTest {
  private static final InetSocketAddress A = new InetSocketAddress("127.0.0.1", 1000);
  private static final InetSocketAddress B = new InetSocketAddress("127.0.0.1", 2000);

  private static ByteBuffer numbered(int sequence) {
    return ByteBuffer.allocate(4).putInt(0, sequence);
  }

  private static int takeNumber(DatagramSendQueue queue) {
    int number = queue.peek().getInt(queue.peek().position());
    queue.remove();
    return number;
  }

  @Test
  void datagramsLeaveInOrderWithTheirTargetsAcrossTheRingsWrap() {
    DatagramSendQueue queue = new DatagramSendQueue(4, 16);
    int next = 0;
    int expected = 0;
    for (int round = 0; round < 5; round++) {
      while (!queue.isFull()) {
        queue.add(numbered(next), next % 2 == 0 ? A : B);
        next++;
      }
      for (int i = 0; i < 3; i++) {
        assertThat(queue.peekTarget()).isEqualTo(expected % 2 == 0 ? A : B);
        assertThat(takeNumber(queue)).isEqualTo(expected++);
      }
    }
    assertThat(queue.size()).isEqualTo(1);
    assertThat(takeNumber(queue)).isEqualTo(expected);
    assertThat(queue.isEmpty()).isTrue();
    assertThat(queue.peek()).isNull();
    assertThat(queue.peekTarget()).isNull();
  }

  @Test
  void addCopiesAndConsumesTheCallersBuffer() {
    DatagramSendQueue queue = new DatagramSendQueue(2, 16);
    ByteBuffer mine = ByteBuffer.allocate(8).putInt(0, 42).limit(4);
    queue.add(mine, A);
    assertThat(mine.position()).isEqualTo(4);
    mine.putInt(0, 43);
    assertThat(queue.peek().remaining()).isEqualTo(4);
    assertThat(queue.peek().isDirect()).isTrue();
    assertThat(queue.peek().getInt(0)).isEqualTo(42);
  }

  @Test
  void slotsAreAllocatedOnlyToTheDeepestTheQueueHasBeenAndReused() {
    DatagramSendQueue queue = new DatagramSendQueue(64, 16);
    for (int i = 0; i < 1000; i++) {
      queue.add(numbered(i), A);
      if (i % 2 == 1) {
        queue.remove();
        queue.remove();
      }
    }
    assertThat(queue.allocatedSlots()).as("never more than 2 queued at once").isEqualTo(2);
    for (int i = 0; i < 5; i++) {
      queue.add(numbered(i), A);
    }
    assertThat(queue.allocatedSlots()).isEqualTo(5);
    assertThat(queue.clear()).isEqualTo(5);
    assertThat(queue.allocatedSlots()).isZero();
    assertThat(queue.isEmpty()).isTrue();
  }

  @Test
  void queueingBelowThePeakDepthAllocatesNothing() {
    com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    DatagramSendQueue queue = new DatagramSendQueue(16, 2048);
    ByteBuffer datagram = ByteBuffer.allocate(1200);
    for (int i = 0; i < 16; i++) {
      queue.add(datagram.clear(), A);
    }
    for (int i = 0; i < 16; i++) {
      queue.remove();
    }
    long before = threads.getCurrentThreadAllocatedBytes();
    for (int i = 0; i < 100_000; i++) {
      queue.add(datagram.clear(), i % 2 == 0 ? A : B);
      queue.add(datagram.clear(), A);
      queue.remove();
      queue.remove();
    }
    long allocated = threads.getCurrentThreadAllocatedBytes() - before;
    // One buffer per datagram would be at least 200,000 objects; a few kilobytes are the
    // measurement's own noise.
    assertThat(allocated).isLessThan(16 * 1024);
  }

  @Test
  void misuseIsRefused() {
    DatagramSendQueue queue = new DatagramSendQueue(1, 8);
    assertThatThrownBy(() -> queue.add(ByteBuffer.allocate(9), A))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("9 bytes")
        .hasMessageContaining("slot of 8");
    assertThatThrownBy(queue::remove).isInstanceOf(IllegalStateException.class);
    queue.add(ByteBuffer.allocate(8), A);
    assertThatThrownBy(() -> queue.add(ByteBuffer.allocate(1), A))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("full");
  }
}
