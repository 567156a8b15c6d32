package io.protomux.wakeup.adapters.inmemory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class LinkFaultsTest {
  private final VirtualTimeLoop loop = new VirtualTimeLoop();
  private final InMemoryNetwork network =
      new InMemoryNetwork(loop, NetworkOptions.defaults().withLatencyMillis(10).withChunking(5));
  private final Link link = network.pair();
  private final InMemoryConnection a = link.initiator();
  private final InMemoryConnection b = link.responder();
  private final RecordingHandler left = new RecordingHandler();
  private final RecordingHandler right = new RecordingHandler();

  LinkFaultsTest() {
    a.setHandler(left);
    b.setHandler(right);
  }

  @Test
  void dropClosesBothEndsWithACauseAndLosesWhatWasInFlight() {
    a.write(ByteBuffer.wrap(new byte[] {1, 2, 3}));
    b.write(ByteBuffer.wrap(new byte[] {4}));
    loop.runFor(5);

    link.drop();
    link.drop();
    assertThat(a.isOpen()).isFalse();
    assertThat(b.isOpen()).isFalse();
    loop.runUntilIdle();

    assertThat(left.events).containsExactly("close IOException");
    assertThat(right.events).containsExactly("close IOException");
    assertThat(left.closeCause)
        .isInstanceOf(IOException.class)
        .hasMessageContaining("link dropped");
    assertThat(right.closeCause).hasMessageContaining("link dropped");
    assertThat(left.closeCause).isNotSameAs(right.closeCause);
    assertThat(link.isDropped()).isTrue();
    assertThat(network.links()).isEmpty();
  }

  @Test
  void corruptionFlipsExactlyTheChosenByte() {
    byte[] sent = randomBytes(64);
    link.toResponder().corruptByteAt(37);
    a.write(ByteBuffer.wrap(Arrays.copyOfRange(sent, 0, 30)));
    a.write(ByteBuffer.wrap(Arrays.copyOfRange(sent, 30, 64)));
    loop.runUntilIdle();

    byte[] received = right.bytes();
    assertThat(received).hasSize(64);
    for (int i = 0; i < 64; i++) {
      if (i == 37) {
        assertThat(received[i]).isEqualTo((byte) ~sent[i]);
      } else {
        assertThat(received[i]).as("byte %d", i).isEqualTo(sent[i]);
      }
    }
  }

  @Test
  void corruptNextByteHitsTheOldestByteInFlightAndOnlyThatDirection() {
    byte[] first = randomBytes(8);
    byte[] second = randomBytes(8);
    a.write(ByteBuffer.wrap(first));
    b.write(ByteBuffer.wrap(first));
    loop.runUntilIdle();
    a.write(ByteBuffer.wrap(second));
    link.toResponder().corruptNextByte();
    loop.runUntilIdle();

    byte[] expected = new byte[16];
    System.arraycopy(first, 0, expected, 0, 8);
    System.arraycopy(second, 0, expected, 8, 8);
    expected[8] ^= (byte) 0xff;
    assertThat(right.bytes()).isEqualTo(expected);
    assertThat(left.bytes()).isEqualTo(first);
    assertThatThrownBy(() -> link.toResponder().corruptByteAt(3))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("crossed already");
  }

  @Test
  void aStalledDirectionHoldsEverythingUntilReleased() {
    LinkDirection toB = link.from(a);
    toB.stall();
    a.write(ByteBuffer.wrap(new byte[] {1, 2}));
    loop.runFor(100);
    a.write(ByteBuffer.wrap(new byte[] {3}));
    a.shutdownOutput();
    b.write(ByteBuffer.wrap(new byte[] {9}));
    loop.runFor(100);

    assertThat(right.events).isEmpty();
    assertThat(left.bytes()).containsExactly(9);
    assertThat(toB.isStalled()).isTrue();
    assertThat(toB.bytesTransferred()).isZero();
    assertThat(toB.bytesInFlight()).isEqualTo(3);

    toB.unstall();
    loop.runFor(0);
    assertThat(right.bytes()).containsExactly(1, 2, 3);
    assertThat(right.ended).isTrue();
    assertThat(loop.nowMillis()).isEqualTo(200);
  }

  @Test
  void whatIsWrittenAfterAnUnstallStillTakesTheLatency() {
    link.toResponder().stall();
    a.write(ByteBuffer.wrap(new byte[] {1}));
    loop.runFor(50);
    link.toResponder().unstall();
    a.write(ByteBuffer.wrap(new byte[] {2}));
    loop.runFor(0);
    assertThat(right.bytes()).containsExactly(1);
    loop.runFor(9);
    assertThat(right.bytes()).containsExactly(1);
    loop.runFor(1);
    assertThat(right.bytes()).containsExactly(1, 2);
  }

  @Test
  void directionsBelongToTheirLink() {
    assertThat(link.from(a)).isSameAs(link.toResponder());
    assertThat(link.from(b)).isSameAs(link.toInitiator());
    assertThat(link.toResponder()).hasToString("pair-1/initiator -> pair-1/responder");
    InMemoryConnection stranger = network.pair().initiator();
    assertThatThrownBy(() -> link.from(stranger)).isInstanceOf(IllegalArgumentException.class);
  }

  private static byte[] randomBytes(int length) {
    byte[] bytes = new byte[length];
    new Random(length).nextBytes(bytes);
    return bytes;
  }
}
