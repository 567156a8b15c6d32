package io.protomux.wakeup.domain.dht;

import static org.assertj.core.api.Assertions.assertThat;

import io.protomux.wakeup.domain.dht.DhtTestNet.Received;
import io.protomux.wakeup.domain.dht.DhtTestNet.RecordingHandler;
import io.protomux.wakeup.domain.dht.DhtTestNet.Scripted;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** dht-rpc's lib/io.js behaviour of {@link DhtIo}, on virtual time against scripted peers. */
class DhtIoTest {
  private static final String HOST = "10.0.0.1";
  private static final int SERVER = 49737;
  private static final int CLIENT = 50001;

  private final DhtTestNet net = new DhtTestNet(42);
  private final RecordingHandler handler = new RecordingHandler();
  private final List<Reply> answers = new ArrayList<>();
  private final List<DhtException> failures = new ArrayList<>();
  private final List<Long> failedAt = new ArrayList<>();

  private DhtIo io(DhtIoOptions options) {
    return net.io(HOST, SERVER, CLIENT, options, handler);
  }

  private OutgoingRequest ping(DhtIo io, PeerAddress to) {
    return io.createRequest(to, null, null, true, Commands.PING, null, null)
        .onResponse((r, q) -> answers.add(r))
        .onError((e, q) -> {
          failures.add(e);
          failedAt.add(net.loop.nowMillis());
        });
  }

  private static PeerAddress server() {
    return new PeerAddress(HOST, SERVER);
  }

  private static PeerAddress client() {
    return new PeerAddress(HOST, CLIENT);
  }

  @Test
  void tidsCountUpWrapAfter65535AndSkipTidsInFlight() {
    DhtIo io = io(DhtIoOptions.DEFAULTS);
    Scripted silent = net.scripted("10.0.0.2", 1000);
    OutgoingRequest held = ping(io, silent.address);
    held.send();
    int heldTid = held.tid();
    int previous = heldTid;
    boolean wrapped = false;
    for (int i = 0; i < 65535; i++) {
      int tid = io.createRequest(silent.address, null, null, true, 0, null, null).tid();
      assertThat(tid).isNotEqualTo(heldTid);
      if (previous == 65535) {
        assertThat(tid).isZero();
        wrapped = true;
      } else if (previous + 1 == heldTid) {
        // The live tid is skipped.
        assertThat(tid).isEqualTo((heldTid + 1) & 0xffff);
      } else {
        assertThat(tid).isEqualTo(previous + 1);
      }
      previous = tid;
    }
    assertThat(wrapped).isTrue();
    assertThat(io.counters().requestsCreated()).isEqualTo(65536);
  }

  @Test
  void aResponseFromTheWrongSourceIsDroppedAndTheRealOneStillMatches() {
    DhtIo io = io(DhtIoOptions.DEFAULTS);
    Scripted target = net.scripted("10.0.0.2", 1000);
    Scripted forger = net.scripted("10.0.0.3", 1000);
    Scripted samePortOtherHost = net.scripted("10.0.0.3", 1001);
    Scripted sameHostOtherPort = net.scripted("10.0.0.2", 1001);
    ping(io, target.address).send();
    net.loop.runFor(10);
    Received request = target.requests().get(0);
    int tid = request.request().tid();
    for (Scripted s : List.of(forger, samePortOtherHost, sameHostOtherPort)) {
      s.send(new DhtResponse(tid, request.from(), null, null, null, 0, null), request.from());
    }
    net.loop.runFor(10);
    assertThat(io.counters().droppedWrongSource()).isEqualTo(3);
    assertThat(answers).isEmpty();
    assertThat(handler.responses).isEmpty();
    assertThat(io.inflightCount()).isEqualTo(1);

    target.reply(request, false, null, null, 0, new byte[] {7});
    net.loop.runFor(10);
    assertThat(answers).hasSize(1);
    assertThat(answers.get(0).from()).isEqualTo(target.address);
    assertThat(answers.get(0).value()).containsExactly(7);
    assertThat(answers.get(0).to()).isEqualTo(client());
    assertThat(handler.responses).hasSize(1);
    assertThat(io.counters().responses()).isEqualTo(1);
    assertThat(io.inflightCount()).isZero();

    // A second copy of the answer matches nothing any more.
    target.reply(request, false, null, null, 0, null);
    net.loop.runFor(5000);
    assertThat(io.counters().droppedUnmatched()).isEqualTo(1);
    assertThat(answers).hasSize(1);
    assertThat(failures).isEmpty();
    assertThat(target.requests()).as("no retry after the answer").hasSize(1);
  }

