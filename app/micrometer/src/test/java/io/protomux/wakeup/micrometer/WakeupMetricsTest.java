package io.protomux.wakeup.micrometer;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.protomux.wakeup.domain.Key32;
import io.protomux.wakeup.domain.wakeup.Capability;
import io.protomux.wakeup.domain.wakeup.SessionOptions;
import io.protomux.wakeup.domain.wakeup.messages.Lookup;
import io.protomux.wakeup.domain.wakeup.messages.Wakeup;
import io.protomux.wakeup.node.NodeHandlers;
import io.protomux.wakeup.node.NodeSession;
import io.protomux.wakeup.node.InMemoryNodes;
import io.protomux.wakeup.node.Recorder;
import io.protomux.wakeup.node.WakeupNode;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class WakeupMetricsTest {
  private static final List<String> REFERENCE_NAMES =
      List.of(
          "protomux_wakeup_sessions_opened",
          "protomux_wakeup_sessions_closed",
          "protomux_wakeup_topics_added",
          "protomux_wakeup_topics_gcd",
          "protomux_wakeup_peers_added",
          "protomux_wakeup_peers_removed",
          "protomux_wakeup_wire_announce_rx",
          "protomux_wakeup_wire_announce_tx",
          "protomux_wakeup_wire_lookup_rx",
          "protomux_wakeup_wire_lookup_tx",
          "protomux_wakeup_wire_info_rx",
          "protomux_wakeup_wire_info_tx");

  private static final List<String> OUR_NAMES =
      List.of(
          "protomux_wakeup_connections",
          "protomux_wakeup_topics",
          "protomux_wakeup_peers",
          "protomux_wakeup_sessions",
          "protomux_wakeup_handshake_failures",
          "protomux_wakeup_proof_mismatches");

  private final InMemoryNodes nodes = new InMemoryNodes();
  private final WakeupNode alice = nodes.node("alice", 1);
  private final WakeupNode bob = nodes.node("bob", 2);

  @Test
  void prometheusShowsTheReferenceNamesExactlyAndOursBeside() {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    new WakeupMetrics(alice).bindTo(registry);

    Map<String, Double> scraped = samples(registry.scrape());

    // protomux_wakeup_limit_closes{limit=...} is covered by LimitMetricsTest.
    List<String> expected = new ArrayList<>(REFERENCE_NAMES);
    expected.addAll(OUR_NAMES);
    assertThat(scraped.keySet())
        .filteredOn(name -> !name.startsWith(WakeupMetrics.LIMIT_CLOSES + "{"))
        .containsExactlyInAnyOrderElementsOf(expected);
    assertThat(scraped).allSatisfy((name, value) -> assertThat(value).isZero());
    assertThat(registry.scrape()).contains("# TYPE protomux_wakeup_sessions_opened gauge");
  }

  @Test
  void gaugesFollowTheNodesCountersAndInfoRxCountsWhatWasReceived() {
    MeterRegistry aliceMeters = new SimpleMeterRegistry();
    MeterRegistry bobMeters = new SimpleMeterRegistry();
    new WakeupMetrics(alice).bindTo(aliceMeters);
    new WakeupMetrics(bob).bindTo(bobMeters);
    Capability capability = InMemoryNodes.capability(0x11);
    Recorder aliceSaw = new Recorder();
    Recorder bobSaw = new Recorder();
    NodeSession aliceSession = alice.session(capability, aliceSaw);
    NodeSession bobSession = bob.session(capability, bobSaw);
    bob.dial("alice", alice.listen("alice", 0).getPort());
    nodes.runUntil(() -> aliceSaw.saw("peer-add") && bobSaw.saw("peer-add"));
    assertThat(value(aliceMeters, "connections")).isEqualTo(1);
    assertThat(value(aliceMeters, "peers")).isEqualTo(1);
    assertThat(value(aliceMeters, "topics")).isEqualTo(1);
    assertThat(value(aliceMeters, "sessions")).isEqualTo(1);

    bobSession.lookup(bobSaw.peers.get(0), Lookup.withoutHash());
    nodes.runUntil(() -> aliceSaw.saw("lookup"));
    aliceSession.announce(aliceSaw.peers.get(0), List.of(new Wakeup(Key32.of(InMemoryNodes.filled(3)), 1)));
    nodes.runUntil(() -> bobSaw.saw("announce"));
    bobSession.inactive();
    nodes.runUntil(() -> aliceSaw.saw("peer-inactive"));

    assertThat(value(aliceMeters, "sessions_opened")).isEqualTo(1);
    assertThat(value(aliceMeters, "topics_added")).isEqualTo(1);
    assertThat(value(aliceMeters, "peers_added")).isEqualTo(1);
    assertThat(value(aliceMeters, "wire_lookup_rx")).isEqualTo(1);
    assertThat(value(aliceMeters, "wire_lookup_tx")).isZero();
    assertThat(value(aliceMeters, "wire_announce_tx")).isEqualTo(1);
    assertThat(value(bobMeters, "wire_lookup_tx")).isEqualTo(1);
    assertThat(value(bobMeters, "wire_announce_rx")).isEqualTo(1);
    // Only bob changed state: the reference would show alice's received info as sent.
    assertThat(value(bobMeters, "wire_info_tx")).isEqualTo(1);
    assertThat(value(bobMeters, "wire_info_rx")).isZero();
    assertThat(value(aliceMeters, "wire_info_rx")).isEqualTo(1);
    assertThat(value(aliceMeters, "wire_info_tx")).isZero();

    bobSession.destroy();
    assertThat(value(bobMeters, "sessions_closed")).isEqualTo(1);
    assertThat(value(aliceMeters, "sessions_closed")).isZero();

    bob.close();
    nodes.runUntil(() -> aliceSaw.saw("peer-remove"));
    assertThat(value(aliceMeters, "connections")).isZero();
    assertThat(value(aliceMeters, "peers")).isZero();
  }

  @Test
  void aWrongCapabilityProofAndAFailedHandshakeAreCounted() {
    MeterRegistry meters = new SimpleMeterRegistry();
    new WakeupMetrics(alice).bindTo(meters);
    // Same topic id, another capability: bob cannot prove alice's.
    Key32 topic = Key32.of(InMemoryNodes.filled(0x0f));
    Recorder aliceSaw = new Recorder();
    alice.session(InMemoryNodes.capability(1), aliceSaw, SessionOptions.DEFAULTS.withDiscoveryKey(topic));
    bob.session(InMemoryNodes.capability(2), new Recorder(), SessionOptions.DEFAULTS.withDiscoveryKey(topic));
    int port = alice.listen("alice", 0).getPort();
    bob.dial("alice", port);
    nodes.runUntil(() -> value(meters, "proof_mismatches") == 1);
    assertThat(aliceSaw.events).isEmpty();

    // A first handshake message of zeros: the all-zero key is refused, the handshake fails.
    byte[] frame = new byte[3 + 32];
    frame[0] = 32;
    nodes.network.transport("garbage").dial("alice", port)
        .thenAccept(connection -> connection.write(ByteBuffer.wrap(frame)));
    nodes.runUntil(() -> value(meters, "handshake_failures") == 1);
    assertThat(value(meters, "connections")).isEqualTo(1);
  }

  @Test
  void tagsTellNodesApart() {
    MeterRegistry registry = new SimpleMeterRegistry();
    new WakeupMetrics(alice, Tags.of("node", "alice")).bindTo(registry);
    new WakeupMetrics(bob, Tags.of("node", "bob")).bindTo(registry);
    bob.session(InMemoryNodes.capability(1), NodeHandlers.NONE);

    assertThat(registry.get("protomux_wakeup_sessions_opened").tag("node", "bob").gauge().value())
        .isEqualTo(1);
    assertThat(registry.get("protomux_wakeup_sessions_opened").tag("node", "alice").gauge().value())
        .isZero();
  }

  @Test
  void aClosedTcpNodeStillShowsItsLastCounts() throws Exception {
    WakeupNode node = WakeupNode.builder().build();
    MeterRegistry registry = new SimpleMeterRegistry();
    new WakeupMetrics(node).bindTo(registry);
    node.session(InMemoryNodes.capability(1), NodeHandlers.NONE);
    // Read from this thread: the loop publishes its counters at the end of the turn.
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (registry.get("protomux_wakeup_topics_added").gauge().value() != 1) {
      assertThat(System.nanoTime()).isLessThan(deadline);
      Thread.sleep(5);
    }

    node.close();

    assertThat(registry.get("protomux_wakeup_topics_added").gauge().value()).isEqualTo(1);
  }

  private static double value(MeterRegistry registry, String suffix) {
    return registry.get("protomux_wakeup_" + suffix).gauge().value();
  }

  /** Sample name to value, from Prometheus' text format. */
  private static Map<String, Double> samples(String scrape) {
    Map<String, Double> samples = new TreeMap<>();
    for (String line : scrape.split("\n")) {
      if (line.isBlank() || line.startsWith("#")) {
        continue;
      }
      int space = line.lastIndexOf(' ');
      samples.put(line.substring(0, space), Double.parseDouble(line.substring(space + 1)));
    }
    return samples;
  }
}
