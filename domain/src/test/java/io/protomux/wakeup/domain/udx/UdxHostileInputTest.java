package io.protomux.wakeup.domain.udx;

import static org.assertj.core.api.Assertions.assertThat;

import io.protomux.wakeup.adapters.inmemory.PathProfile;
import io.protomux.wakeup.ports.datagram.DatagramSocket;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * What an off-path attacker who knows a stream id can do: forged acks, far seqs, floods of
 * unknown ids and garbage. None of it takes down the stream or another one, and nothing it sends
 * is kept beyond the stream's window.
 */
class UdxHostileInputTest {
  private static final PathProfile LAN = PathProfile.PERFECT.withLatency(1, 0);
  private static final InetSocketAddress B = new InetSocketAddress("10.0.0.2", 5002);

  private static byte[] packet(int type, int id, int seq, int ack, byte[] payload) {
    return UdxPacket.encode(
        new UdxHeader(type, 0, id, UdxHeader.DEFAULT_RWND, seq, ack), List.of(), payload, 0, payload.length);
  }

  private static DatagramSocket attacker(UdxPair pair) {
    DatagramSocket socket = pair.network.host("10.0.0.3").bind("10.0.0.3", 6666);
    socket.setHandler((d, s) -> {});
    return socket;
  }

  @Test
  void aForgedPacketWhoseAckIsBeyondWhatWasSentIsRefusedWholeAndTheGenuineDataArrives() {
    UdxPair pair = new UdxPair(11, LAN);
    pair.connect();
    pair.a.write(ByteBuffer.wrap("hi".getBytes(StandardCharsets.UTF_8)));
    pair.loop.runFor(20);
    DatagramSocket attacker = attacker(pair);
    attacker.send(ByteBuffer.wrap(packet(UdxHeader.DATA, UdxPair.B_ID, 1, 5000, "yo".getBytes())), B);
    pair.loop.runFor(20);
    assertThat(pair.eventsB.received.toString(StandardCharsets.UTF_8)).isEqualTo("hi");
    assertThat(pair.udxB.stats().ackBeyondSent()).isEqualTo(1);
    pair.a.write(ByteBuffer.wrap("zz".getBytes(StandardCharsets.UTF_8)));
    pair.loop.runFor(20);
    // libudx would have delivered "yo" and dropped "zz" as a duplicate of seq 1.
    assertThat(pair.eventsB.received.toString(StandardCharsets.UTF_8)).isEqualTo("hizz");
  }

  @Test
  void anAckExactlyHalfTheSequenceSpaceAwayIsRefusedAndTheStreamStillRetransmits() {
    UdxPair pair = new UdxPair(15, LAN);
    pair.connect();
    DatagramSocket attacker = attacker(pair);
    // Neither before nor after in serial order: found by UdxStreamFuzzTest (it broke the ring).
    attacker.send(ByteBuffer.wrap(packet(0, UdxPair.B_ID, 0, Integer.MIN_VALUE, new byte[0])), B);
    pair.loop.runFor(5);
    assertThat(pair.udxB.stats().ackBeyondSent()).isEqualTo(1);
    pair.network.defaultPath(PathProfile.PERFECT.withLoss(1.0));
    pair.b.write(ByteBuffer.wrap("lost once".getBytes(StandardCharsets.UTF_8)));
    pair.loop.runFor(500);
    pair.network.defaultPath(LAN);
    pair.loop.runFor(3_000);
    assertThat(pair.eventsA.received.toString(StandardCharsets.UTF_8)).isEqualTo("lost once");
  }

