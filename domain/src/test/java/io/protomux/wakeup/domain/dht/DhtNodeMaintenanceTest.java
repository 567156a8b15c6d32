package io.protomux.wakeup.domain.dht;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.protomux.wakeup.domain.dht.DhtTestNet.Scripted;
import io.protomux.wakeup.ports.loop.Cancellable;
import io.protomux.wakeup.ports.loop.EventLoop;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The node keeping its table as dht-rpc 6.27.0 does: the bootstrapper, ping rounds, ping-and-swap
 * on a full row, DOWN_HINTs acted on and sent within their rate, adaptive persistence and the
 * wakeup after a sleep.
 */
class DhtNodeMaintenanceTest {
  private static final String HOST = "10.0.0.1";
  private static final PeerAddress ADDRESS = new PeerAddress(HOST, 49737);

  private final DhtTestNet net = new DhtTestNet(41);
  private int tid = 1;

  private DhtNode bootstrapper() {
    DhtNode node = net.node(HOST, 49737, 40000,
        DhtNodeOptions.bootstrapper(HOST, 49737, DhtNodeOptions.DEFAULTS));
    node.bootstrap();
    net.loop.runUntil(node::bootstrapped, 10_000);
    return node;
  }

  /** A peer that PINGs the node with its id, so that the node tables it; answers if asked. */
  private Scripted tabled(String host, boolean answers) {
    Scripted peer = net.scripted(host, 49737);
    if (answers) {
      peer.onMessage = (s, r) -> {
        if (r.message() instanceof DhtRequest) {
          s.reply(r, true, null, null, 0, null);
        }
      };
    }
    hello(peer);
    return peer;
  }

  private void hello(Scripted peer) {
    peer.send(new DhtRequest(tid++, ADDRESS, peer.id(), null, true, Commands.PING, null, null),
        ADDRESS);
    net.loop.runFor(4 * DhtTestNet.LATENCY);
  }

  private static long pingsFrom(Scripted peer, PeerAddress from) {
    return peer.requests().stream()
        .filter(r -> r.from().equals(from) && r.request().command() == Commands.PING)
        .count();
  }

  @Test
  void aBootstrapperIsPersistentUnderItsAddressAndANodeJoiningItTablesIt() {
    DhtNode first = bootstrapper();
    assertThat(first.ephemeral()).isFalse();
    assertThat(first.firewalled()).isFalse();
    assertThat(first.id()).isEqualTo(NodeId.of(ADDRESS, net.crypto));
    DhtNode second = net.persistentNode("10.0.0.2", List.of(ADDRESS));
    assertThat(second.table().get(first.id())).isNotNull();
    assertThat(first.table().get(second.id())).isNotNull();
    assertThatThrownBy(() -> DhtNodeOptions.bootstrapper("0.0.0.0", 1, DhtNodeOptions.DEFAULTS))
        .hasMessageContaining("IPv4 address it is reached at, got 0.0.0.0");
    assertThatThrownBy(() -> DhtNodeOptions.bootstrapper(HOST, 0, DhtNodeOptions.DEFAULTS))
        .hasMessageContaining("got 0");
  }

  @Test
  void tableChangesAreReportedAndForgedIdsNeverEnter() {
    DhtNode node = bootstrapper();
    List<String> changes = new ArrayList<>();
    node.onTableChange((added, peer) -> changes.add((added ? "+" : "-") + peer.address()));
    Scripted honest = tabled("10.0.1.1", true);
    Scripted forger = net.scripted("10.0.1.2", 49737);
    forger.send(new DhtRequest(tid++, ADDRESS, honest.id(), null, true, Commands.PING, null, null),
        ADDRESS);
    net.loop.runFor(20);
    assertThat(changes).containsExactly("+" + honest.address);
    assertThat(node.table().size()).isEqualTo(1);
  }

