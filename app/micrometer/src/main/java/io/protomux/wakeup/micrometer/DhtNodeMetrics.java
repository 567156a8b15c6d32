package io.protomux.wakeup.micrometer;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.protomux.wakeup.node.DhtNodeService;
import io.protomux.wakeup.node.DhtNodeStats;
import java.util.List;
import java.util.Objects;
import java.util.function.ToDoubleFunction;

/**
 * A {@link DhtNodeService}'s state and counters as gauges named {@code hyperdht_*}: whether it is
 * persistent, its routing table's size, what it received, answered and relayed. A read takes the
 * snapshot the node's loop publishes every second, so a scrape never waits on the network.
 */
public final class DhtNodeMetrics implements MeterBinder {
  private static final List<Stat> STATS =
      List.of(
          new Stat("persistent", "1 if the node has an id and serves storage", s -> s.persistent() ? 1 : 0),
          new Stat("table_size", "Nodes in the routing table", DhtNodeStats::tableSize),
          new Stat("requests_received", "Requests received", DhtNodeStats::requestsReceived),
          new Stat("replies_sent", "Replies sent", DhtNodeStats::repliesSent),
          new Stat("relayed", "Requests relayed (handshakes, holepunches)", DhtNodeStats::relayed),
          new Stat("invalid_tokens", "Requests with a token that did not verify",
              DhtNodeStats::invalidTokens),
          new Stat("records", "Topic records stored for others", s -> s.storage().records()),
          new Stat("routes", "Routes from servers' self-announces", s -> s.storage().routes()),
          new Stat("mutables", "Mutable values stored", s -> s.storage().mutables()),
          new Stat("immutables", "Immutable values stored", s -> s.storage().immutables()));

  private final DhtNodeService node;
  private final Tags tags;

  /** Gauges without tags. */
  public DhtNodeMetrics(DhtNodeService node) {
    this(node, Tags.empty());
  }

  /** Gauges with {@code tags}, to tell several nodes of one process apart. */
  public DhtNodeMetrics(DhtNodeService node, Iterable<Tag> tags) {
    this.node = Objects.requireNonNull(node, "node");
    this.tags = Tags.of(tags);
  }

  @Override
  public void bindTo(MeterRegistry registry) {
    for (Stat stat : STATS) {
      Gauge.builder("hyperdht_" + stat.suffix(), node, n -> stat.value().applyAsDouble(n.stats()))
          .description(stat.description())
          .tags(tags)
          .register(registry);
    }
  }

  private record Stat(String suffix, String description, ToDoubleFunction<DhtNodeStats> value) {}
}
