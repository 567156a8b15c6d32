package io.protomux.wakeup.interop;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.protomux.wakeup.domain.dht.DhtResponse;
import io.protomux.wakeup.node.DhtNodeService;
import io.protomux.wakeup.node.DhtNodeStats;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Java {@link DhtNodeService}s serving JavaScript hyperdht 6.34.0 nodes and Hyperswarm 4.17.2
 * peers on loopback: JS nodes bootstrap from a Java first node; JS peers meet on a topic through
 * a network whose storage nodes are all Java, and through a mixed one; a JS server's
 * self-announce becomes a route at the Java nodes that relays a JS client's handshake; JS stores
 * and reads mutable and immutable values at Java nodes.
 */
class DhtNodeInteropTest {
  private static final HexFormat HEX = HexFormat.of();
  private static final Duration WAIT = Duration.ofSeconds(40);

  private final Random random = new Random(2031);
  private final List<DhtNodeService> javaNodes = new ArrayList<>();
  private final List<NodePeer> jsProcesses = new ArrayList<>();

  @AfterEach
  void stop() {
    for (NodePeer process : jsProcesses) {
      process.close();
    }
    for (int i = javaNodes.size() - 1; i >= 0; i--) {
      javaNodes.get(i).close();
    }
  }

  @Test
  void javaScriptNodesBootstrapFromAJavaFirstNodeAndBecomePersistent() throws Exception {
    DhtNodeService first = javaFirstNode();
    JsonNode testnet = jsTestnet(3, bootstrapOf(first));
    for (JsonNode node : testnet.get("nodes")) {
      assertThat(node.get("ephemeral").asBoolean()).as("JS node %s", node).isFalse();
      assertThat(node.get("id").isNull()).isFalse();
    }
    DhtNodeStats stats = awaitStats(first, s -> s.tableSize() >= 3);
    assertThat(stats.persistent()).isTrue();
    assertThat(stats.id()).isEqualTo(idOf("127.0.0.1", first.address().getPort()));
  }

  @Test
  void javaScriptSwarmPeersMeetThroughAllJavaStorageNodes() throws Exception {
    String bootstrap = javaNetwork(3);
    swarmPeersMeet(bootstrap);
  }

  @Test
  void javaScriptSwarmPeersMeetThroughAMixedNetwork() throws Exception {
    String bootstrap = javaNetwork(2);
    jsTestnet(3, bootstrap);
    swarmPeersMeet(bootstrap);
  }

  @Test
  void aJavaScriptServerIsRoutedAndRelayedThroughJavaNodes() throws Exception {
    String bootstrap = javaNetwork(3);
    NodePeer server = jsPeer("server", bootstrap, "--quick-firewall", "false");
    String serverKey = server.await(e -> "listening".equals(e.path("event").asText()), WAIT)
        .get("publicKey").asText();
    NodePeer client = jsPeer("client", bootstrap, "--quick-firewall", "false");
    client.await("ready");

    JsonNode found = client.command("{\"cmd\":\"find-peer\",\"publicKey\":\"" + serverKey + "\"}");
    assertThat(found.get("found")).isNotEmpty();
    for (JsonNode reply : found.get("found")) {
      assertThat(reply.get("publicKey").asText()).isEqualTo(serverKey);
      assertThat(javaPorts()).contains(reply.get("from").get("port").asInt());
    }

    client.command("{\"cmd\":\"connect\",\"publicKey\":\"" + serverKey + "\"}");
    JsonNode connection = client.await(e -> "connection".equals(e.path("event").asText()), WAIT);
    assertThat(connection.get("remotePublicKey").asText()).isEqualTo(serverKey);
    server.await(e -> "connection".equals(e.path("event").asText()), WAIT);
    long relayed = 0;
    for (DhtNodeService node : javaNodes) {
      relayed += node.currentStats().get(5, TimeUnit.SECONDS).relayed();
    }
    assertThat(relayed).as("handshakes relayed by the Java nodes").isPositive();
  }

  @Test
  void javaScriptStoresAndReadsValuesAtJavaNodes() throws Exception {
    String bootstrap = javaNetwork(3);
    NodePeer writer = jsPeer("client", bootstrap, "--quick-firewall", "false");
    NodePeer reader = jsPeer("client", bootstrap, "--quick-firewall", "false");
    String writerKey = writer.await("ready").get("publicKey").asText();
    reader.await("ready");

    String value = HEX.formatHex(bytes(40));
    JsonNode put = writer.command("{\"cmd\":\"immutable-put\",\"value\":\"" + value + "\"}");
    assertThat(put.get("closestNodes").asInt()).isPositive();
    JsonNode got =
        reader.command("{\"cmd\":\"immutable-get\",\"hash\":\"" + put.get("hash").asText() + "\"}");
    assertThat(got.get("value").asText()).isEqualTo(value);
    assertThat(javaPorts()).contains(got.get("from").get("port").asInt());

    String first = HEX.formatHex(bytes(20));
    String second = HEX.formatHex(bytes(20));
    writer.command("{\"cmd\":\"mutable-put\",\"value\":\"" + first + "\",\"seq\":1}");
    writer.command("{\"cmd\":\"mutable-put\",\"value\":\"" + second + "\",\"seq\":2}");
    JsonNode latest = reader.command("{\"cmd\":\"mutable-get\",\"publicKey\":\"" + writerKey + "\"}");
    assertThat(latest.get("value").asText()).isEqualTo(second);
    assertThat(latest.get("seq").asInt()).isEqualTo(2);
  }

