package io.protomux.wakeup.micrometer;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.protomux.wakeup.domain.Limit;
import io.protomux.wakeup.domain.wakeup.WakeupStats;
import io.protomux.wakeup.node.WakeupNode;
import java.util.List;
import java.util.Objects;
import java.util.function.ToLongFunction;

/**
 * Shows a node's {@linkplain WakeupNode#stats() counters} as Micrometer gauges, under the names
 * the reference's Prometheus exporter uses ({@code protomux_wakeup_sessions_opened} and so on), so
 * existing dashboards keep working, plus gauges of ours for what the node holds now and what went
 * wrong.
 *
 * <p>They are gauges, not counters, because Prometheus would add {@code _total} to a counter's
 * name. A read takes the snapshot each loop publishes, without waiting on a loop, so a scrape
 * never blocks, and a closed node still shows its last counts. Unlike the reference, which
 * reports info messages sent as {@code wire_info_rx} too, {@code protomux_wakeup_wire_info_rx}
 * counts info messages received.
 *
 * <p>Ours: {@code protomux_wakeup_connections}, {@code _topics}, {@code _peers} and {@code
 * _sessions} (how many now), {@code _handshake_failures}, {@code _proof_mismatches}, and {@code
 * protomux_wakeup_limit_closes} with a {@code limit} tag ({@code handshake_timeout}, {@code
 * idle_timeout}, {@code frame_size}, {@code channels}, {@code pending_opens}, {@code
 * buffered_bytes}, {@code wakeups_per_announce}, {@code topics_per_connection}, and {@code
 * connections_per_listener} for the connections the listeners refused).
 */
public final class WakeupMetrics implements MeterBinder {
  /** The name of the gauges of {@link WakeupStats#limitCloses()}. */
  public static final String LIMIT_CLOSES = "protomux_wakeup_limit_closes";
  /** The {@code limit} tag of the listeners' refusals, which the transport counts. */
  public static final String CONNECTIONS_PER_LISTENER = "connections_per_listener";

  private static final String PREFIX = "protomux_wakeup_";
  private static final List<Stat> STATS =
      List.of(
          new Stat("sessions_opened", "Sessions opened", WakeupStats::sessionsOpened),
          new Stat("sessions_closed", "Sessions closed", WakeupStats::sessionsClosed),
          new Stat("topics_added", "Topics created", WakeupStats::topicsAdded),
          new Stat("topics_gcd", "Topics torn down", WakeupStats::topicsGcd),
          new Stat("peers_added", "Peers added to a topic", WakeupStats::peersAdded),
          new Stat("peers_removed", "Peers removed from a topic", WakeupStats::peersRemoved),
          new Stat("wire_announce_rx", "Announce messages received", WakeupStats::wireAnnounceRx),
          new Stat("wire_announce_tx", "Announce messages sent", WakeupStats::wireAnnounceTx),
          new Stat("wire_lookup_rx", "Lookup messages received", WakeupStats::wireLookupRx),
          new Stat("wire_lookup_tx", "Lookup messages sent", WakeupStats::wireLookupTx),
          new Stat("wire_info_rx", "Info messages received", WakeupStats::wireInfoRx),
          new Stat("wire_info_tx", "Info messages sent", WakeupStats::wireInfoTx),
          new Stat("connections", "Connections open now (handshake done)", WakeupStats::connections),
          new Stat("topics", "Topics now", WakeupStats::topics),
          new Stat("peers", "Peers now, pending ones included", WakeupStats::peers),
          new Stat("sessions", "Sessions now", WakeupStats::sessions),
          new Stat(
              "handshake_failures",
              "Connections that failed before their handshake completed",
              WakeupStats::handshakeFailures),
          new Stat(
              "proof_mismatches",
              "Remote opens of our topics with a wrong capability proof",
              WakeupStats::proofMismatches));

  private final WakeupNode node;
  private final Tags tags;

  /** Gauges without tags. */
  public WakeupMetrics(WakeupNode node) {
    this(node, Tags.empty());
  }

  /** Gauges with {@code tags}, e.g. to tell several nodes of one process apart. */
  public WakeupMetrics(WakeupNode node, Iterable<Tag> tags) {
    this.node = Objects.requireNonNull(node, "node");
    this.tags = Tags.of(tags);
  }

  @Override
  public void bindTo(MeterRegistry registry) {
    for (Stat stat : STATS) {
      Gauge.builder(PREFIX + stat.suffix(), node, n -> stat.value().applyAsLong(n.stats()))
          .description(stat.description())
          .tags(tags)
          .register(registry);
    }
    String description = "Connections closed because the remote went over a limit (not in the reference)";
    for (Limit limit : Limit.values()) {
      Gauge.builder(LIMIT_CLOSES, node, n -> n.stats().limitCloses(limit))
          .description(description)
          .tags(tags)
          .tag("limit", limit.label())
          .register(registry);
    }
    Gauge.builder(LIMIT_CLOSES, node, WakeupNode::refusedConnections)
        .description(description)
        .tags(tags)
        .tag("limit", CONNECTIONS_PER_LISTENER)
        .register(registry);
  }

  private record Stat(String suffix, String description, ToLongFunction<WakeupStats> value) {}
}
