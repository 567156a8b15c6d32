package io.protomux.wakeup.domain.dht;

import static org.assertj.core.api.Assertions.assertThat;

import io.protomux.wakeup.domain.dht.DhtTestNet.Received;
import io.protomux.wakeup.domain.dht.DhtTestNet.Scripted;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** dht-rpc's index.js behaviour of {@link DhtNode}: internal commands, the table, NAT, bootstrap. */
class DhtNodeTest {
  private static final String HOST = "10.0.0.1";
  private static final int SERVER = 49737;
  private static final int CLIENT = 50001;
  private static final PeerAddress SERVER_ADDRESS = new PeerAddress(HOST, SERVER);
  private static final PeerAddress CLIENT_ADDRESS = new PeerAddress(HOST, CLIENT);

  private final DhtTestNet net = new DhtTestNet(3);
  private int tid = 1;

  private DhtNode node(DhtNodeOptions options) {
    return net.node(HOST, SERVER, CLIENT, options);
  }

  private static DhtNodeOptions withMaxDelayedPings(int max) {
    return DhtNodeOptions.DEFAULTS.withMaxDelayedPings(max);
  }

  /** Sends a request to the node's server socket and returns the responses that came back. */
  private List<Received> ask(Scripted from, boolean withId, boolean internal, long command,
      byte[] target, byte[] value) {
    int before = from.responses().size();
    from.send(new DhtRequest(tid++, SERVER_ADDRESS, withId ? from.id() : null, null, internal,
        command, target, value), SERVER_ADDRESS);
    net.loop.runFor(4 * DhtTestNet.LATENCY);
    List<Received> all = from.responses();
    return new ArrayList<>(all.subList(before, all.size()));
  }

