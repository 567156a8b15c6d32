package io.protomux.wakeup.interop;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.protomux.wakeup.adapters.nio.NioEventLoop;
import io.protomux.wakeup.domain.dht.DhtNodeOptions;
import io.protomux.wakeup.domain.hyperswarm.HyperDhtSwarm;
import io.protomux.wakeup.domain.hyperswarm.Hyperswarm;
import io.protomux.wakeup.domain.hyperswarm.HyperswarmOptions;
import io.protomux.wakeup.domain.hyperswarm.JoinOptions;
import io.protomux.wakeup.domain.stream.NoiseSecretStream;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A Java Hyperswarm (over the Java hyperdht node) on a JavaScript testnet, against JS Hyperswarm
 * 4.17.2 peers: topic announce and lookup each way, two Java peers meeting through the JS nodes,
 * and the duplicate-connection rule when both sides dial.
 */
class HyperswarmInteropTest {
  private static final HexFormat HEX = HexFormat.of();
  private static final Duration WAIT = Duration.ofSeconds(40);

  private final Random random = new Random(2029);
  private final JavaPeer peer = new JavaPeer();
  private final JavaWakeup wakeup = new JavaWakeup(peer);
  private final LinkedBlockingQueue<NoiseSecretStream> javaConnections = new LinkedBlockingQueue<>();
  private NodePeer testnet;
  private NodePeer node;
  private JavaDht java;
  private Hyperswarm swarm;
  private int bootstrapPort;

  @BeforeEach
  void startTestnet() {
    testnet = NodePeer.start("dht-testnet.js", "--size", "5");
    bootstrapPort = testnet.await(e -> "testnet".equals(e.path("event").asText()), WAIT)
        .get("bootstrap").get(0).get("port").asInt();
    java = new JavaDht((NioEventLoop) peer.loop, false, bootstrapPort, DhtNodeOptions.DEFAULTS,
        peer.keyPair).bootstrap();
    swarm = java.onLoop(() -> {
      Hyperswarm s = new Hyperswarm(new HyperDhtSwarm(java.hyperDht), peer.keyPair,
          java.crypto.random(), HyperswarmOptions.DEFAULTS);
      s.onConnection((stream, info) -> {
        javaConnections.add(stream);
        wakeup.swarm.addStream(stream);
      });
      return s;
    });
  }

  @AfterEach
  void stop() {
    if (node != null) {
      node.close();
    }
    if (swarm != null) {
      java.run(swarm::destroy);
    }
    if (java != null) {
      java.close();
    }
    if (testnet != null) {
      testnet.close();
    }
    peer.close();
  }

  @ParameterizedTest(name = "JS node {0}")
  @ValueSource(strings = {"--open", "--quick-firewall=false"})
  void javaJoinFindsAJavaScriptSwarmServerOnTheTopic(String jsMode) throws Exception {
    byte[] topic = bytes(32);
    node = NodePeer.startDhtPeer("swarm", bootstrapPort, jsMode);
    node.command("{\"cmd\":\"join\",\"topic\":\"" + HEX.formatHex(topic)
        + "\",\"server\":true,\"client\":false}");
    java.run(() -> swarm.join(topic, JoinOptions.clientOnly()));
    NoiseSecretStream stream = awaitJavaConnection();
    assertThat(stream.isInitiator()).isTrue();
    JsonNode connection = node.await(e -> "connection".equals(e.path("event").asText()), WAIT);
    assertThat(connection.get("remotePublicKey").asText())
        .isEqualTo(HEX.formatHex(peer.keyPair.publicKey()));
    WakeupExchange.run(node, wakeup, random);
  }

  @ParameterizedTest(name = "JS node {0}")
  @ValueSource(strings = {"--open", "--quick-firewall=false"})
  void aJavaScriptSwarmClientFindsJavaAnnouncedOnTheTopic(String jsMode) throws Exception {
    byte[] topic = bytes(32);
    CompletableFuture<Boolean> flushed = new CompletableFuture<>();
    java.run(() -> swarm.join(topic, JoinOptions.serverOnly()).flushed(flushed::complete));
    assertThat(flushed.get(40, TimeUnit.SECONDS)).isTrue();
    node = NodePeer.startDhtPeer("swarm", bootstrapPort, jsMode);
    node.command("{\"cmd\":\"join\",\"topic\":\"" + HEX.formatHex(topic)
        + "\",\"server\":false,\"client\":true}");
    JsonNode connection = node.await(e -> "connection".equals(e.path("event").asText()), WAIT);
    assertThat(connection.get("initiator").asBoolean()).isTrue();
    NoiseSecretStream stream = awaitJavaConnection();
    assertThat(stream.isInitiator()).isFalse();
    assertThat(HEX.formatHex(stream.remotePublicKey()))
        .isEqualTo(connection.get("publicKey").asText());
    WakeupExchange.run(node, wakeup, random);
  }

