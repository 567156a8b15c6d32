package io.protomux.wakeup.adapters.nio;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.GatheringByteChannel;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class OutboundQueueTest {
  private final ByteBuffer[] scratch = new ByteBuffer[8];

  @Test
  void writesEverythingInOrderWhenTheChannelTakesAll() throws Exception {
    FakeChannel channel = new FakeChannel(Integer.MAX_VALUE);
    OutboundQueue queue = new OutboundQueue();
    queue.add(bytes(0, 10));
    queue.add(bytes(10, 5));
    queue.add(ByteBuffer.allocate(0));
    queue.add(bytes(15, 20));

    assertThat(queue.bytes()).isEqualTo(35);
    assertThat(queue.writeTo(channel, scratch)).isTrue();

    assertThat(queue.isEmpty()).isTrue();
    assertThat(queue.bytes()).isZero();
    assertThat(channel.written()).isEqualTo(expected(0, 35));
    assertThat(channel.calls.get(0)).as("one gathering write").isEqualTo(3);
    assertThat(scratch).containsOnlyNulls();
  }

  @Test
  void keepsTheRemainderQueuedAfterAPartialWrite() throws Exception {
    FakeChannel channel = new FakeChannel(12);
    OutboundQueue queue = new OutboundQueue();
    queue.add(bytes(0, 10));
    queue.add(bytes(10, 10));

    assertThat(queue.writeTo(channel, scratch)).isFalse();
    assertThat(queue.bytes()).isEqualTo(8);

    channel.budget = 100;
    assertThat(queue.writeTo(channel, scratch)).isTrue();
    assertThat(channel.written()).isEqualTo(expected(0, 20));
  }

  @Test
  void offersAtMostTheCapPerCallCuttingALargeBuffer() throws Exception {
    int size = 3 * OutboundQueue.MAX_BYTES_PER_WRITE + 5;
    FakeChannel channel = new FakeChannel(Integer.MAX_VALUE);
    OutboundQueue queue = new OutboundQueue();
    queue.add(bytes(0, 7));
    queue.add(bytes(7, size));

    assertThat(queue.writeTo(channel, scratch)).isTrue();

    assertThat(channel.offered).allMatch(n -> n <= OutboundQueue.MAX_BYTES_PER_WRITE);
    assertThat(channel.written()).isEqualTo(expected(0, size + 7));
  }

  @Test
  void gathersNoMoreBuffersThanTheScratchHolds() throws Exception {
    FakeChannel channel = new FakeChannel(Integer.MAX_VALUE);
    OutboundQueue queue = new OutboundQueue();
    for (int i = 0; i < 20; i++) {
      queue.add(bytes(i, 1));
    }

    assertThat(queue.writeTo(channel, scratch)).isTrue();

    assertThat(channel.calls).containsExactly(8, 8, 4);
    assertThat(channel.written()).isEqualTo(expected(0, 20));
  }

  private static ByteBuffer bytes(int from, int count) {
    return ByteBuffer.wrap(expected(from, count));
  }

  private static byte[] expected(int from, int count) {
    byte[] bytes = new byte[count];
    for (int i = 0; i < count; i++) {
      bytes[i] = (byte) (from + i);
    }
    return bytes;
  }

  /** Takes at most {@code budget} bytes in total, like a socket with that much buffer room. */
  private static final class FakeChannel implements GatheringByteChannel {
    final List<Integer> calls = new ArrayList<>();
    final List<Long> offered = new ArrayList<>();
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    long budget;

    FakeChannel(long budget) {
      this.budget = budget;
    }

    byte[] written() {
      return out.toByteArray();
    }

    @Override
    public long write(ByteBuffer[] sources, int offset, int length) {
      calls.add(length);
      long total = 0;
      for (int i = offset; i < offset + length; i++) {
        total += sources[i].remaining();
      }
      offered.add(total);
      long taken = 0;
      for (int i = offset; i < offset + length && budget > 0; i++) {
        taken += take(sources[i]);
      }
      return taken;
    }

    @Override
    public long write(ByteBuffer[] sources) {
      return write(sources, 0, sources.length);
    }

    @Override
    public int write(ByteBuffer source) {
      calls.add(1);
      offered.add((long) source.remaining());
      return take(source);
    }

    private int take(ByteBuffer source) {
      int n = (int) Math.min(budget, source.remaining());
      for (int i = 0; i < n; i++) {
        out.write(source.get());
      }
      budget -= n;
      return n;
    }

    @Override
    public boolean isOpen() {
      return true;
    }

    @Override
    public void close() {}
  }
}
