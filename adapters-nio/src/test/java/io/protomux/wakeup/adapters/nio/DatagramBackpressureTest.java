package io.protomux.wakeup.adapters.nio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.protomux.wakeup.ports.datagram.DatagramHandler;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The send queue behind a full system send buffer. Loopback never reports one (Linux frees a
 * loopback datagram's buffer space before sendto returns, however small SO_SNDBUF is), so the
 * system's send is stood in for by {@link Kernel}, which passes datagrams on to the real channel
 * while it has room and reports a full buffer (0) when it has none; what arrives is read back
 * over loopback.
 */
class DatagramBackpressureTest {
  // Small enough that every datagram sent fits the receiver's socket buffer: none is lost.
  private static final NioDatagramOptions OPTIONS = NioDatagramOptions.defaults().withSendQueue(8, 2, 16);

  private final NioEventLoop loop = new NioEventLoop("backpressure-sender");
  private final NioEventLoop receiverLoop = new NioEventLoop("backpressure-receiver");
  private final Kernel kernel = new Kernel();
  private final Events events = new Events();
  private final LinkedBlockingQueue<Integer> arrived = new LinkedBlockingQueue<>();
  private NioDatagramSocket sender;
  private InetSocketAddress toReceiver;

  /** A system send buffer with room for {@code room} more datagrams. Loop only. */
  private static final class Kernel implements NioDatagramSocket.SystemSend {
    int room = Integer.MAX_VALUE;
    InetSocketAddress unreachable;
    final List<Integer> taken = new ArrayList<>();

    @Override
    public int send(DatagramChannel channel, ByteBuffer datagram, InetSocketAddress target) throws IOException {
      if (target.equals(unreachable)) {
        throw new IOException("Network is unreachable (stand-in)");
      }
      if (room == 0) {
        return 0;
      }
      if (room != Integer.MAX_VALUE) {
        room--;
      }
      taken.add(datagram.getInt(datagram.position()));
      return channel.send(datagram, target);
    }
  }

  /** What the sender's handler was told. */
  private static final class Events implements DatagramHandler {
    int writable;
    final CompletableFuture<Throwable> closed = new CompletableFuture<>();

    @Override
    public void onDatagram(ByteBuffer datagram, InetSocketAddress source) {}

    @Override
    public void onWritable() {
      writable++;
    }

    @Override
    public void onClose(Throwable cause) {
      closed.complete(cause);
    }
  }

  @BeforeEach
  void bind() throws Exception {
    NioDatagramSocket receiver = new NioDatagrams(receiverLoop).bind("127.0.0.1", 0);
    receiverLoop.submit(() -> {
      receiver.setHandler((datagram, source) -> arrived.add(datagram.getInt()));
      return null;
    }).get(20, TimeUnit.SECONDS);
    toReceiver = receiver.localAddress();
    sender = new NioDatagrams(loop, OPTIONS).bind("127.0.0.1", 0, kernel);
    onLoop(() -> {
      sender.setHandler(events);
      return null;
    });
  }

  @AfterEach
  void stop() {
    loop.close();
    receiverLoop.close();
  }

  private <T> T onLoop(Supplier<T> task) throws Exception {
    return loop.submit(task).get(20, TimeUnit.SECONDS);
  }

  private void await(String what, BooleanSupplier condition) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (!onLoop(condition::getAsBoolean)) {
      assertThat(System.nanoTime()).as("waiting for " + what).isLessThan(deadline);
      Thread.sleep(1);
    }
  }

  private static ByteBuffer numbered(int sequence) {
    return ByteBuffer.allocate(4).putInt(0, sequence);
  }

  /** Sends {@code from} to {@code to} (exclusive) and returns what send said of each. */
  private List<Boolean> sendRange(int from, int to) {
    List<Boolean> accepted = new ArrayList<>();
    for (int i = from; i < to; i++) {
      accepted.add(sender.send(numbered(i), toReceiver));
    }
    return accepted;
  }

  private List<Integer> arrivals(int count) throws InterruptedException {
    List<Integer> got = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      Integer next = arrived.poll(20, TimeUnit.SECONDS);
      assertThat(next).as("datagram " + i + " of " + count + " within 20 s").isNotNull();
      got.add(next);
    }
    return got;
  }

  private static List<Integer> range(int from, int to) {
    List<Integer> numbers = new ArrayList<>();
    for (int i = from; i < to; i++) {
      numbers.add(i);
    }
    return numbers;
  }

  @Test
  void aFullSendBufferQueuesAndLaterSendsWaitBehindTheQueueSoNothingIsReordered() throws Exception {
    NioDatagramStats queuedStats = onLoop(() -> {
      kernel.room = 2;
      assertThat(sendRange(0, 5)).containsOnly(true);
      // The system has room again, but 2..4 are waiting: 5 must not overtake them.
      kernel.room = Integer.MAX_VALUE;
      assertThat(sender.send(numbered(5), toReceiver)).isTrue();
      assertThat(kernel.taken).containsExactly(0, 1);
      assertThat(sender.waitsForRoom()).isTrue();
      return sender.stats();
    });
    assertThat(queuedStats.sent()).isEqualTo(2);
    assertThat(queuedStats.queued()).isEqualTo(4);
    assertThat(queuedStats.queueDepth()).isEqualTo(4);

    assertThat(arrivals(6)).containsExactlyElementsOf(range(0, 6));
    await("the queue to drain", () -> sender.stats().queueDepth() == 0);
    NioDatagramStats drained = onLoop(sender::stats);
    assertThat(drained.sent()).isEqualTo(6);
    assertThat(drained.dropped()).isZero();
    assertThat(onLoop(() -> kernel.taken)).containsExactlyElementsOf(range(0, 6));
    assertThat(onLoop(sender::waitsForRoom)).as("an empty queue must not keep the loop spinning").isFalse();
    // Drained, the queue is bypassed again: the next datagram goes to the system at once.
    assertThat(onLoop(() -> sender.send(numbered(6), toReceiver) && sender.stats().queued() == 4)).isTrue();
    assertThat(arrivals(1)).containsExactly(6);
  }

  @Test
  void aQueuedDatagramIsACopyAndTheCallersBufferIsFreeAtOnce() throws Exception {
    onLoop(() -> {
      kernel.room = 0;
      ByteBuffer reused = ByteBuffer.allocate(4);
      reused.putInt(0, 100);
      assertThat(sender.send(reused, toReceiver)).isTrue();
      assertThat(reused.remaining()).as("an accepted datagram's buffer is consumed").isZero();
      reused.clear().putInt(0, 101);
      assertThat(sender.send(reused, toReceiver)).isTrue();
      kernel.room = Integer.MAX_VALUE;
      return null;
    });
    assertThat(arrivals(2)).containsExactly(100, 101);
  }

  @Test
  void isWritableGoesFalseAboveHighWaterAndOnWritableFiresOnceDrainedToLowWater() throws Exception {
    onLoop(() -> {
      kernel.room = 0;
      sendRange(0, 8);
      assertThat(sender.isWritable()).as("8 queued is at the high-water mark, not above").isTrue();
      sendRange(8, 9);
      assertThat(sender.isWritable()).as("9 queued is above it").isFalse();
      assertThat(sender.send(numbered(9), toReceiver)).as("still accepted below the hard limit").isTrue();
      assertThat(sender.stats().highWaterReached()).isEqualTo(1);
      kernel.room = 7;
      return null;
    });
    await("7 datagrams to leave", () -> kernel.taken.size() == 7);
    assertThat(onLoop(() -> List.of(sender.stats().queueDepth(), sender.isWritable() ? 1 : 0, events.writable)))
        .as("3 still queued, above the low-water mark of 2: depth, writable, onWritable calls")
        .containsExactly(3, 0, 0);
    onLoop(() -> kernel.room = 1);
    await("onWritable", () -> events.writable > 0);
    assertThat(onLoop(() -> List.of(sender.stats().queueDepth(), sender.isWritable() ? 1 : 0, events.writable)))
        .containsExactly(2, 1, 1);

    onLoop(() -> kernel.room = Integer.MAX_VALUE);
    assertThat(arrivals(10)).containsExactlyElementsOf(range(0, 10));
    await("the queue to drain", () -> sender.stats().queueDepth() == 0);
    assertThat(onLoop(() -> events.writable)).as("one episode, one call").isEqualTo(1);
  }

  @Test
  void aFullQueueDropsAndCountsWhatItCannotHold() throws Exception {
    onLoop(() -> {
      kernel.room = 0;
      assertThat(sendRange(0, 16)).containsOnly(true);
      ByteBuffer dropped = numbered(16);
      assertThat(sender.send(dropped, toReceiver)).isFalse();
      assertThat(dropped.position()).as("a dropped datagram's buffer is untouched").isZero();
      assertThat(sendRange(17, 20)).containsOnly(false);
      NioDatagramStats stats = sender.stats();
      assertThat(stats.droppedQueueFull()).isEqualTo(4);
      assertThat(stats.dropped()).isEqualTo(4);
      assertThat(stats.queueDepth()).isEqualTo(16);
      assertThat(stats.peakQueueDepth()).isEqualTo(16);
      kernel.room = Integer.MAX_VALUE;
      return null;
    });
    assertThat(arrivals(16)).containsExactlyElementsOf(range(0, 16));
    await("the queue to drain", () -> sender.stats().queueDepth() == 0);
    assertThat(onLoop(() -> sender.stats().sent())).isEqualTo(16);
  }

  @Test
  void aDatagramTheSystemRefusesLeavesTheQueueCountedAndTheOthersFollow() throws Exception {
    InetSocketAddress nowhere = new InetSocketAddress("127.0.0.1", 9);
    onLoop(() -> {
      kernel.room = 0;
      sender.send(numbered(0), toReceiver);
      kernel.unreachable = nowhere;
      sender.send(numbered(1), nowhere);
      sender.send(numbered(2), toReceiver);
      kernel.room = Integer.MAX_VALUE;
      return null;
    });
    assertThat(arrivals(2)).containsExactly(0, 2);
    await("the queue to drain", () -> sender.stats().queueDepth() == 0);
    NioDatagramStats stats = onLoop(sender::stats);
    assertThat(stats.droppedSendError()).isEqualTo(1);
    assertThat(stats.sent()).isEqualTo(2);
    assertThat(onLoop(() -> sender.send(numbered(3), nowhere))).as("refused straight away too").isFalse();
    assertThat(onLoop(() -> sender.stats().droppedSendError())).isEqualTo(2);
    assertThat(sender.isOpen()).isTrue();
  }

  @Test
  void closingWithDatagramsQueuedDiscardsThemReleasesTheirSlotsAndLaterSendsAreDropped() throws Exception {
    onLoop(() -> {
      kernel.room = 0;
      sendRange(0, 10);
      assertThat(sender.queueSlots()).isEqualTo(10);
      sender.close();
      return null;
    });
    assertThat(events.closed.get(20, TimeUnit.SECONDS)).isNull();
    onLoop(() -> {
      NioDatagramStats stats = sender.stats();
      assertThat(stats.discardedAtClose()).isEqualTo(10);
      assertThat(stats.queueDepth()).isZero();
      assertThat(sender.queueSlots()).isZero();
      assertThat(sender.isWritable()).isFalse();
      kernel.room = Integer.MAX_VALUE;
      assertThat(sender.send(numbered(10), toReceiver)).isFalse();
      assertThat(sender.stats().droppedClosed()).isEqualTo(1);
      assertThat(kernel.taken).isEmpty();
      return null;
    });
    assertThat(events.writable).isZero();
    assertThat(arrived.poll(100, TimeUnit.MILLISECONDS)).as("nothing queued leaves after close").isNull();
  }

  @Test
  void aSocketWithoutAHandlerStillFlushesItsQueue() throws Exception {
    NioDatagramSocket bare = new NioDatagrams(loop, OPTIONS).bind("127.0.0.1", 0, kernel);
    onLoop(() -> {
      kernel.room = 0;
      bare.send(numbered(7), toReceiver);
      bare.send(numbered(8), toReceiver);
      kernel.room = Integer.MAX_VALUE;
      return null;
    });
    assertThat(arrivals(2)).containsExactly(7, 8);
  }

  @Test
  void aDatagramOverTheLimitIsRefusedNamingTheLimit() throws Exception {
    onLoop(() -> {
      assertThatThrownBy(() -> sender.send(ByteBuffer.allocate(2049), toReceiver))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("datagram of 2049 bytes is longer than maxDatagramBytes (2048)");
      assertThat(sender.send(ByteBuffer.allocate(2048).putInt(0, 1), toReceiver)).isTrue();
      return null;
    });
    assertThat(arrivals(1)).containsExactly(1);
  }
}
