package io.protomux.wakeup.interop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.protomux.wakeup.domain.Key32;
import io.protomux.wakeup.domain.hyperdht.HyperDhtException;
import io.protomux.wakeup.domain.hyperswarm.JoinOptions;
import io.protomux.wakeup.domain.stream.NoiseSecretStream;
import io.protomux.wakeup.domain.wakeup.Capability;
import io.protomux.wakeup.domain.wakeup.WakeupPeer;
import io.protomux.wakeup.domain.wakeup.messages.Lookup;
import io.protomux.wakeup.domain.wakeup.messages.Wakeup;
import io.protomux.wakeup.node.NodeHandlers;
import io.protomux.wakeup.node.NodeSession;
import io.protomux.wakeup.node.WakeupNode;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@link WakeupNode}'s DHT facade in this process, on a JavaScript testnet: sessions that join
 * their topics meet, a node dials another by key, the futures fail as they should, and a closed
 * node lets its UDP ports go.
 */
class WakeupNodeDhtTest {
  private static final Duration WAIT = Duration.ofSeconds(40);
  private static final Capability CAP = Capability.of(filled(0x71));
  private static final Wakeup LOG = new Wakeup(Key32.of(filled(0x42)), 12);

  private final List<WakeupNode> nodes = new ArrayList<>();
  private NodePeer testnet;
  private String bootstrap;

  @BeforeEach
  void startTestnet() {
    testnet = NodePeer.start("dht-testnet.js", "--size", "5");
    JsonNode first = testnet.await(e -> "testnet".equals(e.path("event").asText()), WAIT)
        .get("bootstrap").get(0);
    bootstrap = first.get("host").asText() + ":" + first.get("port").asInt();
  }

  @AfterEach
  void stop() {
    nodes.forEach(WakeupNode::close);
    testnet.close();
  }

  @Test
  void sessionsThatJoinTheirTopicsMeetAndTalk() throws Exception {
    LinkedBlockingQueue<String> seen = new LinkedBlockingQueue<>();
    WakeupNode a = node(true, stream -> seen.add("a connection"));
    WakeupNode b = node(true, stream -> seen.add("b connection"));
    a.session(CAP, new NodeHandlers() {
      @Override
      public void onLookup(Lookup request, WakeupPeer peer, NodeSession session) {
        session.announce(peer, List.of(LOG));
      }
    });
    // Announced before b looks: two nodes that announce at the same moment may miss each other
    // until their next refresh.
    a.flush().get(WAIT.toSeconds(), TimeUnit.SECONDS);
    CompletableFuture<List<Wakeup>> answer = new CompletableFuture<>();
    CompletableFuture<Key32> peerOfB = new CompletableFuture<>();
    b.session(CAP, new NodeHandlers() {
      @Override
      public void onPeerAdd(WakeupPeer peer, NodeSession session) {
        peerOfB.complete(peer.remotePublicKey());
        session.lookup(peer, Lookup.withoutHash());
      }

      @Override
      public void onAnnounce(List<Wakeup> wakeups, WakeupPeer peer, NodeSession session) {
        answer.complete(wakeups);
      }
    });

    assertThat(peerOfB.get(WAIT.toSeconds(), TimeUnit.SECONDS)).isEqualTo(a.publicKey());
    assertThat(answer.get(WAIT.toSeconds(), TimeUnit.SECONDS)).containsExactly(LOG);
    assertThat(List.of(poll(seen), poll(seen))).containsExactlyInAnyOrder("a connection",
        "b connection");
    assertThat(a.stats().peers()).isEqualTo(1);
  }

