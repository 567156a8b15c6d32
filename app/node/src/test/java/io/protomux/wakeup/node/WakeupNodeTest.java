package io.protomux.wakeup.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.protomux.wakeup.domain.Key32;
import io.protomux.wakeup.domain.stream.NoiseSecretStream;
import io.protomux.wakeup.domain.wakeup.Capability;
import io.protomux.wakeup.domain.wakeup.SessionOptions;
import io.protomux.wakeup.domain.wakeup.WakeupPeer;
import io.protomux.wakeup.domain.wakeup.messages.Lookup;
import io.protomux.wakeup.domain.wakeup.messages.Wakeup;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A node over loopback TCP, as a host uses it: sessions, listen, dial, stats, close. */
class WakeupNodeTest {
  static final Capability CAP = Capability.fromHex("5a".repeat(32));
  static final Key32 LOG = Key32.fromHex("c3".repeat(32));
  private final List<WakeupNode> nodes = new ArrayList<>();

  WakeupNode node(WakeupNodeBuilder builder) {
    WakeupNode node = builder.build();
    nodes.add(node);
    return node;
  }

  @AfterEach
  void closeAll() {
    nodes.forEach(WakeupNode::close);
  }

  @Test
  void twoNodesMeetLookUpAnnounceAndSeeEachOtherLeaveOnClose() throws Exception {
    WakeupNode a = node(WakeupNode.builder().keySeed(new byte[32]));
    WakeupNode b = node(WakeupNode.builder());
    Events atA = new Events();
    Events atB =
        new Events() {
          @Override
          public void onPeerAdd(WakeupPeer peer, NodeSession session) {
            super.onPeerAdd(peer, session);
            session.lookup(peer, Lookup.withoutHash());
          }
        };
    a.session(
        CAP,
        new Events() {
          @Override
          public void onLookup(Lookup request, WakeupPeer peer, NodeSession session) {
            atA.record("lookup");
            session.announce(peer, List.of(new Wakeup(LOG, 5)));
          }
        });
    b.session(CAP, atB);
    InetSocketAddress bound = a.listen("127.0.0.1", 0);
    assertThat(bound.getPort()).isPositive();

    NoiseSecretStream stream = b.dial("127.0.0.1", bound.getPort()).get(20, TimeUnit.SECONDS);
    assertThat(stream.remotePublicKey()).isEqualTo(a.publicKey().bytes());
    assertThat(atB.await("add")).isEqualTo("add " + a.publicKey().toHex());
    assertThat(atB.await("announce")).isEqualTo("announce c3c3:5");
    assertThat(atA.await("lookup")).isEqualTo("lookup");

    List<WakeupPeer> peers = b.sessions().get(0).peers().get(20, TimeUnit.SECONDS);
    assertThat(peers).extracting(WakeupPeer::remotePublicKey).containsExactly(a.publicKey());
    // Stats reach other threads once the loop's turn is over.
    awaitTrue(() -> b.stats().wireLookupTx() == 1 && b.stats().connections() == 1);
    assertThat(a.stats().topics()).isEqualTo(1);

    a.close();
    assertThat(atB.await("remove")).isEqualTo("remove " + a.publicKey().toHex());
    assertThat(a.isClosing()).isTrue();
  }

  @Test
  void theKeySeedGivesTheSamePublicKeyEveryTime() {
    byte[] seed = new byte[32];
    seed[0] = 7;
    assertThat(node(WakeupNode.builder().keySeed(seed)).publicKey())
        .isEqualTo(node(WakeupNode.builder().keySeed(seed)).publicKey())
        .isNotEqualTo(node(WakeupNode.builder()).publicKey());
  }

  @Test
  void aRefusedDialFailsWithTheTransportsError() throws Exception {
    WakeupNode a = node(WakeupNode.builder());
    InetSocketAddress bound = a.listen("127.0.0.1", 0);
    a.close();
    CompletableFuture<NoiseSecretStream> dial = node(WakeupNode.builder()).dial("127.0.0.1", bound.getPort());
    assertThatThrownBy(() -> dial.get(20, TimeUnit.SECONDS))
        .isInstanceOf(ExecutionException.class)
        .hasCauseInstanceOf(IOException.class)
        .hasMessageContaining("127.0.0.1:" + bound.getPort());
  }