  @Test
  void thePingRoundDropsANodeThatStopsAnsweringAndKeepsOneThatAnswers() {
    DhtNode node = bootstrapper();
    Scripted silent = tabled("10.0.1.1", false);
    Scripted alive = tabled("10.0.1.2", true);
    assertThat(node.table().size()).isEqualTo(2);
    // Rounds come every 8 ticks (40 s); the silent one gets its retries and is dropped.
    net.loop.runFor(50_000);
    assertThat(pingsFrom(silent, ADDRESS)).isGreaterThanOrEqualTo(1);
    assertThat(pingsFrom(alive, ADDRESS)).isGreaterThanOrEqualTo(1);
    assertThat(node.table().get(silent.id())).isNull();
    assertThat(node.table().get(alive.id())).isNotNull();
  }

  /** Twenty peers in row 0 of the node's table, and one more for the same row. */
  private List<Scripted> rowZeroPeers(int count) {
    byte[] own = NodeId.of(ADDRESS, net.crypto);
    List<Scripted> peers = new ArrayList<>();
    for (int i = 1; peers.size() < count; i++) {
      String host = "10.2." + (i / 200) + "." + (i % 200 + 1);
      byte[] id = NodeId.of(new PeerAddress(host, 49737), net.crypto);
      if (((id[0] ^ own[0]) & 0x80) != 0) {
        peers.add(net.scripted(host, 49737));
      }
    }
    return peers;
  }

  private void answer(Scripted peer) {
    peer.onMessage = (s, r) -> {
      if (r.message() instanceof DhtRequest) {
        s.reply(r, true, null, null, 0, null);
      }
    };
  }

  @Test
  void aFullRowSwapsItsDeadLeastRecentlyPingedNodeForTheNewcomer() {
    DhtNode node = bootstrapper();
    List<Scripted> row = rowZeroPeers(21);
    for (Scripted peer : row.subList(0, 20)) {
      hello(peer);
    }
    assertThat(node.table().size()).isEqualTo(20);
    Scripted dead = row.get(0);
    net.loop.runFor(5_000);
    for (Scripted peer : row.subList(1, 20)) {
      answer(peer);
      hello(peer); // heard from again: only the dead one is left unpinged since the first tick
    }
    net.loop.runFor(5_000);
    Scripted newcomer = row.get(20);
    hello(newcomer);
    assertThat(node.table().get(newcomer.id())).isNull();
    assertThat(pingsFrom(dead, ADDRESS)).isEqualTo(1);
    net.loop.runFor(10_000);
    assertThat(node.table().get(dead.id())).isNull();
    assertThat(node.table().get(newcomer.id())).isNotNull();
    assertThat(node.table().size()).isEqualTo(20);
  }

  @Test
  void aFullRowKeepsItsOldNodeWhenThatAnswersWithItsId() {
    DhtNode node = bootstrapper();
    List<Scripted> row = rowZeroPeers(21);
    row.forEach(this::answer);
    for (Scripted peer : row.subList(0, 20)) {
      hello(peer);
    }
    Scripted oldest = row.get(0);
    net.loop.runFor(5_000);
    for (Scripted peer : row.subList(1, 20)) {
      hello(peer);
    }
    net.loop.runFor(5_000);
    Scripted newcomer = row.get(20);
    hello(newcomer);
    net.loop.runFor(10_000);
    assertThat(pingsFrom(oldest, ADDRESS)).isGreaterThanOrEqualTo(1);
    assertThat(node.table().get(oldest.id())).isNotNull();
    assertThat(node.table().get(newcomer.id())).isNull();
  }

  @Test
  void aDownHintMakesTheNodeCheckTheHintedNodeWithAtMostTenChecksAtOnce() {
    DhtNode node = bootstrapper();
    List<Scripted> silent = new ArrayList<>();
    for (int i = 0; i < 12; i++) {
      silent.add(tabled("10.3.0." + (i + 1), false));
    }
    Scripted hinter = net.scripted("10.3.1.1", 49737);
    for (Scripted down : silent) {
      hinter.send(new DhtRequest(tid++, ADDRESS, null, null, true, Commands.DOWN_HINT, null,
          down.address.encode()), ADDRESS);
    }
    net.loop.runFor(20);
    assertThat(node.checks().checksRunning()).isEqualTo(10);
    assertThat(silent.stream().filter(s -> pingsFrom(s, ADDRESS) > 0)).hasSize(10);
    // Every hint is answered as a PING is.
    assertThat(hinter.responses()).hasSize(12);
    net.loop.runFor(10_000);
    assertThat(node.checks().checksRunning()).isZero();
    assertThat(node.table().size()).isEqualTo(2);
  }

