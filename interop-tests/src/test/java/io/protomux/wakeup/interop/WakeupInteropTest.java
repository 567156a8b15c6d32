package io.protomux.wakeup.interop;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.protomux.wakeup.domain.Key32;
import io.protomux.wakeup.domain.wakeup.Capability;
import io.protomux.wakeup.domain.wakeup.SessionOptions;
import io.protomux.wakeup.domain.wakeup.WakeupSession;
import io.protomux.wakeup.domain.wakeup.WakeupStats;
import io.protomux.wakeup.domain.wakeup.messages.Lookup;
import io.protomux.wakeup.domain.wakeup.messages.Wakeup;
import io.protomux.wakeup.ports.transport.Listener;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Java's wakeup swarm against protomux-wakeup 2.9.0 on Node, over loopback TCP. */
class WakeupInteropTest {
  private static final HexFormat HEX = HexFormat.of();
  private final Random random = new Random(2026);
  private final JavaPeer java = new JavaPeer();
  private final JavaWakeup wakeup = new JavaWakeup(java);
  private NodePeer node;

  @AfterEach
  void stop() {
    if (node != null) {
      node.close();
    }
    java.close();
  }

  /** Starts Node and connects, Java dialing or Node dialing. */
  private void connect(boolean javaDials) throws Exception {
    if (javaDials) {
      node = NodePeer.start("wakeup-peer.js", "listen");
      int port = node.await("listening").get("port").asInt();
      java.dial(port, wakeup.swarm::addStream).get(20, TimeUnit.SECONDS);
    } else {
      Listener listener = java.listen(wakeup.swarm::addStream);
      node = NodePeer.start("wakeup-peer.js", "connect", "--port", String.valueOf(listener.port()));
      java.accept();
    }
    node.await("handshake");
  }

  @ParameterizedTest(name = "java dials: {0}")
  @ValueSource(booleans = {true, false})
  void lookupAndAnnounceFlowBothWays(boolean javaDials) throws Exception {
    Capability cap = capability();
    List<Wakeup> nodeWakeups = wakeups(3);
    List<Wakeup> javaWakeups = wakeups(4);
    node = null;
    connect(javaDials);
    String topic = node.command(sessionCommand(cap, true, nodeWakeups, null)).get("topic").asText();
    WakeupSession session = wakeup.session(cap, SessionOptions.DEFAULTS, javaWakeups);

    String added = wakeup.await("add " + topic);
    assertThat(added).endsWith(" true");
    JsonNode nodeAdded = node.await("peer-add");
    assertThat(nodeAdded.get("topic").asText()).isEqualTo(topic);
    assertThat(nodeAdded.get("remotePublicKey").asText()).isEqualTo(HEX.formatHex(java.keyPair.publicKey()));
    assertThat(nodeAdded.get("active").asBoolean()).isTrue();

    // Java asks without a hash; Node answers with its list.
    wakeup.run(() -> session.broadcastLookup(Lookup.withoutHash()));
    JsonNode lookup = node.await("lookup");
    assertThat(lookup.get("hash").isNull()).isTrue();
    assertThat(wakeup.await("announce " + topic)).isEqualTo("announce " + topic + " " + JavaWakeup.describe(nodeWakeups));

    // Node asks with a hash; Java answers with its list.
    String hash = HEX.formatHex(bytes(32));
    node.command("{\"cmd\":\"lookup\",\"topic\":\"" + topic + "\",\"hash\":\"" + hash + "\"}");
    assertThat(wakeup.await("lookup " + topic)).isEqualTo("lookup " + topic + " " + hash);
    JsonNode announce = node.await("announce");
    assertThat(describe(announce.get("wakeups"))).isEqualTo(JavaWakeup.describe(javaWakeups));

    // And the other two combinations: Java with a hash, Node without.
    Key32 javaHash = Key32.of(bytes(32));
    wakeup.run(() -> session.broadcastLookup(Lookup.of(javaHash)));
    assertThat(node.await("lookup").get("hash").asText()).isEqualTo(javaHash.toHex());
    wakeup.await("announce " + topic);
    node.command("{\"cmd\":\"lookup\",\"topic\":\"" + topic + "\",\"hash\":null}");
    assertThat(wakeup.await("lookup " + topic)).isEqualTo("lookup " + topic + " null");
    node.await("announce");

    WakeupStats stats = wakeup.stats();
    assertThat(stats.wireLookupTx()).isEqualTo(2);
    assertThat(stats.wireLookupRx()).isEqualTo(2);
    assertThat(stats.wireAnnounceTx()).isEqualTo(2);
    assertThat(stats.wireAnnounceRx()).isEqualTo(2);
  }

  @ParameterizedTest(name = "java dials: {0}")
  @ValueSource(booleans = {true, false})
  void activeAndInactiveReachTheOtherSideEachWay(boolean javaDials) throws Exception {
    Capability cap = capability();
    connect(javaDials);
    String topic = node.command(sessionCommand(cap, true, List.of(), null)).get("topic").asText();
    WakeupSession session = wakeup.session(cap, SessionOptions.DEFAULTS, List.of());
    wakeup.await("add " + topic);
    node.await("peer-add");
    // A peer that joins active is reported active at once: take those reports out of the way.
    wakeup.await("active " + topic);
    node.await("peer-active");

    wakeup.run(() -> session.inactive());
    assertThat(node.await("peer-inactive").get("topic").asText()).isEqualTo(topic);
    wakeup.run(() -> session.active());
    assertThat(node.await("peer-active").get("topic").asText()).isEqualTo(topic);

    node.command("{\"cmd\":\"inactive\",\"topic\":\"" + topic + "\"}");
    wakeup.await("inactive " + topic);
    node.command("{\"cmd\":\"active\",\"topic\":\"" + topic + "\"}");
    wakeup.await("active " + topic);
    assertThat(wakeup.stats().wireInfoRx()).isEqualTo(2);
    assertThat(wakeup.stats().wireInfoTx()).isEqualTo(2);
  }

