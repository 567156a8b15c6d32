package io.protomux.wakeup.interop;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.protomux.wakeup.adapters.nio.NioEventLoop;
import io.protomux.wakeup.domain.wakeup.Capability;
import io.protomux.wakeup.domain.wakeup.SessionOptions;
import io.protomux.wakeup.domain.wakeup.WakeupSession;
import io.protomux.wakeup.domain.wakeup.messages.Lookup;
import io.protomux.wakeup.domain.wakeup.messages.Wakeup;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The whole stack over UDX: Java's secret stream, Protomux and wakeup swarm on a Java UDX stream,
 * against @hyperswarm/secret-stream and protomux-wakeup on a udx-native stream, each side the
 * Noise initiator in turn.
 */
class UdxWakeupInteropTest {
  private static final HexFormat HEX = HexFormat.of();
  private static final int JAVA_ID = 77;
  private static final int NODE_ID = 0x7fff0001;

  private final Random random = new Random(2027);
  private final JavaPeer peer = new JavaPeer();
  private final JavaWakeup wakeup = new JavaWakeup(peer);
  private final JavaUdx java = new JavaUdx((NioEventLoop) peer.loop, false);
  private NodePeer node;

  @AfterEach
  void stop() {
    if (node != null) {
      node.close();
    }
    java.close();
    peer.close();
  }

  @ParameterizedTest(name = "java initiates: {0}")
  @ValueSource(booleans = {true, false})
  void lookupAnnounceAndActivityFlowBothWaysOverOneUdxStream(boolean javaInitiates) throws Exception {
    node = NodePeer.start("udx-peer.js");
    int nodePort = node.await("listening").get("port").asInt();
    node.command("{\"cmd\":\"create\",\"id\":" + NODE_ID + "}");
    JavaUdx.Recorded udx = java.create(JAVA_ID);
    java.connect(udx, NODE_ID, nodePort);
    node.command("{\"cmd\":\"connect\",\"id\":" + NODE_ID + ",\"remoteId\":" + JAVA_ID + ",\"port\":" + java.port() + "}");

    Capability cap = Capability.of(bytes(32));
    List<Wakeup> nodeWakeups = WakeupExchange.wakeups(random, 3);
    List<Wakeup> javaWakeups = WakeupExchange.wakeups(random, 2);
    // The responder's secret stream goes on first: the initiator writes its first handshake
    // message at once, and bytes reaching a stream before its secret stream is attached are read
    // by the plain stream handler and lost.
    String wakeupCommand = "{\"cmd\":\"wakeup\",\"id\":" + NODE_ID + ",\"initiator\":" + !javaInitiates + "}";
    String nodeKey;
    if (javaInitiates) {
      nodeKey = node.command(wakeupCommand).get("publicKey").asText();
      java.onLoop(() -> peer.start(true, udx.stream, wakeup.swarm::addStream));
    } else {
      java.onLoop(() -> peer.start(false, udx.stream, wakeup.swarm::addStream));
      nodeKey = node.command(wakeupCommand).get("publicKey").asText();
    }
    JsonNode handshake = node.await("handshake");
    assertThat(handshake.get("remotePublicKey").asText()).isEqualTo(HEX.formatHex(peer.keyPair.publicKey()));

    String topic = node.command(WakeupExchange.sessionCommand(cap, nodeWakeups)).get("topic").asText();
    WakeupSession session = wakeup.session(cap, SessionOptions.DEFAULTS, javaWakeups);
    assertThat(wakeup.await("add " + topic)).endsWith(" true");
    JsonNode added = node.await("peer-add");
    assertThat(added.get("remotePublicKey").asText()).isEqualTo(HEX.formatHex(peer.keyPair.publicKey()));
    assertThat(nodeKey).hasSize(64);

    wakeup.run(() -> session.broadcastLookup(Lookup.withoutHash()));
    assertThat(node.await("lookup").get("hash").isNull()).isTrue();
    assertThat(wakeup.await("announce " + topic))
        .isEqualTo("announce " + topic + " " + JavaWakeup.describe(nodeWakeups));

    String hash = HEX.formatHex(bytes(32));
    node.command("{\"cmd\":\"lookup\",\"topic\":\"" + topic + "\",\"hash\":\"" + hash + "\"}");
    assertThat(wakeup.await("lookup " + topic)).isEqualTo("lookup " + topic + " " + hash);
    JsonNode announce = node.await("announce");
    assertThat(WakeupExchange.describe(announce.get("wakeups"))).isEqualTo(JavaWakeup.describe(javaWakeups));

    wakeup.run(session::inactive);
    assertThat(node.await("peer-inactive").get("topic").asText()).isEqualTo(topic);
    node.command("{\"cmd\":\"inactive\",\"topic\":\"" + topic + "\"}");
    assertThat(wakeup.await("inactive " + topic)).startsWith("inactive " + topic);

    assertThat(java.onLoop(java.udx::stats).ackBeyondSent()).isZero();
    assertThat(wakeup.stats().wireLookupRx()).isEqualTo(1);
    assertThat(wakeup.stats().wireAnnounceRx()).isEqualTo(1);
  }

  private byte[] bytes(int n) {
    byte[] out = new byte[n];
    random.nextBytes(out);
    return out;
  }
}
