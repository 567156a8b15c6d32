package io.protomux.wakeup.micrometer;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.protomux.wakeup.adapters.nio.NioTransport;
import io.protomux.wakeup.domain.Limit;
import io.protomux.wakeup.domain.wakeup.WakeupStats;
import io.protomux.wakeup.domain.wakeup.WakeupSwarm;
import java.util.List;
import java.util.Objects;
import java.util.function.LongSupplier;
import java.util.function.ToLongFunction;

/**
 * Shows a swarm's {@linkplain WakeupSwarm#stats() counters} as Micrometer gauges, under the
 * names the reference's Prometheus exporter uses ({@code protomux_wakeup_sessions_opened} and so
 * on), so existing dashboards keep working.
 *
 * <p>They are gauges, not counters, because Prometheus would add {@code _total} to a counter's
 * name. Each read takes a snapshot of the swarm's counters without waiting on its loop, so a
 * scrape never blocks, and a swarm whose loop has stopped still shows its last counts. Unlike
 * the reference, which reports info messages sent as {@code
 * wire_info_rx} too, {@code protomux_wakeup_wire_info_rx} counts info messages received.
 *
 * <p>One gauge is an addition of ours, not the reference's: {@code protomux_wakeup_limit_closes},
 * with a {@code limit} tag ({@code handshake_timeout}, {@code idle_timeout}, {@code frame_size},
 * {@code channels}, {@code pending_opens}, {@code buffered_bytes}, {@code wakeups_per_announce},
 * {@code topics_per_connection}; and {@code connections_per_listener} when a transport is given),
 * counting the connections closed because the remote went over that limit.
 */
public final class WakeupMetrics implements MeterBinder {
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
          new Stat("wire_info_tx", "Info messages sent", WakeupStats::wireInfoTx));

  /** The name of the gauges of {@link io.protomux.wakeup.domain.wakeup.WakeupStats#limitCloses()}. */
  public static final String LIMIT_CLOSES = "protomux_wakeup_limit_closes";
  /** The {@code limit} tag of the listener's refusals, which the transport counts. */
  public static final String CONNECTIONS_PER_LISTENER = "connections_per_listener";

  private final WakeupSwarm swarm;
  private final Tags tags;
  private final LongSupplier refusedConnections;

  /** Gauges without tags. */
  public WakeupMetrics(WakeupSwarm swarm) {
    this(swarm, Tags.empty());
  }

  /** Gauges with {@code tags}, e.g. to tell several swarms of one process apart. */
  public WakeupMetrics(WakeupSwarm swarm, Iterable<Tag> tags) {
    this.swarm = Objects.requireNonNull(swarm, "swarm");
    this.tags = Tags.of(tags);
    this.refusedConnections = null;
  }

  /**
   * Gauges with {@code tags}, and the connections the transport's listeners refused ({@link
   * NioTransport#refusedConnections()}) as {@code protomux_wakeup_limit_closes{limit=
   * "connections_per_listener"}}.
   */
  public WakeupMetrics(WakeupSwarm swarm, NioTransport transport, Iterable<Tag> tags) {
    this.swarm = Objects.requireNonNull(swarm, "swarm");
    this.tags = Tags.of(tags);
    this.refusedConnections = Objects.requireNonNull(transport, "transport")::refusedConnections;
  }

  @Override
  public void bindTo(MeterRegistry registry) {
    for (Stat stat : STATS) {
      Gauge.builder("protomux_wakeup_" + stat.suffix(), swarm, s -> stat.value().applyAsLong(s.stats()))
          .description(stat.description())
          .tags(tags)
          .register(registry);
    }
    String description = "Connections closed because the remote went over a limit (not in the reference)";
    for (Limit limit : Limit.values()) {
      Gauge.builder(LIMIT_CLOSES, swarm, s -> s.stats().limitCloses(limit))
          .description(description)
          .tags(tags)
          .tag("limit", limit.label())
          .register(registry);
    }
    if (refusedConnections != null) {
      LongSupplier refused = refusedConnections;
      Gauge.builder(LIMIT_CLOSES, refused, r -> r.getAsLong())
          .description(description)
          .tags(tags)
          .tag("limit", CONNECTIONS_PER_LISTENER)
          .register(registry);
    }
  }

  private record Stat(String suffix, String description, ToLongFunction<WakeupStats> value) {}
}