  @ParameterizedTest(name = "java dials: {0}")
  @ValueSource(booleans = {true, false})
  void aWrongCapabilityOnTheSameTopicNeverMakesAPeer(boolean javaDials) throws Exception {
    Capability javaCap = capability();
    Capability nodeCap = capability();
    Key32 sharedTopic = Key32.of(bytes(32));
    Capability control = capability();
    connect(javaDials);
    node.command(sessionCommand(nodeCap, true, List.of(), sharedTopic.toHex()));
    wakeup.session(javaCap, SessionOptions.DEFAULTS.withDiscoveryKey(sharedTopic), List.of());
    // A correct topic on the same connection, opened after: once it pairs both ways, the wrong
    // one has been answered too (frames are ordered).
    String controlTopic = node.command(sessionCommand(control, true, List.of(), null)).get("topic").asText();
    wakeup.session(control, SessionOptions.DEFAULTS, List.of());
    wakeup.await("add " + controlTopic);
    node.await(e -> "peer-add".equals(e.path("event").asText()) && controlTopic.equals(e.path("topic").asText()), NodePeer.timeout());
    // One more round trip on the control topic so every close has crossed.
    node.command("{\"cmd\":\"lookup\",\"topic\":\"" + controlTopic + "\",\"hash\":null}");
    wakeup.await("lookup " + controlTopic);

    assertThat(wakeup.skipped).noneMatch(line -> line.startsWith("add " + sharedTopic.toHex()));
    assertThat(node.seen()).noneMatch(e -> "peer-add".equals(e.path("event").asText()) && sharedTopic.toHex().equals(e.path("topic").asText()));
    WakeupStats stats = wakeup.stats();
    assertThat(stats.peersAdded()).as("a channel per topic was opened").isEqualTo(2);
    assertThat(stats.peersRemoved()).as("the wrong topic's channel closed").isEqualTo(1);
  }

  @Test
  void aHundredTopicsOnOneConnection() throws Exception {
    connect(true);
    List<Capability> caps = new ArrayList<>();
    List<WakeupSession> sessions = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      Capability cap = capability();
      caps.add(cap);
      node.command(sessionCommand(cap, true, List.of(), null));
      sessions.add(wakeup.session(cap, SessionOptions.DEFAULTS, List.of()));
    }
    for (int i = 0; i < 100; i++) {
      wakeup.await("add ");
      node.await("peer-add");
    }
    for (WakeupSession session : sessions) {
      wakeup.run(() -> session.broadcastLookup(Lookup.withoutHash()));
    }
    List<String> topics = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      topics.add(node.await("lookup").get("topic").asText());
    }
    assertThat(topics).containsExactlyInAnyOrderElementsOf(sessions.stream().map(s -> s.topic().toHex()).toList());
    assertThat(wakeup.stats().peersAdded()).isEqualTo(100);
  }

  @ParameterizedTest(name = "java dials: {0}")
  @ValueSource(booleans = {true, false})
  void aTopicNodeOpensThatJavaLacksReachesOnWakeup(boolean javaDials) throws Exception {
    Capability cap = capability();
    connect(javaDials);
    String topic = node.command(sessionCommand(cap, true, List.of(), null)).get("topic").asText();
    assertThat(wakeup.await("wakeup ")).isEqualTo("wakeup " + topic);
    assertThat(wakeup.peer.onLoop(wakeup.swarm::topics)).isEmpty();
  }

  private String sessionCommand(Capability cap, boolean active, List<Wakeup> respond, String discoveryKey) {
    StringBuilder json = new StringBuilder("{\"cmd\":\"session\",\"capability\":\"")
        .append(HEX.formatHex(cap.bytes())).append("\",\"active\":").append(active);
    if (discoveryKey != null) {
      json.append(",\"discoveryKey\":\"").append(discoveryKey).append('"');
    }
    if (!respond.isEmpty()) {
      json.append(",\"respond\":[")
          .append(respond.stream()
              .map(w -> "{\"key\":\"" + w.key().toHex() + "\",\"length\":" + w.length() + "}")
              .collect(Collectors.joining(",")))
          .append(']');
    }
    return json.append('}').toString();
  }

  private static String describe(JsonNode wakeups) {
    List<String> parts = new ArrayList<>();
    wakeups.forEach(w -> parts.add(w.get("key").asText() + ":" + w.get("length").asLong()));
    return String.join(",", parts);
  }

  private List<Wakeup> wakeups(int count) {
    List<Wakeup> out = new ArrayList<>();
    long[] lengths = {0, 1, 1337, (1L << 53) - 1, 1L << 40};
    for (int i = 0; i < count; i++) {
      out.add(new Wakeup(Key32.of(bytes(32)), lengths[i % lengths.length]));
    }
    return out;
  }

  private Capability capability() {
    return Capability.of(bytes(32));
  }

  private byte[] bytes(int n) {
    byte[] out = new byte[n];
    random.nextBytes(out);
    return out;
  }
}