  @Test
  void aResponseWithAnUnknownTidIsDropped() {
    DhtIo io = io(DhtIoOptions.DEFAULTS);
    Scripted target = net.scripted("10.0.0.2", 1000);
    ping(io, target.address).send();
    net.loop.runFor(10);
    int tid = target.requests().get(0).request().tid();
    target.send(new DhtResponse((tid + 1) & 0xffff, client(), null, null, null, 0, null), client());
    net.loop.runFor(10);
    assertThat(io.counters().droppedUnmatched()).isEqualTo(1);
    assertThat(answers).isEmpty();
    assertThat(io.inflightCount()).isEqualTo(1);
  }

  @Test
  void aSilentPeerGetsFourSendsOneSecondApartThenRequestTimeout() {
    DhtIo io = io(DhtIoOptions.DEFAULTS);
    Scripted silent = net.scripted("10.0.0.2", 1000);
    OutgoingRequest request = ping(io, silent.address);
    request.send();
    net.loop.runFor(3999);
    assertThat(failures).isEmpty();
    net.loop.runFor(1);
    assertThat(failures).hasSize(1);
    assertThat(failures.get(0).code()).isEqualTo(DhtException.REQUEST_TIMEOUT);
    assertThat(failedAt).containsExactly(4000L);
    List<Long> times = new ArrayList<>();
    for (Received r : silent.requests()) {
      times.add(r.at());
      assertThat(r.request().tid()).isEqualTo(request.tid());
      assertThat(r.from()).isEqualTo(client());
    }
    long l = DhtTestNet.LATENCY;
    assertThat(times).containsExactly(l, 1000 + l, 2000 + l, 3000 + l);
    assertThat(request.sent()).isEqualTo(4);
    assertThat(request.isDestroyed()).isTrue();
    assertThat(io.counters().retries()).isEqualTo(3);
    assertThat(io.counters().timeouts()).isEqualTo(1);
    assertThat(handler.timeouts).containsExactly(request);
    assertThat(io.inflightCount()).isZero();
    net.loop.runFor(10_000);
    assertThat(silent.requests()).hasSize(4);
    assertThat(failures).hasSize(1);
  }

  @Test
  void zeroRetriesSendsOnceAndAShorterTimeoutIsHonoured() {
    DhtIo io = io(DhtIoOptions.DEFAULTS);
    Scripted silent = net.scripted("10.0.0.2", 1000);
    ping(io, silent.address).retries(0).send();
    net.loop.runFor(5000);
    assertThat(silent.requests()).hasSize(1);
    assertThat(failedAt).containsExactly(1000L);
    assertThat(failures.get(0).code()).isEqualTo(DhtException.REQUEST_TIMEOUT);

    Scripted other = net.scripted("10.0.0.3", 1000);
    ping(io, other.address).retries(1).timeoutMillis(300).send();
    net.loop.runFor(5000);
    assertThat(other.requests()).extracting(Received::at)
        .containsExactly(5000 + DhtTestNet.LATENCY, 5300 + DhtTestNet.LATENCY);
    assertThat(failedAt).containsExactly(1000L, 5600L);
  }

