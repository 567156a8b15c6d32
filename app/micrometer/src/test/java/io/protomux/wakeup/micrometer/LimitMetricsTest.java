package io.protomux.wakeup.micrometer;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.protomux.wakeup.adapters.nio.NioOptions;
import io.protomux.wakeup.domain.Key32;
import io.protomux.wakeup.domain.Limit;
import io.protomux.wakeup.domain.wakeup.Capability;
import io.protomux.wakeup.domain.wakeup.messages.Wakeup;
import io.protomux.wakeup.node.NodeSession;
import io.protomux.wakeup.node.InMemoryNodes;
import io.protomux.wakeup.node.Recorder;
import io.protomux.wakeup.node.WakeupNode;
import java.net.Socket;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Issue 8: connections closed by a limit show as {@code protomux_wakeup_limit_closes{limit}}. */
class LimitMetricsTest {
  private final InMemoryNodes nodes = new InMemoryNodes();

  private static double limitCloses(MeterRegistry registry, String limit) {
    return registry.get(WakeupMetrics.LIMIT_CLOSES).tag("limit", limit).gauge().value();
  }

  @Test
  void everyLimitHasAGaugeTaggedWithItsName() {
    WakeupNode alice = nodes.node("alice", 1);
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    new WakeupMetrics(alice, Tags.of("node", "alice")).bindTo(registry);

    String scrape = registry.scrape();
    for (Limit limit : Limit.values()) {
      assertThat(scrape)
          .contains("protomux_wakeup_limit_closes{limit=\"" + limit.label() + "\",node=\"alice\"} 0.0");
    }
    assertThat(scrape).contains("# TYPE protomux_wakeup_limit_closes gauge");
    assertThat(scrape)
        .contains(
            "protomux_wakeup_limit_closes{limit=\"" + WakeupMetrics.CONNECTIONS_PER_LISTENER
                + "\",node=\"alice\"} 0.0");
  }

  @Test
  void aConnectionClosedByALimitIsCountedUnderThatLimit() {
    WakeupNode alice = nodes.builder("alice", 1).maxWakeupsPerAnnounce(2).build();
    WakeupNode bob = nodes.node("bob", 2);
    MeterRegistry registry = new SimpleMeterRegistry();
    new WakeupMetrics(alice).bindTo(registry);
    Capability capability = InMemoryNodes.capability(0x22);
    Recorder aliceSaw = new Recorder();
    Recorder bobSaw = new Recorder();
    alice.session(capability, aliceSaw);
    NodeSession bobSession = bob.session(capability, bobSaw);
    bob.dial("alice", alice.listen("alice", 0).getPort());
    nodes.runUntil(() -> aliceSaw.saw("peer-add") && bobSaw.saw("peer-add"));

    List<Wakeup> three =
        List.of(1, 2, 3).stream().map(i -> new Wakeup(Key32.of(InMemoryNodes.filled(i)), i)).toList();
    bobSession.announce(bobSaw.peers.get(0), three);
    nodes.runUntil(() -> bobSaw.saw("peer-remove"));

    assertThat(aliceSaw.saw("announce")).isFalse();
    assertThat(limitCloses(registry, "wakeups_per_announce")).isEqualTo(1);
    assertThat(limitCloses(registry, "frame_size")).isZero();
    assertThat(alice.stats().limitClosesTotal()).isEqualTo(1);
  }

  @Test
  void connectionsTheListenerRefusedAreCounted() throws Exception {
    WakeupNode node =
        WakeupNode.builder().nioOptions(NioOptions.defaults().withMaxConnectionsPerListener(1)).build();
    try {
      MeterRegistry registry = new SimpleMeterRegistry();
      new WakeupMetrics(node).bindTo(registry);
      int port = node.listen("127.0.0.1", 0).getPort();
      try (Socket kept = new Socket("127.0.0.1", port);
          Socket refused = new Socket("127.0.0.1", port)) {
        refused.setSoTimeout(10_000);
        assertThat(refused.getInputStream().read()).isEqualTo(-1);
      } catch (java.net.SocketException reset) {
        // A refused connection is reset: also fine.
      }
      assertThat(limitCloses(registry, WakeupMetrics.CONNECTIONS_PER_LISTENER)).isEqualTo(1);
    } finally {
      node.close();
    }
  }
}
