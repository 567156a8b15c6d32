package io.protomux.wakeup.app;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.protomux.wakeup.domain.wakeup.WakeupStats;
import io.protomux.wakeup.domain.wakeup.WakeupSwarm;
import java.util.List;
import java.util.Objects;
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

  private final WakeupSwarm swarm;
  private final Tags tags;

  /** Gauges without tags. */
  public WakeupMetrics(WakeupSwarm swarm) {
    this(swarm, Tags.empty());
  }

  /** Gauges with {@code tags}, e.g. to tell several swarms of one process apart. */
  public WakeupMetrics(WakeupSwarm swarm, Iterable<Tag> tags) {
    this.swarm = Objects.requireNonNull(swarm, "swarm");
    this.tags = Tags.of(tags);
  }

  @Override
  public void bindTo(MeterRegistry registry) {
    for (Stat stat : STATS) {
      Gauge.builder("protomux_wakeup_" + stat.suffix(), swarm, s -> stat.value().applyAsLong(s.stats()))
          .description(stat.description())
          .tags(tags)
          .register(registry);
    }
  }

  private record Stat(String suffix, String description, ToLongFunction<WakeupStats> value) {}
}
