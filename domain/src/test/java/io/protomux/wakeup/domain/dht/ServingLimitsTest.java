package io.protomux.wakeup.domain.dht;

import static org.assertj.core.api.Assertions.assertThat;

import io.protomux.wakeup.domain.dht.DhtTestNet.Received;
import io.protomux.wakeup.domain.dht.DhtTestNet.RecordingHandler;
import io.protomux.wakeup.domain.dht.DhtTestNet.Scripted;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What a serving node does for requesters it does not know ({@link ServingLimits}): a flood from
 * one source is cut to its rate while others are served, the tables stay bounded, and replies to
 * unproven hosts stay within a small multiple of what they sent until a token proves them.
 */
class ServingLimitsTest {
  private static final PeerAddress SERVER = new PeerAddress("10.0.0.1", 49737);
  private static final byte[] TARGET = new byte[32];

  private final DhtTestNet net = new DhtTestNet(43);
  private final RecordingHandler handler = new RecordingHandler();
  private DhtIo io;
  private int tid = 1;

  private void serve(ServingLimits limits) {
    io = net.io(SERVER.host(), SERVER.port(), 40000,
        DhtIoOptions.DEFAULTS.withFirewalled(false).withServing(limits), handler);
    List<PeerAddress> twenty = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      twenty.add(new PeerAddress("10.8.0." + (i + 1), 49737));
    }
    io.setCloserNodes(target -> twenty);
    // Answers every request with a token and closer nodes, as a storage read does.
    handler.onRequest = (request, external) -> request.reply(null, true, true);
  }

  private DhtRequest findNode(byte[] token) {
    return new DhtRequest(tid++, SERVER, null, token, false, 3, TARGET, null);
  }

  private static long bytes(List<Received> received) {
    return received.stream().mapToLong(r -> r.raw().length).sum();
  }

  @Test
  void aFloodFromOneSourceIsCutToItsRateWhileAnotherSourceIsServed() {
    serve(ServingLimits.DEFAULTS);
    Scripted flooder = net.scripted("10.1.0.1", 5000);
    Scripted other = net.scripted("10.1.0.2", 5000);
    for (int i = 0; i < 1000; i++) {
      flooder.send(new DhtRequest(tid++, SERVER, null, null, true, Commands.PING, null, null),
          SERVER);
    }
    other.send(new DhtRequest(tid++, SERVER, null, null, true, Commands.PING, null, null), SERVER);
    net.loop.runFor(50);
    assertThat(handler.requests).hasSize(257);
    assertThat(io.counters().droppedSourceRate()).isEqualTo(744);
    assertThat(handler.requests.get(256).from()).isEqualTo(other.address);
    // A second later the source has its rate back.
    net.loop.runFor(1000);
    flooder.send(new DhtRequest(tid++, SERVER, null, null, true, Commands.PING, null, null),
        SERVER);
    net.loop.runFor(50);
    assertThat(handler.requests).hasSize(258);
  }

  @Test
  void manyPortsOfOneHostShareTheHostRateAndTheSourceTableStaysBounded() {
    serve(new ServingLimits(64, 256, 64, 100, 3, 8192, 65_536));
    Scripted other = net.scripted("10.1.1.2", 5000);
    for (int port = 1; port <= 300; port++) {
      Scripted spoofer = net.scripted("10.1.1.1", 6000 + port);
      spoofer.send(new DhtRequest(tid++, SERVER, null, null, true, Commands.PING, null, null),
          SERVER);
    }
    other.send(new DhtRequest(tid++, SERVER, null, null, true, Commands.PING, null, null), SERVER);
    net.loop.runFor(50);
    assertThat(handler.requests).hasSize(101);
    assertThat(io.counters().droppedHostRate()).isEqualTo(200);
    assertThat(io.guard().sourceCount()).isLessThanOrEqualTo(64);
    assertThat(io.counters().evictedSources()).isGreaterThanOrEqualTo(300 - 64);
  }

  @Test
  void aStrangersSingleLookupGetsItsWholeAnswer() {
    serve(ServingLimits.DEFAULTS);
    Scripted stranger = net.scripted("10.2.0.1", 5000);
    stranger.send(findNode(null), SERVER);
    net.loop.runFor(50);
    assertThat(stranger.responses()).hasSize(1);
    assertThat(stranger.responses().get(0).response().closerNodes()).hasSize(20);
    assertThat(stranger.responses().get(0).response().token()).isNotNull();
  }

  @Test
  void spoofedRequestsGetAtMostThreeTimesTheirBytesBackPastTheAllowance() {
    serve(ServingLimits.DEFAULTS);
    // A stored value on top of twenty closer nodes: more than 3x a request plus the fixed part.
    handler.onRequest = (request, external) -> request.reply(new byte[300], true, true);
    Scripted victim = net.scripted("10.3.0.1", 5000);
    long sent = 0;
    for (int second = 0; second < 5; second++) {
      for (int i = 0; i < 200; i++) {
        DhtRequest request = findNode(null);
        sent += Messages.encode(request).length;
        victim.send(request, SERVER);
      }
      net.loop.runFor(1000);
    }
    long back = bytes(victim.responses());
    long requests = 1000;
    assertThat(back).isLessThanOrEqualTo(
        3 * sent + requests * ServingGuard.REPLY_FLOOR_BYTES + 8192 + 5 * 1000 * 8192 / 60_000);
    assertThat(io.counters().amplificationTrimmed()).isPositive();
    assertThat(io.counters().amplificationDropped()).isPositive();
    // Without the limits the same requests get each a 20-node answer: many times more.
    assertThat(back).isLessThan(bytes(victim.responses().subList(0, 1)) * 1000);
  }

  @Test
  void aHostThatProvesItsAddressWithATokenGetsFullReplies() {
    serve(ServingLimits.DEFAULTS);
    Scripted client = net.scripted("10.4.0.1", 5000);
    client.send(findNode(null), SERVER);
    net.loop.runFor(50);
    byte[] token = client.responses().get(0).response().token();
    for (int i = 0; i < 200; i++) {
      client.send(findNode(token), SERVER);
    }
    net.loop.runFor(50);
    assertThat(client.responses()).hasSize(201);
    assertThat(client.responses())
        .allSatisfy(r -> assertThat(r.response().closerNodes()).hasSize(20));
    assertThat(io.counters().provenHosts()).isEqualTo(1);
    assertThat(io.counters().amplificationTrimmed()).isZero();
  }

  @Test
  void theReferencesBehaviourIsThereWhenAsked() {
    serve(ServingLimits.NONE);
    Scripted flooder = net.scripted("10.5.0.1", 5000);
    for (int i = 0; i < 1000; i++) {
      flooder.send(findNode(null), SERVER);
    }
    net.loop.runFor(50);
    assertThat(flooder.responses()).hasSize(1000);
    assertThat(io.counters().droppedSourceRate()).isZero();
  }
}
