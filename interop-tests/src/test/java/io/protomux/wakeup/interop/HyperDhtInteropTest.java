package io.protomux.wakeup.interop;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.protomux.wakeup.adapters.nio.NioEventLoop;
import io.protomux.wakeup.domain.dht.DhtNodeOptions;
import io.protomux.wakeup.domain.dht.Query;
import io.protomux.wakeup.domain.dht.QueryOptions;
import io.protomux.wakeup.domain.dht.Reply;
import io.protomux.wakeup.domain.hyperdht.DhtServer;
import io.protomux.wakeup.domain.stream.NoiseSecretStream;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A Java hyperdht node on a JavaScript {@code createTestnet} (hyperdht 6.34.0): it bootstraps,
 * dials a JS {@code createServer} by public key and takes a JS {@code dht.connect}, each time
 * with the Noise IK handshake relayed by the JS nodes, a UDX stream, a secret stream started from
 * the IK result and the wakeup protocol on top, both ways. The JS peers run as {@code firewalled:
 * false} ("open") and as {@code quickFirewall: false} (firewalled, the LAN shortcut).
 */
class HyperDhtInteropTest {
  private static final HexFormat HEX = HexFormat.of();
  private static final Duration WAIT = Duration.ofSeconds(30);

  private final Random random = new Random(2028);
  private final JavaPeer peer = new JavaPeer();
  private final JavaWakeup wakeup = new JavaWakeup(peer);
  private NodePeer testnet;
  private NodePeer node;
  private JavaDht java;
  private int bootstrapPort;

  @BeforeEach
  void startTestnet() {
    testnet = NodePeer.start("dht-testnet.js", "--size", "5");
    bootstrapPort = testnet.await(e -> "testnet".equals(e.path("event").asText()), WAIT)
        .get("bootstrap").get(0).get("port").asInt();
    java = new JavaDht((NioEventLoop) peer.loop, false, bootstrapPort, DhtNodeOptions.DEFAULTS,
        peer.keyPair).bootstrap();
  }

  @AfterEach
  void stop() {
    if (node != null) {
      node.close();
    }
    if (java != null) {
      java.close();
    }
    if (testnet != null) {
      testnet.close();
    }
    peer.close();
  }

  @Test
  void bootstrapsIntoTheTestnetAndFindsItsStorageNodes() throws Exception {
    assertThat(java.onLoop(() -> java.node.table().size())).isEqualTo(4);
    assertThat(java.onLoop(() -> java.node.nat().host())).isEqualTo("127.0.0.1");
    assertThat(java.onLoop(() -> java.node.ephemeral())).isTrue();
    CompletableFuture<List<Reply>> done = new CompletableFuture<>();
    java.run(
        () -> {
          Query q = java.node.findNode(bytes(32), QueryOptions.DEFAULTS, r -> {});
          q.whenDone((replies, error) -> {
            if (error != null) {
              done.completeExceptionally(error);
            } else {
              done.complete(replies);
            }
          });
        });
    List<Reply> closest = done.get(20, TimeUnit.SECONDS);
    assertThat(closest).hasSize(4).allSatisfy(r -> assertThat(r.fromId()).isNotNull());
    assertThat(java.onLoop(() -> java.node.io().counters().droppedMalformed())).isZero();
  }

  @ParameterizedTest(name = "JS node {0}")
  @ValueSource(strings = {"--open", "--quick-firewall=false"})
  void javaConnectsByPublicKeyToAJavaScriptServer(String jsMode) throws Exception {
    node = NodePeer.startDhtPeer("server", bootstrapPort, jsMode);
    String serverKey = node.await(e -> "listening".equals(e.path("event").asText()), WAIT)
        .get("publicKey").asText();
    node.await(e -> "ready".equals(e.path("event").asText()), WAIT);
    CompletableFuture<NoiseSecretStream> open = new CompletableFuture<>();
    java.run(
        () -> {
          NoiseSecretStream stream = java.hyperDht.connect(HEX.parseHex(serverKey), List.of(), null);
          stream.whenOpen(() -> open.complete(stream));
          stream.whenClosed(cause -> open.completeExceptionally(
              cause != null ? cause : new AssertionError("closed before opening")));
          wakeup.swarm.addStream(stream);
        });
    NoiseSecretStream stream = open.get(30, TimeUnit.SECONDS);
    assertThat(HEX.formatHex(stream.remotePublicKey())).isEqualTo(serverKey);
    assertThat(stream.isInitiator()).isTrue();
    JsonNode connection = node.await(e -> "connection".equals(e.path("event").asText()), WAIT);
    assertThat(connection.get("remotePublicKey").asText())
        .isEqualTo(HEX.formatHex(peer.keyPair.publicKey()));
    assertThat(connection.get("handshakeHash").asText())
        .isEqualTo(HEX.formatHex(stream.handshakeHash()));
    WakeupExchange.run(node, wakeup, random);
  }

  @ParameterizedTest(name = "JS node {0}")
  @ValueSource(strings = {"--open", "--quick-firewall=false"})
  void aJavaScriptClientConnectsByPublicKeyToAJavaServer(String jsMode) throws Exception {
    CompletableFuture<NoiseSecretStream> accepted = new CompletableFuture<>();
    CompletableFuture<Throwable> listening = new CompletableFuture<>();
    DhtServer server =
        java.onLoop(
            () -> {
              DhtServer s =
                  java.hyperDht.createServer(
                      (key, address) -> false,
                      stream -> {
                        stream.whenOpen(() -> accepted.complete(stream));
                        wakeup.swarm.addStream(stream);
                      });
              s.listen(peer.keyPair, listening::complete);
              return s;
            });
    assertThat(listening.get(30, TimeUnit.SECONDS)).isNull();
    // The self-announce was accepted by the 4 storage nodes, the 3 closest of them kept as relays.
    assertThat(java.onLoop(server::relayAddresses)).hasSize(3);
    node = NodePeer.startDhtPeer("client", bootstrapPort, jsMode);
    node.await(e -> "ready".equals(e.path("event").asText()), WAIT);
    node.command("{\"cmd\":\"connect\",\"publicKey\":\"" + HEX.formatHex(peer.keyPair.publicKey())
        + "\"}");
    JsonNode connection = node.await(
        e -> "connection".equals(e.path("event").asText())
            || "connect-error".equals(e.path("event").asText()), WAIT);
    assertThat(connection.get("event").asText()).as(connection.toString()).isEqualTo("connection");
    NoiseSecretStream stream = accepted.get(30, TimeUnit.SECONDS);
    assertThat(stream.isInitiator()).isFalse();
    assertThat(connection.get("handshakeHash").asText())
        .isEqualTo(HEX.formatHex(stream.handshakeHash()));
    WakeupExchange.run(node, wakeup, random);
  }

  private byte[] bytes(int n) {
    byte[] out = new byte[n];
    random.nextBytes(out);
    return out;
  }
}