  @Test
  void closeIsIdempotentAndAClosedNodeRefusesNewWork() throws Exception {
    WakeupNode a = node(WakeupNode.builder());
    a.close();
    a.close();
    assertThat(a.closeAsync()).succeedsWithin(java.time.Duration.ofSeconds(5));
    assertThatThrownBy(() -> a.session(CAP, NodeHandlers.NONE))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("the node is closing");
    assertThatThrownBy(() -> a.listen("127.0.0.1", 0)).isInstanceOf(IllegalStateException.class);
    assertThat(a.dial("127.0.0.1", 1)).failsWithin(java.time.Duration.ofSeconds(5));
  }

  @Test
  void closeFromAHandlerDoesNotWaitAndStillFinishes() throws Exception {
    WakeupNode a = node(WakeupNode.builder());
    WakeupNode b = node(WakeupNode.builder());
    CompletableFuture<CompletableFuture<Void>> closedInHandler = new CompletableFuture<>();
    a.session(CAP, NodeHandlers.NONE);
    b.session(
        CAP,
        new NodeHandlers() {
          @Override
          public void onPeerAdd(WakeupPeer peer, NodeSession session) {
            session.node().close(); // on b's loop: must return at once
            closedInHandler.complete(session.node().closeAsync());
          }
        });
    Events atA = new Events();
    a.session(CAP, atA);
    b.dial("127.0.0.1", a.listen("127.0.0.1", 0).getPort());
    CompletableFuture<Void> closed = closedInHandler.get(20, TimeUnit.SECONDS);
    assertThat(closed).succeedsWithin(java.time.Duration.ofSeconds(10));
    assertThat(atA.await("remove")).isEqualTo("remove " + b.publicKey().toHex());
  }

  @Test
  void noLoopThreadIsLeftAfterClose() {
    WakeupNode a = node(WakeupNode.builder().loops(2));
    List<Thread> loops = loopThreads(a);
    assertThat(loops).hasSize(2).allMatch(Thread::isDaemon);
    a.close();
    assertThat(loops).noneMatch(Thread::isAlive);
  }

  @Test
  void aNodeWithTwoLoopsSpreadsConnectionsAndSumsTheirCounters() throws Exception {
    WakeupNode server = node(WakeupNode.builder().loops(2));
    Events atServer = new Events();
    NodeSession session = server.session(CAP, atServer);
    int port = server.listen("127.0.0.1", 0).getPort();
    List<WakeupNode> clients = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      WakeupNode client = node(WakeupNode.builder());
      client.session(CAP, NodeHandlers.NONE);
      client.dial("127.0.0.1", port).get(20, TimeUnit.SECONDS);
      clients.add(client);
    }
    for (WakeupNode client : clients) {
      atServer.await("add " + client.publicKey().toHex());
    }
    assertThat(session.peers().get(20, TimeUnit.SECONDS)).hasSize(4);
    assertThat(atServer.threads().stream().map(Thread::getName).distinct()).hasSize(2);
    awaitTrue(() -> server.stats().connections() == 4 && server.stats().peersAdded() == 4);
    assertThat(server.stats().topics()).as("one topic per loop").isEqualTo(2);

    session.inactive();
    for (WakeupNode client : clients) {
      client.sessions().get(0).peers().get(20, TimeUnit.SECONDS);
    }
    awaitTrue(() -> server.stats().wireInfoTx() == 4);
  }

  @Test
  void aSessionWithItsOwnTopicIdMeetsOnlyThatTopic() throws Exception {
    Key32 topic = Key32.fromHex("0f".repeat(32));
    WakeupNode a = node(WakeupNode.builder());
    WakeupNode b = node(WakeupNode.builder());
    NodeSession atA = a.session(CAP, NodeHandlers.NONE, SessionOptions.DEFAULTS.withDiscoveryKey(topic));
    Events atB = new Events();
    b.session(CAP, atB, SessionOptions.DEFAULTS.withDiscoveryKey(topic).withActive(false));
    assertThat(atA.topic()).isEqualTo(topic);
    b.dial("127.0.0.1", a.listen("127.0.0.1", 0).getPort()).get(20, TimeUnit.SECONDS);
    atB.await("add");
    atA.inactive();
    assertThat(atB.await("inactive")).isEqualTo("inactive");
  }

  static List<Thread> loopThreads(WakeupNode node) {
    List<Thread> threads = new ArrayList<>();
    for (var loop : node.eventLoops()) {
      CompletableFuture<Thread> thread = loop.submit(Thread::currentThread);
      threads.add(thread.join());
    }
    return threads;
  }

  static void awaitTrue(java.util.function.BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("condition not met within 20 s");
      }
      Thread.sleep(10);
    }
  }
}
