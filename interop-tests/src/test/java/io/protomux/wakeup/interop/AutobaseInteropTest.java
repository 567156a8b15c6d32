package io.protomux.wakeup.interop;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.protomux.wakeup.adapters.nio.NioEventLoop;
import io.protomux.wakeup.domain.Key32;
import io.protomux.wakeup.domain.dht.DhtNodeOptions;
import io.protomux.wakeup.domain.hyperswarm.HyperDhtSwarm;
import io.protomux.wakeup.domain.hyperswarm.Hyperswarm;
import io.protomux.wakeup.domain.hyperswarm.HyperswarmOptions;
import io.protomux.wakeup.domain.stream.NoiseSecretStream;
import io.protomux.wakeup.domain.wakeup.Capability;
import io.protomux.wakeup.domain.wakeup.SessionOptions;
import io.protomux.wakeup.domain.wakeup.WakeupPeer;
import io.protomux.wakeup.domain.wakeup.WakeupSession;
import io.protomux.wakeup.domain.wakeup.messages.Wakeup;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A real Autobase 7.28.1 app on Hyperswarm (corestore replication and Autobase's own
 * protomux-wakeup session on every connection) is found by a Java join of its discovery key; the
 * Java wakeup session (capability = the base key, as Autobase uses) announces to it, and each side
 * holds the other as an active wakeup peer.
 */
class AutobaseInteropTest {
  private static final HexFormat HEX = HexFormat.of();
  private static final Duration WAIT = Duration.ofSeconds(40);

  private final Random random = new Random(2030);
  private final JavaPeer peer = new JavaPeer();
  private final JavaWakeup wakeup = new JavaWakeup(peer);
  private final LinkedBlockingQueue<NoiseSecretStream> connections = new LinkedBlockingQueue<>();
  private NodePeer testnet;
  private NodePeer autobase;
  private JavaDht java;
  private Hyperswarm swarm;

  @AfterEach
  void stop() {
    if (autobase != null) {
      autobase.close();
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
  void javaJoinsAnAutobaseByItsDiscoveryKeyAndWakesIt(String jsMode) throws Exception {
    testnet = NodePeer.start("dht-testnet.js", "--size", "5");
    int port = testnet.await(e -> "testnet".equals(e.path("event").asText()), WAIT)
        .get("bootstrap").get(0).get("port").asInt();
    autobase = NodePeer.startDhtPeer("autobase", port, jsMode);
    JsonNode base = autobase.await(e -> "autobase".equals(e.path("event").asText()), WAIT);
    byte[] key = HEX.parseHex(base.get("wakeupCapability").asText());
    byte[] discoveryKey = HEX.parseHex(base.get("discoveryKey").asText());
    autobase.await(e -> "ready".equals(e.path("event").asText()), WAIT);
    // Its announce must be stored before Java's lookup runs, or neither finds the other until the
    // next refresh, 10 minutes later (the reference behaves the same).
    autobase.await(e -> "joined".equals(e.path("event").asText()), WAIT);

    java = new JavaDht((NioEventLoop) peer.loop, false, port, DhtNodeOptions.DEFAULTS,
        peer.keyPair).bootstrap();
    Capability capability = Capability.of(key);
    WakeupSession session = wakeup.session(capability, SessionOptions.DEFAULTS, List.of());
    assertThat(session.topic().toHex()).isEqualTo(base.get("wakeupTopic").asText());
    assertThat(session.topic().toHex()).isEqualTo(HEX.formatHex(discoveryKey));
    swarm = java.onLoop(() -> {
      Hyperswarm s = new Hyperswarm(new HyperDhtSwarm(java.hyperDht), peer.keyPair,
          java.crypto.random(), HyperswarmOptions.DEFAULTS);
      s.onConnection((stream, info) -> {
        connections.add(stream);
        wakeup.swarm.addStream(stream);
      });
      s.join(discoveryKey);
      return s;
    });
    NoiseSecretStream stream = connections.poll(40, TimeUnit.SECONDS);
    assertThat(stream)
        .as("a connection to the Autobase; Java swarm %s, DHT %s",
            java.onLoop(() -> swarm.stats()), java.onLoop(() -> java.node.io().counters()))
        .isNotNull();

    String javaKey = HEX.formatHex(peer.keyPair.publicKey());
    JsonNode added = autobase.await(
        e -> "wakeup-peer".equals(e.path("event").asText())
            && "add".equals(e.path("change").asText()), WAIT);
    assertThat(added.get("remotePublicKey").asText()).isEqualTo(javaKey);
    assertThat(wakeup.await("add " + HEX.formatHex(discoveryKey))).endsWith(" true");

    List<Wakeup> wakeups = List.of(new Wakeup(Key32.of(bytes(32)), 7), new Wakeup(Key32.of(bytes(32)), 42));
    wakeup.run(() -> {
      for (WakeupPeer p : session.peers()) {
        session.announce(p, wakeups);
      }
    });
    JsonNode announce = autobase.await(e -> "wakeup-announce".equals(e.path("event").asText()), WAIT);
    assertThat(announce.get("remotePublicKey").asText()).isEqualTo(javaKey);
    assertThat(WakeupExchange.describe(announce.get("wakeups"))).isEqualTo(JavaWakeup.describe(wakeups));

    autobase.send("{\"cmd\":\"wakeup-stats\"}");
    JsonNode stats = autobase.await(e -> "wakeup-stats".equals(e.path("event").asText()), WAIT);
    boolean javaActive = false;
    for (JsonNode p : stats.get("peers")) {
      if (javaKey.equals(p.get("remotePublicKey").asText())) {
        javaActive = p.get("active").asBoolean();
      }
    }
    assertThat(javaActive).as("the Autobase holds Java as an active wakeup peer: " + stats).isTrue();
    List<Boolean> javaSide =
        JavaPeer.onLoop(peer.loop, () -> session.peers().stream().map(WakeupPeer::isActive).toList());
    assertThat(javaSide).containsExactly(true);
  }

  private byte[] bytes(int n) {
    byte[] out = new byte[n];
    random.nextBytes(out);
    return out;
  }
}