  @ParameterizedTest(name = "JS node {0}")
  @ValueSource(strings = {"--open", "--quick-firewall=false"})
  void duplicateDialsBetweenJavaAndJavaScriptSettleOnOneConnection(String jsMode) throws Exception {
    byte[] topic = bytes(32);
    node = NodePeer.startDhtPeer("swarm", bootstrapPort, jsMode);
    String jsKey = node.await(e -> "ready".equals(e.path("event").asText()), WAIT)
        .get("publicKey").asText();
    CompletableFuture<Boolean> flushed = new CompletableFuture<>();
    java.run(() -> swarm.join(topic).flushed(flushed::complete));
    assertThat(flushed.get(40, TimeUnit.SECONDS)).isTrue();
    node.command("{\"cmd\":\"join\",\"topic\":\"" + HEX.formatHex(topic) + "\"}");
    // Both sides are servers and clients of the topic and dial each other explicitly as well.
    node.command("{\"cmd\":\"join-peer\",\"publicKey\":\"" + HEX.formatHex(peer.keyPair.publicKey()) + "\"}");
    java.run(() -> swarm.joinPeer(HEX.parseHex(jsKey)));
    awaitJavaConnection();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    int javaSide;
    int jsSide;
    JsonNode counts;
    do {
      Thread.sleep(500);
      javaSide = java.onLoop(() -> swarm.connections().size());
      node.send("{\"cmd\":\"connections\"}");
      counts = node.await(e -> "connections".equals(e.path("event").asText()), WAIT);
      jsSide = counts.path("swarm").path(HEX.formatHex(peer.keyPair.publicKey())).asInt();
    } while ((javaSide != 1 || jsSide != 1) && System.nanoTime() < deadline);
    assertThat(javaSide).isEqualTo(1);
    assertThat(jsSide).isEqualTo(1);
    NoiseSecretStream kept = java.onLoop(() -> swarm.connections().iterator().next());
    assertThat(kept.isOpen()).isTrue();
    // Both sides keep the same connection: the one dialled by the larger key, unless the first one
    // was already established when the second arrived (then the newer wins on both sides alike).
    JsonNode jsKept = counts.path("kept").path(HEX.formatHex(peer.keyPair.publicKey())).get(0);
    assertThat(jsKept.get("handshakeHash").asText()).isEqualTo(HEX.formatHex(kept.handshakeHash()));
    assertThat(jsKept.get("initiator").asBoolean()).isEqualTo(!kept.isInitiator());
  }

  @Test
  void twoJavaPeersFindEachOtherThroughTheJavaScriptTestnet() throws Exception {
    byte[] topic = bytes(32);
    try (JavaDht other = new JavaDht(bootstrapPort, DhtNodeOptions.DEFAULTS).bootstrap()) {
      LinkedBlockingQueue<NoiseSecretStream> otherConnections = new LinkedBlockingQueue<>();
      Hyperswarm otherSwarm = other.onLoop(() -> {
        Hyperswarm s = new Hyperswarm(new HyperDhtSwarm(other.hyperDht), other.keyPair,
            other.crypto.random(), HyperswarmOptions.DEFAULTS);
        s.onConnection((stream, info) -> otherConnections.add(stream));
        return s;
      });
      CompletableFuture<Boolean> flushed = new CompletableFuture<>();
      other.run(() -> otherSwarm.join(topic, JoinOptions.serverOnly()).flushed(flushed::complete));
      assertThat(flushed.get(40, TimeUnit.SECONDS)).isTrue();
      java.run(() -> swarm.join(topic, JoinOptions.clientOnly()));
      NoiseSecretStream ours = awaitJavaConnection();
      NoiseSecretStream theirs = otherConnections.poll(40, TimeUnit.SECONDS);
      assertThat(theirs).isNotNull();
      assertThat(ours.remotePublicKey()).isEqualTo(other.keyPair.publicKey());
      assertThat(theirs.remotePublicKey()).isEqualTo(peer.keyPair.publicKey());
      assertThat(ours.handshakeHash()).isEqualTo(theirs.handshakeHash());
      other.run(otherSwarm::destroy);
    }
  }

  private NoiseSecretStream awaitJavaConnection() throws InterruptedException {
    NoiseSecretStream stream = javaConnections.poll(40, TimeUnit.SECONDS);
    assertThat(stream).as("a connection on the Java swarm").isNotNull();
    return stream;
  }

  private byte[] bytes(int n) {
    byte[] out = new byte[n];
    random.nextBytes(out);
    return out;
  }
}
