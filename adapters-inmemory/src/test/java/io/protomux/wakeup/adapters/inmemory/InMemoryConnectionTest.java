package io.protomux.wakeup.adapters.inmemory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class InMemoryConnectionTest {
  private final VirtualTimeLoop loop = new VirtualTimeLoop();
  private final RecordingHandler left = new RecordingHandler();
  private final RecordingHandler right = new RecordingHandler();
  private InMemoryNetwork network;
  private InMemoryConnection a;
  private InMemoryConnection b;

  private void connect(NetworkOptions options) {
    network = new InMemoryNetwork(loop, options);
    Link link = network.pair();
    a = link.initiator();
    b = link.responder();
    a.setHandler(left);
    b.setHandler(right);
  }

  @Test
  void chunkedDataArrivesIntactAndInOrderBothWays() {
    connect(NetworkOptions.defaults().withSeed(7).withChunking(13));
    Random random = new Random(1);
    ByteArrayOutputStream sentByA = new ByteArrayOutputStream();
    ByteArrayOutputStream sentByB = new ByteArrayOutputStream();
    List<Integer> writeSizesOfA = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      byte[] message = new byte[1 + random.nextInt(40)];
      random.nextBytes(message);
      if (i % 2 == 0) {
        writeSizesOfA.add(message.length);
      }
      (i % 2 == 0 ? sentByA : sentByB).writeBytes(message);
      (i % 2 == 0 ? a : b).write(ByteBuffer.wrap(message));
      if (i % 17 == 0) {
        loop.runFor(0);
      }
    }

    loop.runUntilIdle();

    assertThat(right.bytes()).isEqualTo(sentByA.toByteArray());
    assertThat(left.bytes()).isEqualTo(sentByB.toByteArray());
    assertThat(right.chunkSizes).allMatch(size -> size >= 1 && size <= 13);
    assertThat(right.chunkSizes).isNotEqualTo(writeSizesOfA);
  }

  @Test
  void withoutChunkingEachWriteIsOneDelivery() {
    connect(NetworkOptions.defaults());
    a.write(bytes("hello"));
    a.write(bytes(", "));
    a.write(bytes("world"));

    loop.runUntilIdle();

    assertThat(right.chunkSizes).containsExactly(5, 2, 5);
    assertThat(new String(right.bytes(), StandardCharsets.UTF_8)).isEqualTo("hello, world");
  }

  @Test
  void theWriterGivesUpTheBuffer() {
    connect(NetworkOptions.defaults());
    ByteBuffer buffer = bytes("abc");
    a.write(buffer);
    assertThat(buffer.hasRemaining()).isFalse();
    buffer.clear().put((byte) 'x'); // reusing it must not change what was sent
    loop.runUntilIdle();
    assertThat(right.bytes()).isEqualTo("abc".getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void latencyDelaysDeliveryByExactlyThatManyVirtualMilliseconds() {
    connect(NetworkOptions.defaults().withLatencyMillis(30));
    a.link().toInitiator().setLatencyMillis(5);
    List<Delivery> deliveries = new ArrayList<>();
    network.addTap(deliveries::add);

    loop.runFor(10);
    a.write(bytes("ping"));
    b.write(bytes("pong"));
    loop.runFor(14);
    assertThat(left.bytes()).hasSize(4);
    assertThat(right.bytes()).isEmpty();
    loop.runFor(15);
    assertThat(right.bytes()).isEmpty();
    loop.runFor(1);
    assertThat(right.bytes()).hasSize(4);

    assertThat(deliveries)
        .extracting(Delivery::atMillis, Delivery::receiver)
        .containsExactly(
            tuple(15L, "pair-1/initiator"),
            tuple(40L, "pair-1/responder"));
  }

  @Test
  void aLaterWriteNeverOvertakesAnEarlierOne() {
    connect(NetworkOptions.defaults().withLatencyMillis(100));
    a.write(bytes("slow "));
    a.link().setLatencyMillis(0);
    a.write(bytes("fast"));

    loop.runFor(99);
    assertThat(right.bytes()).isEmpty();
    loop.runFor(1);
    assertThat(new String(right.bytes(), StandardCharsets.UTF_8)).isEqualTo("slow fast");
  }

  @Test
  void aPausedReaderMakesTheWriterWaitThenNothingIsLost() {
    connect(NetworkOptions.defaults().withWaterMarks(100, 40).withChunking(9));
    b.pauseReading();
    ByteArrayOutputStream sent = new ByteArrayOutputStream();
    int writes = 0;
    boolean writable = true;
    while (writable) {
      byte[] message = new byte[30];
      new Random(writes).nextBytes(message);
      sent.writeBytes(message);
      writable = a.write(ByteBuffer.wrap(message));
      writes++;
      loop.runUntilIdle();
    }

    assertThat(writes).isEqualTo(4); // 120 bytes: the fourth write crossed 100
    assertThat(right.bytes()).isEmpty();
    assertThat(a.link().toResponder().bytesInFlight()).isEqualTo(120);
    assertThat(a.link().toResponder().bytesTransferred()).isEqualTo(120);
    assertThat(left.writableCount).isZero();
    assertThat(a.write(ByteBuffer.allocate(0))).isFalse();

    b.resumeReading();
    loop.runUntilIdle();

    assertThat(right.bytes()).isEqualTo(sent.toByteArray());
    assertThat(left.writableCount).isEqualTo(1);
    assertThat(a.write(bytes("more"))).isTrue();
  }

  @Test
  void bytesWaitingForAHandlerCountAgainstTheWriter() {
    network = new InMemoryNetwork(loop, NetworkOptions.defaults().withWaterMarks(10, 0));
    Link link = network.pair();
    link.initiator().setHandler(left);
    assertThat(link.initiator().write(bytes("0123456789"))).isFalse();
    link.initiator().shutdownOutput();
    loop.runUntilIdle();
    assertThat(left.writableCount).isZero();

    link.responder().setHandler(right);
    loop.runUntilIdle();
    assertThat(right.events).containsExactly("data 10", "end");
    assertThat(left.writableCount).isEqualTo(1);
  }

  @Test
  void halfCloseDeliversEndAfterTheDataAndReadingGoesOn() {
    connect(NetworkOptions.defaults().withLatencyMillis(10));
    a.write(bytes("last words"));
    a.shutdownOutput();
    a.shutdownOutput();
    assertThatThrownBy(() -> a.write(bytes("more")))
        .isInstanceOf(IllegalStateException.class);

    loop.runUntilIdle();
    assertThat(right.events).containsExactly("data 10", "end");
    assertThat(a.isOpen()).isTrue();
    assertThat(b.isOpen()).isTrue();

    b.write(bytes("reply"));
    loop.runUntilIdle();
    assertThat(left.events).containsExactly("data 5");

    b.shutdownOutput();
    loop.runUntilIdle();
    assertThat(left.events).containsExactly("data 5", "end", "close clean");
    assertThat(right.events).containsExactly("data 10", "end", "close clean");
    assertThat(a.isOpen()).isFalse();
    assertThat(b.isOpen()).isFalse();
    assertThat(network.links()).isEmpty();
  }

  @Test
  void closeClosesThisEndAtOnceAndTheRemoteAfterTheDataInFlight() {
    connect(NetworkOptions.defaults().withLatencyMillis(10));
    b.write(bytes("never read"));
    a.write(bytes("goodbye"));
    a.close();
    assertThat(a.isOpen()).isFalse();
    assertThat(a.write(bytes("ignored"))).isFalse();

    loop.runFor(0);
    assertThat(left.events).containsExactly("close clean");
    assertThat(b.isOpen()).isTrue();

    loop.runFor(10);
    assertThat(right.events).containsExactly("data 7", "close clean");
    assertThat(b.isOpen()).isFalse();
    assertThat(left.events).containsExactly("close clean");
  }

  @Test
  void aRemoteCloseWaitsBehindDataAPausedReaderHasNotTaken() {
    connect(NetworkOptions.defaults());
    b.pauseReading();
    a.write(bytes("held"));
    a.close();
    loop.runUntilIdle();
    assertThat(right.events).isEmpty();

    b.resumeReading();
    loop.runUntilIdle();
    assertThat(right.events).containsExactly("data 4", "close clean");
  }

  @Test
  void eventsBeforeAHandlerIsSetWaitForIt() {
    network = new InMemoryNetwork(loop);
    Link link = network.pair();
    link.initiator().write(bytes("early"));
    link.initiator().close();
    loop.runUntilIdle();

    link.responder().setHandler(right);
    loop.runUntilIdle();
    assertThat(right.events).containsExactly("data 5", "close clean");
  }

  @Test
  void aThrowingHandlerClosesOnlyItsOwnConnection() {
    connect(NetworkOptions.defaults().withLatencyMillis(3));
    IllegalStateException bug = new IllegalStateException("bug in onData");
    right.onData =
        bytes -> {
          throw bug;
        };
    Link other = network.pair();
    RecordingHandler otherRight = new RecordingHandler();
    other.initiator().setHandler(new RecordingHandler());
    other.responder().setHandler(otherRight);

    a.write(bytes("trigger"));
    a.write(bytes("lost"));
    other.initiator().write(bytes("fine"));
    loop.runUntilIdle();

    assertThat(right.events).containsExactly("data 7", "close IllegalStateException");
    assertThat(right.closeCause).isSameAs(bug);
    assertThat(left.events).containsExactly("close IOException");
    assertThat(left.closeCause).hasMessageContaining("reset");
    assertThat(otherRight.events).containsExactly("data 4");
    assertThat(other.initiator().isOpen()).isTrue();
    assertThat(loop.failures()).isEmpty();
  }

  @Test
  void aFailedAssertionInAHandlerAlsoFailsTheRun() {
    connect(NetworkOptions.defaults());
    right.onData =
        bytes -> {
          throw new AssertionError("expected something else");
        };
    a.write(bytes("x"));

    assertThatThrownBy(loop::runUntilIdle).isInstanceOf(AssertionError.class);
    assertThat(b.isOpen()).isFalse();
    loop.runUntilIdle();
    assertThat(right.closeCause).isInstanceOf(AssertionError.class);
    assertThat(left.closeCause).isInstanceOf(IOException.class);
  }

  @Test
  void aHandlerMayPauseMidStream() {
    connect(NetworkOptions.defaults());
    right.onData = bytes -> b.pauseReading();
    a.write(bytes("one"));
    a.write(bytes("two"));
    loop.runUntilIdle();
    assertThat(right.events).containsExactly("data 3");

    b.resumeReading();
    loop.runUntilIdle();
    assertThat(right.events).containsExactly("data 3", "data 3");
  }

  @Test
  void connectionsAreConfinedToTheLoopThread() throws InterruptedException {
    connect(NetworkOptions.defaults());
    List<Throwable> thrown = new ArrayList<>();
    Thread other =
        new Thread(
            () -> {
              try {
                a.write(bytes("x"));
              } catch (IllegalStateException e) {
                thrown.add(e);
              }
            });
    other.start();
    other.join();
    assertThat(thrown).singleElement().asString().contains("loop's thread");
    assertThat(a.eventLoop()).isSameAs(loop);
  }

  private static ByteBuffer bytes(String text) {
    return ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8));
  }
}