  @Test
  void farAheadSeqsForeverCostAtMostTheWindowAndGenuineDataStillFlows() {
    UdxPair pair = new UdxPair(12, LAN);
    pair.connect();
    DatagramSocket attacker = attacker(pair);
    Random random = new Random(12);
    byte[] payload = new byte[1100];
    for (int round = 0; round < 50; round++) {
      for (int i = 0; i < 400; i++) {
        int seq = 1 + random.nextInt(round % 2 == 0 ? 4000 : Integer.MAX_VALUE);
        attacker.send(ByteBuffer.wrap(packet(UdxHeader.DATA, UdxPair.B_ID, seq, 0, payload)), B);
      }
      pair.loop.runFor(5);
      assertThat(pair.b.heldOutOfOrder()).isLessThanOrEqualTo(UdxStreamOptions.DEFAULTS.maxOutOfOrderPackets());
      assertThat(pair.b.bufferedBytes()).isLessThanOrEqualTo(UdxStreamOptions.DEFAULTS.maxWindowBytes());
    }
    assertThat(pair.udxB.stats().beyondWindow()).as("far seqs dropped, counted").isPositive();
    assertThat(pair.b.heldOutOfOrder()).as("near ones held, up to the bound").isPositive();
    assertThat(pair.eventsB.closed).isFalse();
    // The held junk sits above seq 0: the genuine seq 0 still goes straight through.
    pair.a.write(ByteBuffer.wrap("real".getBytes(StandardCharsets.UTF_8)));
    pair.loop.runFor(50);
    assertThat(pair.eventsB.received.toString(StandardCharsets.UTF_8)).startsWith("real");
  }

  @Test
  void floodsOfUnknownIdsAndGarbageGoToTheSocketHandlerAndKeepNothing() {
    UdxPair pair = new UdxPair(13, LAN);
    pair.connect();
    DatagramSocket attacker = attacker(pair);
    Random random = new Random(13);
    for (int i = 0; i < 20_000; i++) {
      byte[] datagram;
      switch (i % 4) {
        case 0 -> datagram = packet(UdxHeader.DATA, random.nextInt(), i, 0, new byte[64]);
        case 1 -> {
          datagram = new byte[random.nextInt(100)];
          random.nextBytes(datagram);
        }
        case 2 -> datagram = packet(random.nextInt(256), UdxPair.A_ID, random.nextInt(), 0, new byte[0]);
        default -> {
          datagram = packet(UdxHeader.SACK, UdxPair.B_ID, 0, 0, new byte[8 * 50]);
          random.nextBytes(datagram);
          datagram[0] = (byte) 0xFF;
          datagram[1] = 1;
          UdxHeader.writeInt(datagram, 4, UdxPair.B_ID);
        }
      }
      attacker.send(ByteBuffer.wrap(datagram), B);
      if (i % 1000 == 999) {
        pair.loop.runFor(1);
      }
    }
    pair.loop.runFor(10);
    assertThat(pair.udxB.streamCount()).isLessThanOrEqualTo(1);
    assertThat(pair.udxB.stats().socketMessages()).isGreaterThan(9_000);
    assertThat(pair.socketMessagesB).hasSizeGreaterThan(9_000);
    assertThat(pair.b.bufferedBytes()).isLessThanOrEqualTo(UdxStreamOptions.DEFAULTS.maxWindowBytes());
    // Stream A's peer stream may have been reset by a forged DESTROY (ids are not secret, UDX has no
    // authentication; the secret stream above detects forged data). A's own stream is untouched.
    assertThat(pair.eventsA.closed).isFalse();
  }

  @Test
  void aForgedPacketForOneStreamNeverTouchesAnotherStreamOfTheSameInstance() {
    UdxPair pair = new UdxPair(14, LAN);
    pair.connect();
    UdxStream other = pair.udxB.createStream(4242, UdxStreamOptions.DEFAULTS);
    UdxPair.Events otherEvents = new UdxPair.Events();
    other.setHandler(otherEvents);
    other.connect(pair.socketB, 999, new InetSocketAddress("10.0.0.1", 5001));
    DatagramSocket attacker = attacker(pair);
    attacker.send(ByteBuffer.wrap(packet(UdxHeader.DESTROY, UdxPair.B_ID, 0, 0, new byte[0])), B);
    pair.loop.runFor(10);
    assertThat(pair.eventsB.closed).as("the targeted stream is reset, as libudx would be").isTrue();
    assertThat(otherEvents.closed).isFalse();
    assertThat(pair.udxB.streamCount()).isEqualTo(1);
  }
}