  @Test
  void aNodeDialsAnotherByItsPublicKey() throws Exception {
    WakeupNode server = node(false, stream -> {});
    WakeupNode client = node(false, stream -> {});
    server.listenOnDht().get(WAIT.toSeconds(), TimeUnit.SECONDS);
    // A second call is the same server: nothing more to announce, no KEYPAIR_ALREADY_USED.
    server.listenOnDht().get(WAIT.toSeconds(), TimeUnit.SECONDS);

    NoiseSecretStream stream = client.connect(server.publicKey()).get(WAIT.toSeconds(), TimeUnit.SECONDS);
    Key32 remote = client.eventLoops().get(0)
        .submit(() -> Key32.of(stream.remotePublicKey())).get(5, TimeUnit.SECONDS);
    assertThat(remote).isEqualTo(server.publicKey());
    CompletableFuture<Key32> added = new CompletableFuture<>();
    server.session(CAP, new NodeHandlers() {
      @Override
      public void onPeerAdd(WakeupPeer peer, NodeSession session) {
        added.complete(peer.remotePublicKey());
      }
    });
    client.session(CAP, NodeHandlers.NONE);
    assertThat(added.get(WAIT.toSeconds(), TimeUnit.SECONDS)).isEqualTo(client.publicKey());
  }

  @Test
  void aDialNobodyAnswersFailsWithTheDhtsCode() throws Exception {
    WakeupNode client = node(false, stream -> {});
    CompletableFuture<NoiseSecretStream> dial = client.connect(Key32.of(filled(0x99)));
    assertThatThrownBy(() -> dial.get(WAIT.toSeconds(), TimeUnit.SECONDS))
        .isInstanceOf(ExecutionException.class)
        .cause()
        .isInstanceOfSatisfying(HyperDhtException.class,
            e -> assertThat(e.code()).isEqualTo(HyperDhtException.PEER_NOT_FOUND));
  }

  @Test
  void joinAndLeaveCompleteAndAClosedNodeFreesItsPorts() throws Exception {
    WakeupNode node = node(false, stream -> {});
    Key32 topic = Key32.of(filled(0x13));
    node.join(topic, JoinOptions.serverOnly()).get(WAIT.toSeconds(), TimeUnit.SECONDS);
    node.leave(topic).get(WAIT.toSeconds(), TimeUnit.SECONDS);
    assertThat(node.dhtBootstrapped()).isCompleted();

    node.close();
    assertThat(node.join(topic)).isCompletedExceptionally();
    int port = node.dhtAddress().getPort();
    // Only the node had it: once closed, the server socket's port is free again.
    try (DatagramSocket again = new DatagramSocket(new InetSocketAddress(
        InetAddress.getLoopbackAddress(), port))) {
      assertThat(again.getLocalPort()).isEqualTo(port);
    }
  }

  @Test
  void aNodeWithoutBootstrapNodesHasNoDht() {
    try (WakeupNode plain = WakeupNode.builder().build()) {
      assertThatThrownBy(() -> plain.join(Key32.of(filled(1))).get(5, TimeUnit.SECONDS))
          .hasCauseInstanceOf(IllegalStateException.class)
          .hasMessageContaining("no DHT");
      assertThat(plain.connect(Key32.of(filled(2)))).isCompletedExceptionally();
      assertThat(plain.listenOnDht()).isCompletedExceptionally();
      assertThat(plain.dhtAddress()).isNull();
    }
  }

  private WakeupNode node(boolean joinSessionTopics,
      java.util.function.Consumer<NoiseSecretStream> onConnection) {
    WakeupNode node = WakeupNode.builder()
        .bootstrap(bootstrap)
        .dhtHost("127.0.0.1")
        .dhtPort(0)
        .joinSessionTopics(joinSessionTopics)
        .onConnection(onConnection)
        .build();
    nodes.add(node);
    return node;
  }

  private static String poll(LinkedBlockingQueue<String> queue) throws InterruptedException {
    String next = queue.poll(WAIT.toSeconds(), TimeUnit.SECONDS);
    assertThat(next).as("an event within " + WAIT).isNotNull();
    return next;
  }

  private static byte[] filled(int value) {
    byte[] bytes = new byte[32];
    java.util.Arrays.fill(bytes, (byte) value);
    return bytes;
  }
}