  @Test
  void theCongestionWindowLetsEightyOutPerSlotAndAHundredSixtyOverFour() {
    DhtIo io = io(DhtIoOptions.DEFAULTS);
    List<Scripted> sinks = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      sinks.add(net.scripted("10.0.1." + (i + 1), 2000));
    }
    List<OutgoingRequest> requests = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      OutgoingRequest r = ping(io, sinks.get(i % sinks.size()).address);
      r.send();
      requests.add(r);
    }
    assertThat(io.counters().datagramsSent()).isEqualTo(80);
    assertThat(requests.subList(0, 80)).allMatch(r -> r.sent() == 1);
    assertThat(requests.subList(80, 200)).allMatch(r -> r.sent() == 0);
    net.loop.runFor(749);
    assertThat(io.counters().datagramsSent()).isEqualTo(80);
    net.loop.runFor(1);
    // The window rotated: 80 more of the queued ones, in the order they were queued.
    assertThat(io.counters().datagramsSent()).isEqualTo(160);
    assertThat(requests.subList(80, 160)).allMatch(r -> r.sent() == 1);
    assertThat(requests.subList(160, 200)).allMatch(r -> r.sent() == 0);
    // Retries at 1000 and 1750 ms wait too: four slots hold 160 unanswered sends.
    net.loop.runFor(2249);
    assertThat(io.counters().datagramsSent()).isEqualTo(160);
    assertThat(io.counters().retries()).isEqualTo(160);
    net.loop.runFor(1);
    // The first slot is forgotten at 3000 ms: 80 more go, the last 40 fresh requests first.
    assertThat(io.counters().datagramsSent()).isEqualTo(240);
    assertThat(requests.subList(160, 200)).allMatch(r -> r.sent() == 1);

    // Over the whole run: never more than 80 sends in one slot nor 160 in four consecutive ones.
    net.loop.runFor(60_000);
    int[] perSlot = new int[100];
    for (Scripted s : sinks) {
      for (Received r : s.requests()) {
        perSlot[(int) ((r.at() - DhtTestNet.LATENCY) / 750)]++;
      }
    }
    for (int i = 0; i < perSlot.length; i++) {
      assertThat(perSlot[i]).as("slot %d", i).isLessThanOrEqualTo(80);
      if (i >= 3) {
        assertThat(perSlot[i] + perSlot[i - 1] + perSlot[i - 2] + perSlot[i - 3])
            .as("slots %d..%d", i - 3, i).isLessThanOrEqualTo(160);
      }
    }
    assertThat(failures).hasSize(200).allMatch(e -> e.code().equals(DhtException.REQUEST_TIMEOUT));
    assertThat(io.counters().datagramsSent()).isEqualTo(800);
  }

  @Test
  void maxQueuedRefusesWithLimitAndARefusalDoesNotOpenTheWindow() {
    DhtIo io = io(new DhtIoOptions(true, 2, 100, 1));
    Scripted silent = net.scripted("10.0.0.2", 1000);
    List<OutgoingRequest> requests = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      OutgoingRequest r = ping(io, silent.address);
      r.send();
      requests.add(r);
    }
    // Two sent (a window of 2), one queued, the other three refused: none of them may take the
    // place of a sent one in the window.
    assertThat(io.counters().datagramsSent()).isEqualTo(2);
    assertThat(io.counters().refusedQueued()).isEqualTo(3);
    assertThat(failures).hasSize(3).allMatch(e -> e.code().equals(DhtException.LIMIT));
    assertThat(requests.subList(3, 6)).allMatch(OutgoingRequest::isDestroyed);
    assertThat(requests.get(2).isDestroyed()).isFalse();
    assertThat(io.inflightCount()).isEqualTo(3);
    net.loop.runFor(749);
    assertThat(silent.requests()).hasSize(2);
    net.loop.runFor(1);
    assertThat(io.counters().datagramsSent()).isEqualTo(3);
    assertThat(requests.get(2).sent()).isEqualTo(1);
  }

  @Test
  void maxInflightCountsRequestsSentAndWaiting() {
    DhtIo io = io(new DhtIoOptions(true, 80, 3, 100));
    Scripted silent = net.scripted("10.0.0.2", 1000);
    for (int i = 0; i < 4; i++) {
      ping(io, silent.address).send();
    }
    assertThat(io.inflightCount()).isEqualTo(3);
    assertThat(failures).as("reported on a later task").isEmpty();
    net.loop.runFor(0);
    assertThat(failures).hasSize(1);
    assertThat(failures.get(0).code()).isEqualTo(DhtException.LIMIT);
    assertThat(io.counters().refusedInflight()).isEqualTo(1);
    net.loop.runFor(10);
    assertThat(silent.requests()).hasSize(3);
  }

  @Test
  void aTokenNotIssuedGetsInvalidTokenWithAFreshTokenAndIssuedOnesLiveTwoRotations() {
    DhtIo io = io(DhtIoOptions.DEFAULTS);
    handler.onRequest = (r, e) -> r.reply(null, true, false);
    Scripted peer = net.scripted("10.0.0.2", 1000);
    Scripted otherPort = net.scripted("10.0.0.2", 1001);
    Scripted otherHost = net.scripted("10.0.0.3", 1000);
    byte[] forged = new byte[32];
    forged[0] = 1;
    int[] tid = {100};
    java.util.function.BiFunction<Scripted, byte[], DhtResponse> ask =
        (s, token) -> {
          int before = s.responses().size();
          s.send(new DhtRequest(tid[0]++, server(), null, token, false, 5, null, null), server());
          net.loop.runFor(2 * DhtTestNet.LATENCY);
          assertThat(s.responses()).hasSize(before + 1);
          return s.responses().get(before).response();
        };

    DhtResponse refused = ask.apply(peer, forged);
    assertThat(refused.error()).isEqualTo(Commands.INVALID_TOKEN);
    assertThat(refused.token()).isNotNull().isNotEqualTo(forged);
    assertThat(refused.token()).isEqualTo(io.token(new PeerAddress("10.0.0.2", 1), 1));
    assertThat(handler.requests).isEmpty();
    assertThat(io.counters().invalidTokens()).isEqualTo(1);
    byte[] token = refused.token();

    // Accepted now, from another port of the same host too, but not from another host.
    assertThat(ask.apply(peer, token).error()).isZero();
    assertThat(ask.apply(otherPort, token).error()).isZero();
    assertThat(ask.apply(otherHost, token).error()).isEqualTo(Commands.INVALID_TOKEN);
    assertThat(handler.requests).hasSize(2);
    // A request without a token is not checked.
    DhtResponse plain = ask.apply(otherHost, null);
    assertThat(plain.error()).isZero();
    assertThat(plain.token()).isEqualTo(io.token(new PeerAddress("10.0.0.3", 1), 1));

    // The secrets were made at ~10 ms: rotations at the 10th and 20th drains (7500, 15000 ms).
    net.loop.runFor(7400 - net.loop.nowMillis());
    assertThat(ask.apply(peer, token).error()).isZero();
    net.loop.runFor(7600 - net.loop.nowMillis());
    assertThat(io.token(new PeerAddress("10.0.0.2", 1), 0)).isEqualTo(token);
    assertThat(ask.apply(peer, token).error()).as("after one rotation").isZero();
    net.loop.runFor(14_900 - net.loop.nowMillis());
    assertThat(ask.apply(peer, token).error()).isZero();
    net.loop.runFor(15_100 - net.loop.nowMillis());
    DhtResponse late = ask.apply(peer, token);
    assertThat(late.error()).as("after two rotations").isEqualTo(Commands.INVALID_TOKEN);
    assertThat(late.token()).isNotEqualTo(token).isEqualTo(io.token(new PeerAddress("10.0.0.2", 1), 1));
  }

  @Test
  void noIdLeavesAnEphemeralNodeAndAPersistentOneSendsItOnlyFromItsServerSocket() {
    DhtIo io = io(DhtIoOptions.DEFAULTS);
    handler.onRequest = (r, e) -> r.reply(new byte[] {1});
    Scripted peer = net.scripted("10.0.0.2", 1000);
    ping(io, peer.address).send();
    ping(io, peer.address).socket(io.serverSocket()).send();
    peer.send(new DhtRequest(1, server(), null, null, false, 9, null, null), server());
    peer.send(new DhtRequest(2, client(), null, null, false, 9, null, null), client());
    net.loop.runFor(20);
    assertThat(peer.received).hasSize(4);
    assertThat(peer.received).allMatch(r -> r.message() != null);
    for (Received r : peer.received) {
      assertThat(r.raw()[1] & 1).as("id flag while ephemeral, from " + r.from()).isZero();
    }

    byte[] id = net.id(server());
    io.setEphemeral(false, id);
    peer.received.clear();
    ping(io, peer.address).send();
    ping(io, peer.address).socket(io.serverSocket()).send();
    peer.send(new DhtRequest(3, server(), null, null, false, 9, null, null), server());
    peer.send(new DhtRequest(4, client(), null, null, false, 9, null, null), client());
    net.loop.runFor(20);
    assertThat(peer.received).hasSize(4);
    for (Received r : peer.received) {
      byte[] sentId = r.message() instanceof DhtRequest q ? q.id() : r.response().id();
      if (r.from().equals(server())) {
        assertThat(sentId).as("from the server socket").isEqualTo(id);
      } else {
        assertThat(r.from()).isEqualTo(client());
        assertThat(sentId).as("from the client socket").isNull();
      }
    }
    assertThat(peer.received).filteredOn(r -> r.from().equals(server())).hasSize(2);

    // Relayed requests follow the same rule.
    peer.received.clear();
    handler.onRequest = (r, e) -> r.relay(new byte[] {2}, peer.address, null);
    Scripted requester = net.scripted("10.0.0.3", 1000);
    requester.send(new DhtRequest(5, server(), null, null, false, 9, null, null), server());
    requester.send(new DhtRequest(6, client(), null, null, false, 9, null, null), client());
    net.loop.runFor(20);
    assertThat(peer.requests()).hasSize(2);
    for (Received r : peer.requests()) {
      assertThat(r.request().value()).containsExactly(2);
      assertThat(r.request().id()).isEqualTo(r.from().equals(server()) ? id : null);
    }
    assertThat(io.counters().relayed()).isEqualTo(2);
  }

  @Test
  void repliesLeaveFromTheSocketTheRequestCameInOnAndExternalIsTheOtherSocket() {
    DhtIo io = io(DhtIoOptions.DEFAULTS);
    handler.onRequest = (r, e) -> r.reply(null, false, false);
    Scripted peer = net.scripted("10.0.0.2", 1000);
    peer.send(new DhtRequest(1, server(), null, null, true, 0, null, null), server());
    net.loop.runFor(20);
    peer.send(new DhtRequest(2, client(), null, null, true, 0, null, null), client());
    net.loop.runFor(20);
    assertThat(peer.responses()).extracting(Received::from).containsExactly(server(), client());
    assertThat(peer.responses()).extracting(r -> r.response().tid()).containsExactly(1, 2);
    assertThat(peer.responses()).allMatch(r -> r.response().to().equals(peer.address));
    // Firewalled: the client socket is the one in use, so the server socket's request is external.
    assertThat(handler.requestExternal).containsExactly(true, false);
    assertThat(handler.requests.get(0).socket()).isSameAs(io.serverSocket());
    assertThat(handler.requests.get(0).to()).isEqualTo(server());

    io.setFirewalled(false);
    peer.send(new DhtRequest(3, server(), null, null, true, 0, null, null), server());
    net.loop.runFor(20);
    assertThat(handler.requestExternal).containsExactly(true, false, false);
    assertThat(io.socket()).isSameAs(io.serverSocket());
    ping(io, peer.address).send();
    net.loop.runFor(20);
    assertThat(peer.requests()).extracting(Received::from).containsExactly(server());
  }

  @Test
  void anIdThatDoesNotMatchTheSourceIsIgnored() {
    DhtIo io = io(DhtIoOptions.DEFAULTS);
    Scripted peer = net.scripted("10.0.0.2", 1000);
    Scripted other = net.scripted("10.0.0.3", 1000);
    peer.send(new DhtRequest(1, server(), other.id(), null, true, 0, null, null), server());
    peer.send(new DhtRequest(2, server(), peer.id(), null, true, 0, null, null), server());
    ping(io, peer.address).send();
    ping(io, other.address).send();
    net.loop.runFor(20);
    assertThat(handler.requests.get(0).fromId()).isNull();
    assertThat(handler.requests.get(1).fromId()).isEqualTo(peer.id());
    peer.reply(peer.requests().get(0), true, null, null, 0, null);
    Received toOther = other.requests().get(0);
    other.send(new DhtResponse(toOther.request().tid(), client(), peer.id(), null, null, 0, null),
        client());
    net.loop.runFor(20);
    assertThat(answers).hasSize(2);
    assertThat(answers.get(0).fromId()).isEqualTo(peer.id());
    assertThat(answers.get(1).fromId()).isNull();
  }

  @Test
  void garbageShortAndMalformedDatagramsAreCountedAndDropped() {
    DhtIo io = io(DhtIoOptions.DEFAULTS);
    handler.onRequest = (r, e) -> r.reply(null);
    Scripted peer = net.scripted("10.0.0.2", 1000);
    Scripted v6 = net.scripted("fd00::2", 1000);
    peer.sendRaw(new byte[0], server());
    peer.sendRaw(new byte[] {3}, client());
    peer.sendRaw(new byte[] {0x05, 0, 0, 0}, server());
    peer.sendRaw(new byte[] {0x03, 0, 1}, server());
    peer.sendRaw(new byte[] {0x13, 0x04, 1, 0, 10, 0, 0, 1, 1, 0, (byte) 0xff}, server());
    net.loop.runFor(20);
    assertThat(io.counters().droppedShort()).isEqualTo(2);
    assertThat(io.counters().droppedType()).isEqualTo(1);
    assertThat(io.counters().droppedMalformed()).isEqualTo(2);
    v6.sendRaw(Messages.encode(new DhtRequest(1, server(), null, null, true, 0, null, null)),
        server());
    net.loop.runFor(20);
    assertThat(io.counters().droppedSource()).isEqualTo(1);
    assertThat(handler.requests).isEmpty();

    Random random = new Random(5);
    int sent = 0;
    for (int i = 0; i < 3000; i++) {
      byte[] bytes = new byte[random.nextInt(80)];
      random.nextBytes(bytes);
      if (bytes.length > 0 && random.nextBoolean()) {
        bytes[0] = (byte) (random.nextBoolean() ? 0x03 : 0x13);
      }
      if (bytes.length > 1 && random.nextBoolean()) {
        bytes[1] = (byte) random.nextInt(32);
      }
      peer.sendRaw(bytes, random.nextBoolean() ? server() : client());
      sent++;
    }
    net.loop.runFor(100);
    DhtCounters c = io.counters();
    long accounted = c.droppedShort() + c.droppedType() + c.droppedMalformed() + c.requestsReceived()
        + c.responses() + c.droppedUnmatched() + c.droppedWrongSource() + c.droppedSource()
        + c.droppedSourceRate() + c.droppedHostRate();
    assertThat(accounted).as("every datagram counted once").isEqualTo(sent + 6);
    assertThat(c.droppedMalformed()).isGreaterThan(100);
    assertThat(c.droppedType()).isGreaterThan(100);
    assertThat(net.loop.failures()).isEmpty();
    // Still works afterwards.
    int before = peer.responses().size();
    peer.send(new DhtRequest(7, server(), null, null, true, 0, null, null), server());
    net.loop.runFor(20);
    assertThat(peer.responses().size()).isGreaterThan(before);
  }
}