  /** Fills the node's table with {@code n} peers that present their ids. */
  private List<Scripted> knownPeers(int n) {
    List<Scripted> peers = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      Scripted s = net.scripted("10.2.0." + (i + 1), 4000);
      ask(s, true, true, Commands.PING, null, null);
      peers.add(s);
    }
    return peers;
  }

  @Test
  void pingIsAnsweredWithNoTokenCloserNodesOrValue() {
    DhtNode node = node(DhtNodeOptions.DEFAULTS);
    knownPeers(3);
    assertThat(node.table().size()).isEqualTo(3);
    Scripted peer = net.scripted("10.3.0.1", 1000);
    List<Received> replies = ask(peer, false, true, Commands.PING, new byte[32], new byte[4]);
    assertThat(replies).hasSize(1);
    DhtResponse r = replies.get(0).response();
    assertThat(r.error()).isZero();
    assertThat(r.token()).isNull();
    assertThat(r.closerNodes()).isNull();
    assertThat(r.value()).isNull();
    assertThat(r.id()).as("ephemeral").isNull();
    assertThat(r.to()).isEqualTo(peer.address);
    assertThat(replies.get(0).from()).isEqualTo(SERVER_ADDRESS);
  }

  @Test
  void pingNatIsAnsweredAtTheGivenPortAndIgnoredWhenShortOrZero() {
    node(DhtNodeOptions.DEFAULTS);
    Scripted peer = net.scripted("10.3.0.1", 1000);
    Scripted peerServer = net.scripted("10.3.0.1", 0x1234);
    assertThat(ask(peer, false, true, Commands.PING_NAT, null, new byte[] {0x34, 0x12})).isEmpty();
    assertThat(peerServer.responses()).hasSize(1);
    Received pong = peerServer.responses().get(0);
    assertThat(pong.from()).as("from the socket the request came in on").isEqualTo(SERVER_ADDRESS);
    assertThat(pong.response().to()).isEqualTo(peerServer.address);
    assertThat(pong.response().tid()).isEqualTo(tid - 1);
    assertThat(pong.response().token()).isNull();
    assertThat(pong.response().closerNodes()).isNull();
    assertThat(ask(peer, false, true, Commands.PING_NAT, null, new byte[] {0x34})).isEmpty();
    assertThat(ask(peer, false, true, Commands.PING_NAT, null, new byte[] {0, 0})).isEmpty();
    assertThat(ask(peer, false, true, Commands.PING_NAT, null, null)).isEmpty();
    net.loop.runFor(100);
    assertThat(peerServer.received).hasSize(1);
    assertThat(peer.received).isEmpty();
  }

  @Test
  void findNodeAnswersWithCloserNodesOnlyWithATarget() {
    DhtNode node = node(DhtNodeOptions.DEFAULTS);
    List<Scripted> known = knownPeers(25);
    assertThat(node.table().size()).isEqualTo(25);
    Scripted peer = net.scripted("10.3.0.1", 1000);
    byte[] target = known.get(4).id();
    List<Received> replies = ask(peer, false, true, Commands.FIND_NODE, target, null);
    assertThat(replies).hasSize(1);
    DhtResponse r = replies.get(0).response();
    assertThat(r.token()).isNull();
    assertThat(r.error()).isZero();
    List<PeerAddress> expected = new ArrayList<>();
    node.table().closest(target, 20).forEach(p -> expected.add(p.address()));
    assertThat(r.closerNodes()).hasSize(20).containsExactlyElementsOf(expected);
    assertThat(r.closerNodes()).contains(known.get(4).address);
    assertThat(ask(peer, false, true, Commands.FIND_NODE, null, null)).isEmpty();
  }

  @Test
  void unknownInternalAndUnhandledUserCommandsGetErrorOne() {
    DhtNode node = node(DhtNodeOptions.DEFAULTS);
    knownPeers(2);
    Scripted peer = net.scripted("10.3.0.1", 1000);
    for (boolean internal : new boolean[] {true, false}) {
      long command = internal ? 9 : 5;
      DhtResponse withTarget = ask(peer, false, internal, command, new byte[32], null).get(0).response();
      assertThat(withTarget.error()).isEqualTo(Commands.UNKNOWN_COMMAND);
      assertThat(withTarget.closerNodes()).hasSize(2);
      assertThat(withTarget.token()).isNull();
      DhtResponse without = ask(peer, false, internal, command, null, null).get(0).response();
      assertThat(without.error()).isEqualTo(Commands.UNKNOWN_COMMAND);
      assertThat(without.closerNodes()).isNull();
    }
    // A user command with a handler is the handler's; an internal one never reaches it.
    List<IncomingRequest> seen = new ArrayList<>();
    node.setRequestHandler(r -> {
      seen.add(r);
      if (r.command() != 5) {
        return false;
      }
      r.reply(new byte[] {42});
      return true;
    });
    DhtResponse handled = ask(peer, false, false, 5, null, null).get(0).response();
    assertThat(handled.error()).isZero();
    assertThat(handled.value()).containsExactly(42);
    assertThat(handled.token()).isNotNull();
    assertThat(ask(peer, false, false, 6, null, null).get(0).response().error())
        .isEqualTo(Commands.UNKNOWN_COMMAND);
    assertThat(ask(peer, false, true, Commands.PING, null, null).get(0).response().error()).isZero();
    assertThat(ask(peer, false, true, 0, null, null)).hasSize(1);
    assertThat(seen).extracting(IncomingRequest::command).containsExactly(5L, 6L);
  }

  @Test
  void delayedPingRepliesAfterTheDelayUpToTenSecondsAndBoundedInNumber() {
    node(withMaxDelayedPings(2));
    Scripted peer = net.scripted("10.3.0.1", 1000);
    long start = net.loop.nowMillis();
    // 10000 ms (the maximum), 10001 ms (refused), 300 ms, then a third pending one (refused).
    peer.send(new DhtRequest(1, SERVER_ADDRESS, null, null, true, Commands.DELAYED_PING, null,
        new byte[] {0x10, 0x27, 0, 0}), SERVER_ADDRESS);
    peer.send(new DhtRequest(2, SERVER_ADDRESS, null, null, true, Commands.DELAYED_PING, null,
        new byte[] {0x11, 0x27, 0, 0}), SERVER_ADDRESS);
    peer.send(new DhtRequest(3, SERVER_ADDRESS, null, null, true, Commands.DELAYED_PING, null,
        new byte[] {0x2c, 0x01, 0, 0}), SERVER_ADDRESS);
    peer.send(new DhtRequest(4, SERVER_ADDRESS, null, null, true, Commands.DELAYED_PING, null,
        new byte[] {1, 0, 0, 0}), SERVER_ADDRESS);
    peer.send(new DhtRequest(5, SERVER_ADDRESS, null, null, true, Commands.DELAYED_PING, null,
        new byte[] {1, 0, 0}), SERVER_ADDRESS);
    net.loop.runFor(20_000);
    assertThat(peer.responses()).extracting(r -> r.response().tid()).containsExactly(3, 1);
    long l = DhtTestNet.LATENCY;
    assertThat(peer.responses()).extracting(Received::at)
        .containsExactly(start + 300 + 2 * l, start + 10_000 + 2 * l);
    assertThat(peer.responses()).allMatch(r -> r.response().token() == null
        && r.response().closerNodes() == null && r.response().error() == 0);
    // Once they went out, new ones are accepted again.
    peer.send(new DhtRequest(6, SERVER_ADDRESS, null, null, true, Commands.DELAYED_PING, null,
        new byte[] {5, 0, 0, 0}), SERVER_ADDRESS);
    net.loop.runFor(100);
    assertThat(peer.responses()).extracting(r -> r.response().tid()).containsExactly(3, 1, 6);
  }

  @Test
  void idsThatDoNotMatchTheSourceNeverEnterTheTable() {
    DhtNode node = node(DhtNodeOptions.DEFAULTS);
    Scripted peer = net.scripted("10.3.0.1", 1000);
    Scripted other = net.scripted("10.3.0.2", 1000);
    peer.send(new DhtRequest(1, SERVER_ADDRESS, other.id(), null, true, Commands.PING, null, null),
        SERVER_ADDRESS);
    net.loop.runFor(20);
    assertThat(node.table().size()).isZero();
    assertThat(node.table().get(other.id())).isNull();
    // A response carrying someone else's id neither.
    node.ping(peer.address).send();
    net.loop.runFor(20);
    Received q = peer.requests().get(0);
    peer.send(new DhtResponse(q.request().tid(), CLIENT_ADDRESS, other.id(), null, null, 0, null),
        CLIENT_ADDRESS);
    net.loop.runFor(20);
    assertThat(node.table().size()).isZero();
    ask(peer, true, true, Commands.PING, null, null);
    assertThat(node.table().size()).isEqualTo(1);
    assertThat(node.table().get(peer.id()).address()).isEqualTo(peer.address);
  }

  @Test
  void natSamplesComeFromResponsesOncePerNode() {
    DhtNode node = node(DhtNodeOptions.DEFAULTS);
    Scripted a = net.scripted("10.3.0.1", 1000);
    Scripted b = net.scripted("10.3.0.2", 1000);
    Scripted c = net.scripted("10.3.0.3", 1000);
    PeerAddress seenAs = new PeerAddress("203.0.113.7", 61000);
    for (Scripted s : List.of(a, b, c)) {
      s.onMessage = (me, r) -> {
        if (r.message() instanceof DhtRequest q) {
          me.send(new DhtResponse(q.tid(), seenAs, me == c ? me.id() : null, null, null, 0, null),
              r.from());
        }
      };
    }
    // Id-less responders: only max(1, bootstrap nodes) = 1 of them is sampled.
    node.ping(a.address).send();
    net.loop.runFor(20);
    assertThat(node.nat().size()).isEqualTo(1);
    assertThat(node.nat().address()).isEqualTo(seenAs);
    node.ping(a.address).send();
    node.ping(b.address).send();
    net.loop.runFor(20);
    assertThat(node.nat().size()).isEqualTo(1);
    // A node with an id is sampled when it is added, and not again for its next replies.
    node.ping(c.address).send();
    net.loop.runFor(20);
    assertThat(node.nat().size()).isEqualTo(2);
    assertThat(node.table().get(c.id())).isNotNull();
    for (int i = 0; i < 3; i++) {
      node.ping(c.address).send();
      net.loop.runFor(20);
    }
    net.loop.runFor(6000);
    node.ping(c.address).send();
    net.loop.runFor(20);
    assertThat(node.nat().size()).as("a known node is re-sampled only after 360 ticks").isEqualTo(2);
  }

  /** Responders for bootstrap: FIND_NODE answered from {@code all}, PING_NAT as {@code mode}. */
  private List<Scripted> bootstrapNodes(int n, String mode) {
    List<Scripted> nodes = new ArrayList<>();
    List<PeerAddress> all = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      Scripted s = net.scripted("10.4.0." + (i + 1), 49737);
      nodes.add(s);
      all.add(s.address);
    }
    for (Scripted s : nodes) {
      s.onMessage = (me, r) -> {
        if (!(r.message() instanceof DhtRequest q) || !q.internal()) {
          return;
        }
        if (q.command() == Commands.FIND_NODE) {
          me.send(new DhtResponse(q.tid(), r.from(), me.id(), null, all, 0, null), r.from());
        } else if (q.command() == Commands.PING_NAT && !mode.equals("none")) {
          int port = (q.value()[0] & 0xff) | (q.value()[1] & 0xff) << 8;
          PeerAddress to = switch (mode) {
            case "server" -> new PeerAddress(r.from().host(), port);
            default -> r.from();
          };
          me.send(new DhtResponse(q.tid(), to, me.id(), null, null, 0, null), to);
        } else if (q.command() == Commands.PING) {
          me.send(new DhtResponse(q.tid(), r.from(), me.id(), null, null, 0, null), r.from());
        }
      };
    }
    return nodes;
  }

  private static List<PeerAddress> addresses(List<Scripted> nodes) {
    List<PeerAddress> out = new ArrayList<>();
    nodes.forEach(s -> out.add(s.address));
    return out;
  }

  @Test
  void bootstrapAgainstScriptedNodesMarksBootstrapped() {
    List<Scripted> boot = bootstrapNodes(6, "none");
    DhtNode node = node(DhtNodeOptions.DEFAULTS.withBootstrap(addresses(boot).subList(0, 2)));
    int[] ready = {0};
    node.whenBootstrapped(n -> ready[0]++);
    node.bootstrap();
    assertThat(node.bootstrapped()).isFalse();
    net.loop.runUntil(node::bootstrapped, 60_000);
    net.loop.runFor(10_000);
    assertThat(ready[0]).isEqualTo(1);
    assertThat(node.firewalled()).isTrue();
    assertThat(node.ephemeral()).isTrue();
    assertThat(node.id()).isNull();
    // The responder that never answered the quick PING_NAT (4 sends) was dropped from the table,
    // as the reference does for a timed-out request to a node with an id.
    List<Scripted> pinged = boot.stream().filter(s -> s.requests().stream()
        .anyMatch(r -> r.request().command() == Commands.PING_NAT)).toList();
    assertThat(pinged).hasSize(1);
    assertThat(pinged.get(0).requests()).filteredOn(r -> r.request().command() == Commands.PING_NAT)
        .hasSize(4);
    assertThat(node.table().get(pinged.get(0).id())).isNull();
    assertThat(node.table().size()).isEqualTo(5);
    assertThat(node.nat().address()).isEqualTo(CLIENT_ADDRESS);
    int[] late = {0};
    node.whenBootstrapped(n -> late[0]++);
    assertThat(late[0]).isEqualTo(1);
    for (Scripted s : boot) {
      for (Received r : s.requests()) {
        assertThat(r.from()).isEqualTo(CLIENT_ADDRESS);
        assertThat(r.request().id()).isNull();
      }
    }
  }

  @Test
  void theQuickFirewallCheckPassesWhenPingNatRepliesReachTheServerSocket() {
    List<Scripted> boot = bootstrapNodes(6, "server");
    DhtNode node = node(DhtNodeOptions.DEFAULTS.withBootstrap(addresses(boot).subList(0, 2)));
    node.bootstrap();
    net.loop.runUntil(node::bootstrapped, 60_000);
    assertThat(node.bootstrapped()).isTrue();
    assertThat(node.firewalled()).isFalse();
    assertThat(node.ephemeral()).isTrue();
    assertThat(node.io().socket()).isSameAs(node.io().serverSocket());
    // The second bootstrap query left the server socket, still without an id.
    List<Received> fromServer = boot.stream().flatMap(s -> s.requests().stream())
        .filter(r -> r.from().equals(SERVER_ADDRESS)).toList();
    assertThat(fromServer).isNotEmpty();
    assertThat(fromServer).allMatch(r -> r.request().id() == null);
    // As the reference: the NAT view is the check's sampler and the table is keyed by it.
    assertThat(node.nat().address()).isEqualTo(SERVER_ADDRESS);
    assertThat(node.remoteAddress()).isEqualTo(SERVER_ADDRESS);
    assertThat(node.table().id()).isEqualTo(net.id(SERVER_ADDRESS));
    assertThat(fromServer).filteredOn(r -> r.request().command() == Commands.FIND_NODE)
        .allMatch(r -> java.util.Arrays.equals(r.request().target(), net.id(SERVER_ADDRESS)));
  }

  @Test
  void theFirewallCheckFailsWhenPingNatRepliesDoNotReachTheServerSocket() {
    List<Scripted> boot = bootstrapNodes(6, "client");
    DhtNode node = node(DhtNodeOptions.DEFAULTS.withBootstrap(addresses(boot).subList(0, 2)));
    node.bootstrap();
    net.loop.runUntil(node::bootstrapped, 60_000);
    assertThat(node.bootstrapped()).isTrue();
    assertThat(node.firewalled()).isTrue();
    assertThat(node.remoteAddress()).isNull();
    long checks = boot.stream().flatMap(s -> s.requests().stream())
        .filter(r -> r.request().command() == Commands.PING_NAT).count();
    assertThat(checks).as("the quick one and the check's 5").isEqualTo(6);
    assertThat(boot.stream().flatMap(s -> s.requests().stream()))
        .allMatch(r -> r.from().equals(CLIENT_ADDRESS));
  }

  @Test
  void aForcedPersistentNodeSendsItsIdOnlyFromTheServerSocket() {
    List<Scripted> boot = bootstrapNodes(6, "server");
    DhtNode node = node(DhtNodeOptions.DEFAULTS.withBootstrap(addresses(boot).subList(0, 2))
        .withEphemeral(false));
    node.bootstrap();
    net.loop.runUntil(node::bootstrapped, 60_000);
    assertThat(node.ephemeral()).isFalse();
    assertThat(node.firewalled()).isFalse();
    byte[] id = net.id(SERVER_ADDRESS);
    assertThat(node.id()).isEqualTo(id);
    assertThat(node.table().id()).isEqualTo(id);
    List<Received> all = boot.stream().flatMap(s -> s.requests().stream()).toList();
    assertThat(all).filteredOn(r -> r.request().id() != null).isNotEmpty()
        .allMatch(r -> r.from().equals(SERVER_ADDRESS) && java.util.Arrays.equals(r.request().id(), id));
    assertThat(all).filteredOn(r -> r.from().equals(CLIENT_ADDRESS))
        .isNotEmpty().allMatch(r -> r.request().id() == null);
    // Answers from the server socket carry the id, from the client socket not.
    Scripted peer = net.scripted("10.3.0.1", 1000);
    assertThat(ask(peer, false, true, Commands.PING, null, null).get(0).response().id()).isEqualTo(id);
    peer.send(new DhtRequest(99, CLIENT_ADDRESS, null, null, true, Commands.PING, null, null),
        CLIENT_ADDRESS);
    net.loop.runFor(20);
    Received last = peer.responses().get(peer.responses().size() - 1);
    assertThat(last.from()).isEqualTo(CLIENT_ADDRESS);
    assertThat(last.response().id()).isNull();
  }
}
