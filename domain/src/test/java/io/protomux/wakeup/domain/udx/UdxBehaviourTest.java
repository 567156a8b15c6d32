package io.protomux.wakeup.domain.udx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.protomux.wakeup.adapters.inmemory.PathProfile;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Stream features beyond plain transfer: path changes, relaying, back-pressure, keep-alive. */
class UdxBehaviourTest {
  private static final PathProfile LAN = PathProfile.PERFECT.withLatency(2, 0);

  private static ByteBuffer text(String s) {
    return ByteBuffer.wrap(s.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void changeRemoteWithNothingInFlightIsImmediateAndNewPacketsTakeTheNewPath() {
    UdxPair pair = new UdxPair(21, LAN);
    pair.connect();
    UdxSocket second = pair.udxA.socket(pair.network.host("10.0.0.1").bind("10.0.0.1", 5003));
    UdxSocket secondB = pair.udxB.socket(pair.network.host("10.0.0.2").bind("10.0.0.2", 5004));
    // B accepts packets on its new socket (hyperdht's firewall notices the direct path there).
    List<UdxSocket> arrivedOn = new ArrayList<>();
    pair.b.setFirewall(
        (stream, via, source) -> {
          arrivedOn.add(via);
          return false;
        });
    List<String> changed = new ArrayList<>();
    pair.a.changeRemote(second, UdxPair.B_ID, new InetSocketAddress("10.0.0.2", 5004), () -> changed.add("now"));
    assertThat(changed).containsExactly("now");
    pair.a.write(text("via the new path"));
    pair.loop.runFor(20);
    assertThat(pair.eventsB.received.toString(StandardCharsets.UTF_8)).isEqualTo("via the new path");
    assertThat(pair.a.socket()).isSameAs(second);
    assertThat(arrivedOn).as("the data came in on B's new socket").isNotEmpty().containsOnly(secondB);
  }

  @Test
  void changeRemoteWithDataInFlightFiresOnceThePeerAckedEverythingSentBefore() {
    UdxPair pair = new UdxPair(22, LAN);
    pair.connect();
    UdxSocket second = pair.udxA.socket(pair.network.host("10.0.0.1").bind("10.0.0.1", 5003));
    pair.udxB.socket(pair.network.host("10.0.0.2").bind("10.0.0.2", 5004));
    pair.b.setFirewall(UdxFirewall.ALLOW);
    // B still answers on the old path: its ACKs reach A's old socket, which A's firewall allows.
    pair.a.setFirewall(UdxFirewall.ALLOW);
    pair.a.write(ByteBuffer.wrap(UdxPair.pattern(20_000)));
    pair.loop.runFor(0);
    List<Long> changedAt = new ArrayList<>();
    pair.a.changeRemote(second, UdxPair.B_ID, new InetSocketAddress("10.0.0.2", 5004),
        () -> changedAt.add(pair.loop.nowMillis()));
    assertThat(changedAt).as("deferred while packets are in flight").isEmpty();
    pair.loop.runFor(50);
    assertThat(changedAt).hasSize(1);
    assertThat(pair.eventsB.received.size()).isEqualTo(20_000);
  }

  @Test
  void aRelayForwardsEachWayWithOnlyTheIdRewrittenAndDestroyPropagates() {
    UdxPair pair = new UdxPair(23, LAN);
    // A <-> relay (on host 10.0.0.2, two streams) <-> C (on host 10.0.0.3)
    Udx udxC = new Udx(pair.loop, bytes -> {});
    UdxSocket socketC = udxC.socket(pair.network.host("10.0.0.3").bind("10.0.0.3", 5005));
    UdxStream c = udxC.createStream(3003, UdxStreamOptions.DEFAULTS);
    UdxPair.Events eventsC = new UdxPair.Events();
    c.setHandler(eventsC);
    UdxStream relayToC = pair.udxB.createStream(2002, UdxStreamOptions.DEFAULTS);
    relayToC.setHandler(new UdxPair.Events());
    pair.a.connect(pair.socketA, UdxPair.B_ID, new InetSocketAddress("10.0.0.2", 5002));
    pair.b.connect(pair.socketB, UdxPair.A_ID, new InetSocketAddress("10.0.0.1", 5001));
    relayToC.connect(pair.socketB, 3003, new InetSocketAddress("10.0.0.3", 5005));
    c.connect(socketC, 2002, new InetSocketAddress("10.0.0.2", 5002));
    pair.b.relayTo(relayToC);
    relayToC.relayTo(pair.b);
    pair.a.write(text("to C"));
    c.write(text("to A"));
    pair.loop.runFor(50);
    assertThat(eventsC.received.toString(StandardCharsets.UTF_8)).isEqualTo("to C");
    assertThat(pair.eventsA.received.toString(StandardCharsets.UTF_8)).isEqualTo("to A");
    assertThat(pair.eventsB.received.size()).as("the relay reads nothing").isZero();
    assertThat(pair.udxB.stats().acksSent()).as("the relay acks nothing").isZero();
    pair.a.close();
    pair.loop.runFor(50);
    assertThat(eventsC.closed).isTrue();
    assertThat(((UdxException) eventsC.closeCause).code()).isEqualTo(UdxException.ECONNRESET);
    assertThat(pair.udxB.streamCount()).as("both relay streams closed").isZero();
  }

  @Test
  void aPausedReaderShrinksItsWindowAndTheSenderWaitsUntilItResumes() {
    UdxPair pair = new UdxPair(24, LAN, UdxStreamOptions.DEFAULTS.withMaxWindowBytes(64 * 1024));
    pair.connect();
    pair.b.pauseReading();
    byte[] data = UdxPair.pattern(1024 * 1024);
    pair.writeAll(pair.a, pair.eventsA, data, 16 * 1024);
    pair.loop.runFor(2_000);
    assertThat(pair.eventsB.received.size()).isZero();
    assertThat(pair.b.bufferedBytes()).isBetween(1L, 64L * 1024);
    assertThat(pair.b.receiveWindow()).isLessThan(2 * 1152);
    pair.b.resumeReading();
    assertThat(pair.loop.runUntil(() -> pair.eventsB.ended, 60_000)).isTrue();
    assertThat(UdxPair.sha256(pair.eventsB.received.toByteArray())).isEqualTo(UdxPair.sha256(data));
    assertThat(pair.eventsA.writables).as("the writer was held back and released").isPositive();
  }

  @Test
  void keepaliveSendsHeartbeatsWhileIdleAndThePeerAcksEach() {
    UdxPair pair = new UdxPair(25, LAN);
    pair.connect();
    pair.a.setKeepalive(100);
    pair.loop.runFor(1_050);
    assertThat(pair.udxB.stats().acksSent()).isBetween(9L, 11L);
    assertThat(pair.udxA.stats().packetsSent()).as("heartbeats are not data").isZero();
    pair.a.setKeepalive(0);
    long acks = pair.udxB.stats().acksSent();
    pair.loop.runFor(1_000);
    assertThat(pair.udxB.stats().acksSent()).as("off means off").isEqualTo(acks);
  }

  @Test
  void writesAfterShutdownOutputAreRefusedAndAClosedStreamDiscardsWrites() {
    UdxPair pair = new UdxPair(26, LAN);
    pair.connect();
    pair.a.shutdownOutput();
    assertThatThrownBy(() -> pair.a.write(text("late"))).isInstanceOf(IllegalStateException.class);
    pair.b.close();
    assertThat(pair.b.write(text("after close"))).isFalse();
    assertThat(pair.b.isOpen()).isFalse();
  }

  @Test
  void aHandlerThatThrowsClosesOnlyItsStreamAndThePeerSeesAReset() {
    UdxPair pair = new UdxPair(27, LAN);
    pair.connect();
    RuntimeException boom = new IllegalStateException("handler bug");
    pair.b.setHandler(
        new UdxPair.Events() {
          @Override
          public void onData(ByteBuffer bytes) {
            throw boom;
          }

          @Override
          public void onClose(Throwable cause) {
            closeCause = cause;
            closed = true;
          }
        });
    pair.a.write(text("x"));
    pair.loop.runFor(20);
    assertThat(pair.eventsA.closeCause).isInstanceOf(UdxException.class);
    assertThat(pair.loop.failures()).isEmpty();
  }

  @Test
  void aDualStackSocketCarriesIpv6SizedPayloadsEvenToAnIpv4Peer() {
    io.protomux.wakeup.adapters.inmemory.VirtualTimeLoop loop =
        new io.protomux.wakeup.adapters.inmemory.VirtualTimeLoop();
    Udx udx = new Udx(loop, bytes -> {});
    UdxReplayVectorTest.CaptureSocket capture =
        new UdxReplayVectorTest.CaptureSocket(loop, new InetSocketAddress("::", 40002));
    UdxSocket socket = udx.socket(capture);
    UdxStream stream = udx.createStream(1, UdxStreamOptions.DEFAULTS);
    stream.setHandler(new UdxPair.Events());
    stream.connect(socket, 2, new InetSocketAddress("127.0.0.1", 40003));
    stream.write(ByteBuffer.wrap(UdxPair.pattern(4000)));
    loop.runFor(0);
    List<Integer> payloads = new ArrayList<>();
    for (byte[] datagram : capture.drain()) {
      payloads.add(UdxPacket.parse(datagram).payloadLength());
    }
    // udx-native on "::" (ipv6-dualstack vector): 1132 bytes per packet at MTU 1200, not 1152.
    assertThat(payloads).containsExactly(1132, 1132, 1132, 604);
  }

  @Test
  void destroyBeforeConnectSendsNothing() {
    UdxPair pair = new UdxPair(28, LAN);
    pair.a.close();
    pair.loop.runFor(10);
    assertThat(pair.network.stats().sent()).isZero();
    assertThat(pair.eventsA.closed).isTrue();
  }

  @Test
  void aDefaultFirewallSwallowsPreConnectPacketsAndTheRetransmissionAfterConnectGetsThrough() {
    UdxPair pair = new UdxPair(29, LAN);
    pair.a.connect(pair.socketA, UdxPair.B_ID, new InetSocketAddress("10.0.0.2", 5002));
    pair.a.write(text("early"));
    pair.loop.runFor(300);
    assertThat(pair.udxB.stats().firewallDrops()).isEqualTo(1);
    assertThat(pair.socketMessagesB).as("swallowed, not a socket message").isEmpty();
    pair.b.connect(pair.socketB, UdxPair.A_ID, new InetSocketAddress("10.0.0.1", 5001));
    pair.loop.runFor(1_000);
    assertThat(pair.eventsB.received.toString(StandardCharsets.UTF_8)).isEqualTo("early");
  }
}
