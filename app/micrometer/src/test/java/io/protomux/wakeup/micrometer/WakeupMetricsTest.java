package io.protomux.wakeup.micrometer;

import io.protomux.wakeup.guice.InMemoryNodes;
import io.protomux.wakeup.guice.BouncyCastleCryptoModule;
import io.protomux.wakeup.guice.NioTransportModule;
import io.protomux.wakeup.guice.WakeupSwarmModule;
import io.protomux.wakeup.node.WakeupConnector;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.inject.Guice;
import com.google.inject.Injector;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.protomux.wakeup.domain.Key32;
import io.protomux.wakeup.domain.wakeup.Capability;
import io.protomux.wakeup.domain.wakeup.SessionHandlers;
import io.protomux.wakeup.domain.wakeup.WakeupSession;
import io.protomux.wakeup.domain.wakeup.WakeupSwarm;
import io.protomux.wakeup.domain.wakeup.messages.Lookup;
import io.protomux.wakeup.domain.wakeup.messages.Wakeup;
import io.protomux.wakeup.ports.transport.Listener;
import io.protomux.wakeup.ports.transport.Transport;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
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

  private final InMemoryNodes nodes = new InMemoryNodes();
  private final Injector alice = nodes.node("alice", 1);
  private final Injector bob = nodes.node("bob", 2);
  private final WakeupSwarm aliceSwarm = alice.getInstance(WakeupSwarm.class);
  private final WakeupSwarm bobSwarm = bob.getInstance(WakeupSwarm.class);

  @Test
  void prometheusShowsTheReferenceNamesExactly() {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    new WakeupMetrics(aliceSwarm).bindTo(registry);

    Map<String, Double> scraped = samples(registry.scrape());

    // Our one addition, protomux_wakeup_limit_closes{limit=...}, is covered by LimitMetricsTest.
    assertThat(scraped.keySet())
        .filteredOn(name -> !name.startsWith(WakeupMetrics.LIMIT_CLOSES + "{"))
        .containsExactlyInAnyOrderElementsOf(REFERENCE_NAMES);
    assertThat(scraped).allSatisfy((name, value) -> assertThat(value).isZero());
    assertThat(registry.scrape()).contains("# TYPE protomux_wakeup_sessions_opened gauge");
  }

  @Test
  void gaugesFollowTheSwarmsCountersAndInfoRxCountsWhatWasReceived() {
    MeterRegistry aliceMeters = new SimpleMeterRegistry();
    MeterRegistry bobMeters = new SimpleMeterRegistry();
    new WakeupMetrics(aliceSwarm).bindTo(aliceMeters);
    new WakeupMetrics(bobSwarm).bindTo(bobMeters);
    Capability capability = InMemoryNodes.capability(0x11);
    Recorder aliceSaw = new Recorder();
    Recorder bobSaw = new Recorder();
    WakeupSession aliceSession = aliceSwarm.session(capability, aliceSaw);
    WakeupSession bobSession = bobSwarm.session(capability, bobSaw);
    Listener listener = alice.getInstance(WakeupConnector.class).listen("alice", 0);
    bob.getInstance(WakeupConnector.class).dial("alice", listener.port());
    nodes.runUntil(() -> aliceSaw.saw("peer-add") && bobSaw.saw("peer-add"));

    bobSession.lookup(bobSaw.peers.get(0), Lookup.withoutHash());
    nodes.runUntil(() -> aliceSaw.saw("lookup"));
    aliceSession.announce(
        aliceSaw.peers.get(0), List.of(new Wakeup(Key32.of(InMemoryNodes.filled(3)), 1)));
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
  }

  @Test
  void tagsTellSwarmsApart() {
    MeterRegistry registry = new SimpleMeterRegistry();
    new WakeupMetrics(aliceSwarm, Tags.of("node", "alice")).bindTo(registry);
    new WakeupMetrics(bobSwarm, Tags.of("node", "bob")).bindTo(registry);
    bobSwarm.session(InMemoryNodes.capability(1), SessionHandlers.NONE);

    assertThat(registry.get("protomux_wakeup_sessions_opened").tag("node", "bob").gauge().value())
        .isEqualTo(1);
    assertThat(registry.get("protomux_wakeup_sessions_opened").tag("node", "alice").gauge().value())
        .isZero();
  }

  @Test
  void aSwarmWhoseLoopHasStoppedStillShowsItsLastCounts() {
    Injector node =
        Guice.createInjector(
            new WakeupSwarmModule(), new NioTransportModule(), new BouncyCastleCryptoModule());
    MeterRegistry registry = new SimpleMeterRegistry();
    WakeupSwarm swarm = node.getInstance(WakeupSwarm.class);
    new WakeupMetrics(swarm).bindTo(registry);
    swarm.session(InMemoryNodes.capability(1), SessionHandlers.NONE);
    assertThat(registry.get("protomux_wakeup_topics_added").gauge().value()).isEqualTo(1);

    node.getInstance(Transport.class).close();

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