  @Test
  void downHintsSentAreCappedPerTickAndCanBeTurnedOff() {
    DhtNode node = bootstrapper();
    Scripted target = net.scripted("10.4.0.1", 49737);
    answer(target);
    for (int i = 0; i < 60; i++) {
      node.sendDownHint(target.address, new PeerAddress("10.4.1.1", i + 1));
    }
    net.loop.runFor(100);
    assertThat(target.requests()).hasSize(50);
    net.loop.runFor(5_000);
    node.sendDownHint(target.address, new PeerAddress("10.4.1.1", 99));
    net.loop.runFor(100);
    assertThat(target.requests()).hasSize(51);
    assertThat(target.requests())
        .allSatisfy(r -> assertThat(r.request().command()).isEqualTo(Commands.DOWN_HINT));

    DhtNode quiet = net.node("10.4.2.1", 49737, 40000,
        DhtNodeOptions.DEFAULTS.withDownHints(false, 50));
    Scripted other = net.scripted("10.4.0.2", 49737);
    quiet.sendDownHint(other.address, new PeerAddress("10.4.1.1", 1));
    net.loop.runFor(100);
    assertThat(other.received).isEmpty();
  }

  /** The node's loop with a clock that can jump, as a machine's after a sleep. */
  private static final class SleepyLoop implements EventLoop {
    final EventLoop inner;
    long slept;

    SleepyLoop(EventLoop inner) {
      this.inner = inner;
    }

    @Override
    public boolean inEventLoop() {
      return inner.inEventLoop();
    }

    @Override
    public void execute(Runnable task) {
      inner.execute(task);
    }

    @Override
    public long nowMillis() {
      return inner.nowMillis() + slept;
    }

    @Override
    public Cancellable schedule(long delayMillis, Runnable task) {
      return inner.schedule(delayMillis, task);
    }
  }

  @Test
  void anAdaptiveNodeTurnsPersistentAfterTwentyStableMinutesAndEphemeralAfterASleep() {
    bootstrapper();
    SleepyLoop loop = new SleepyLoop(net.loop);
    DhtNode node = new DhtNode(loop, net.crypto, net.random, net.udxSocket("10.5.0.1", 49737),
        net.udxSocket("10.5.0.1", 40000),
        DhtNodeOptions.DEFAULTS.withBootstrap(List.of(ADDRESS)).withFirewalled(false));
    int[] persistent = {0};
    int[] ephemeral = {0};
    node.onPersistent(() -> persistent[0]++);
    node.onEphemeral(() -> ephemeral[0]++);
    node.bootstrap();
    net.loop.runUntil(node::bootstrapped, 10_000);
    assertThat(node.ephemeral()).isTrue();
    net.loop.runFor(19 * 60_000);
    assertThat(node.ephemeral()).isTrue();
    net.loop.runFor(2 * 60_000);
    assertThat(node.ephemeral()).isFalse();
    assertThat(node.id()).isEqualTo(NodeId.of(new PeerAddress("10.5.0.1", 49737), net.crypto));
    assertThat(persistent[0]).isEqualTo(1);

    loop.slept += 60_000;
    net.loop.runFor(5_000);
    assertThat(node.ephemeral()).isTrue();
    assertThat(node.id()).isNull();
    assertThat(ephemeral[0]).isEqualTo(1);
    // The wakeup forgot which network was checked: 60 stable minutes later it checks again.
    net.loop.runFor(61 * 60_000);
    assertThat(node.ephemeral()).isFalse();
    assertThat(persistent[0]).isEqualTo(2);
  }

  @Test
  void anEphemeralTrueNodeNeverTurnsPersistent() {
    bootstrapper();
    DhtNode node = net.node("10.6.0.1", 49737, 40000,
        DhtNodeOptions.DEFAULTS.withBootstrap(List.of(ADDRESS)).withFirewalled(false)
            .withEphemeral(true));
    node.bootstrap();
    net.loop.runFor(30 * 60_000);
    assertThat(node.bootstrapped()).isTrue();
    assertThat(node.ephemeral()).isTrue();
    assertThat(node.id()).isNull();
  }
}