  @Test
  void anInvalidTokenGetsTheSameReplyFromAJavaAndAJavaScriptNode() throws Exception {
    DhtNodeService first = javaFirstNode();
    JsonNode testnet = jsTestnet(1, bootstrapOf(first));
    int jsPort = testnet.get("nodes").get(0).get("port").asInt();
    awaitStats(first, DhtNodeStats::persistent);
    try (RawDhtProbe probe = new RawDhtProbe()) {
      byte[] target = bytes(32);
      byte[] bogus = bytes(32);
      DhtResponse fromJava = probe.announce(first.address().getPort(), target, bogus);
      DhtResponse fromJs = probe.announce(jsPort, target, bogus);
      for (DhtResponse reply : List.of(fromJava, fromJs)) {
        assertThat(reply.error()).isEqualTo(2);
        assertThat(reply.token()).isNotNull();
        assertThat(reply.closerNodes()).isNotNull();
        assertThat(reply.value()).isNull();
      }
      assertThat(fromJava.flags()).isEqualTo(fromJs.flags());
      // A fresh token verifies, so the unsigned announce is dropped silently by both.
      assertThat(probe.announce(first.address().getPort(), target, fromJava.token())).isNull();
      assertThat(probe.announce(jsPort, target, fromJs.token())).isNull();
      // Secrets rotate every 7.5 s and the previous one still counts: 15 s on, both refuse.
      Thread.sleep(15_500);
      assertThat(probe.announce(first.address().getPort(), target, fromJava.token()).error())
          .isEqualTo(2);
      assertThat(probe.announce(jsPort, target, fromJs.token()).error()).isEqualTo(2);
    }
  }

  private void swarmPeersMeet(String bootstrap) throws Exception {
    String topic = HEX.formatHex(bytes(32));
    NodePeer a = jsPeer("swarm", bootstrap, "--quick-firewall", "false");
    NodePeer b = jsPeer("swarm", bootstrap, "--quick-firewall", "false");
    String keyOfA = a.await("ready").get("publicKey").asText();
    String keyOfB = b.await("ready").get("publicKey").asText();
    a.command("{\"cmd\":\"join\",\"topic\":\"" + topic + "\"}");
    b.command("{\"cmd\":\"join\",\"topic\":\"" + topic + "\"}");
    JsonNode ofA = a.await(e -> "connection".equals(e.path("event").asText()), WAIT);
    JsonNode ofB = b.await(e -> "connection".equals(e.path("event").asText()), WAIT);
    assertThat(ofA.get("remotePublicKey").asText()).isEqualTo(keyOfB);
    assertThat(ofB.get("remotePublicKey").asText()).isEqualTo(keyOfA);
    assertThat(ofA.get("handshakeHash").asText()).isEqualTo(ofB.get("handshakeHash").asText());
  }

  private DhtNodeService javaFirstNode() throws Exception {
    DhtNodeService first = DhtNodeService.builder().host("127.0.0.1").port(0).build();
    javaNodes.add(first);
    first.bootstrapped().get(30, TimeUnit.SECONDS);
    return first;
  }

  /** A Java first node and {@code size - 1} more joining it; returns the bootstrap address. */
  private String javaNetwork(int size) throws Exception {
    DhtNodeService first = javaFirstNode();
    String bootstrap = bootstrapOf(first);
    for (int i = 1; i < size; i++) {
      DhtNodeService node =
          DhtNodeService.builder().host("127.0.0.1").port(0).bootstrap(List.of(bootstrap)).build();
      javaNodes.add(node);
    }
    for (DhtNodeService node : javaNodes) {
      node.bootstrapped().get(30, TimeUnit.SECONDS);
      awaitStats(node, DhtNodeStats::persistent);
    }
    return bootstrap;
  }

  private JsonNode jsTestnet(int size, String bootstrap) {
    NodePeer testnet =
        NodePeer.start("dht-testnet.js", "--size", String.valueOf(size), "--bootstrap", bootstrap);
    jsProcesses.add(testnet);
    return testnet.await(e -> "testnet".equals(e.path("event").asText()), WAIT);
  }

  private NodePeer jsPeer(String role, String bootstrap, String... options) {
    List<String> args = new ArrayList<>(List.of(role, "--bootstrap", bootstrap));
    args.addAll(List.of(options));
    NodePeer peer = NodePeer.start("dht-peer.js", args.toArray(String[]::new));
    jsProcesses.add(peer);
    return peer;
  }

  private List<Integer> javaPorts() {
    return javaNodes.stream().map(n -> n.address().getPort()).toList();
  }

  private static String bootstrapOf(DhtNodeService node) {
    return "127.0.0.1:" + node.address().getPort();
  }

  private static DhtNodeStats awaitStats(DhtNodeService node, Predicate<DhtNodeStats> condition)
      throws Exception {
    long deadline = System.nanoTime() + WAIT.toNanos();
    DhtNodeStats stats = node.currentStats().get(5, TimeUnit.SECONDS);
    while (!condition.test(stats)) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("the Java DHT node never got there: " + stats);
      }
      Thread.sleep(100);
      stats = node.currentStats().get(5, TimeUnit.SECONDS);
    }
    return stats;
  }

  private static String idOf(String host, int port) {
    return HEX.formatHex(
        io.protomux.wakeup.domain.dht.NodeId.of(
            new io.protomux.wakeup.domain.dht.PeerAddress(host, port),
            new io.protomux.wakeup.adapters.bouncycastle.BouncyCastleCrypto()));
  }

  private byte[] bytes(int n) {
    byte[] b = new byte[n];
    random.nextBytes(b);
    return b;
  }
}
