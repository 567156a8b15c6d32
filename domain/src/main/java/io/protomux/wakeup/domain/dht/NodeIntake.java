package io.protomux.wakeup.domain.dht;

import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.function.IntSupplier;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * How a dht-rpc node learns from what it hears ({@code _addNodeFromNetwork}, {@code _addNode},
 * {@code _sampleBootstrapMaybe}): a node presenting a valid id is tabled or refreshed, and the
 * address others saw us at is sampled, from a few id-less nodes (the bootstrap nodes, as the
 * reference limits it), from each tabled node's first message and again after 30 minutes.
 */
final class NodeIntake {
  private final NodeTable nodes;
  private final NodeChecks checks;
  private final IntSupplier tick;
  private final Supplier<NatSampler> nat;
  private final Predicate<PeerAddress> filter;
  private final int bootstrapCount;
  private final BooleanSupplier bootstrapped;
  private final BooleanSupplier destroyed;
  private final List<String> nonPersistentSamples = new ArrayList<>();
  private PeerAddress lastTo;

  NodeIntake(NodeTable nodes, NodeChecks checks, IntSupplier tick, Supplier<NatSampler> nat,
      Predicate<PeerAddress> filter, int bootstrapCount, BooleanSupplier bootstrapped,
      BooleanSupplier destroyed) {
    this.nodes = nodes;
    this.checks = checks;
    this.tick = tick;
    this.nat = nat;
    this.filter = filter;
    this.bootstrapCount = bootstrapCount;
    this.bootstrapped = bootstrapped;
    this.destroyed = destroyed;
  }

  /** The sampler was replaced (the node's address was confirmed): the id-less samples restart. */
  void resetSamples() {
    nonPersistentSamples.clear();
  }

  /**
   * A request or response from {@code from} (with its validated id, or null) that saw us at
   * {@code to}; {@code sample} when it came on the socket we expect (not an external one).
   */
  void fromNetwork(boolean sample, PeerAddress from, byte[] fromId, PeerAddress to) {
    if (!filter.test(from)) {
      return;
    }
    if (fromId == null) {
      sampleBootstrapMaybe(from, to);
      return;
    }
    int now = tick.getAsInt();
    DhtPeer old = nodes.get(fromId);
    if (old != null) {
      if (sample && (old.sampled == 0 || now - old.sampled >= NodeChecks.OLD_NODE_TICKS)) {
        old.to = shared(to);
        old.sampled = now;
        nat.get().add(to.host(), to.port());
      }
      old.pinged = old.seen = now;
      nodes.touch(old);
      return;
    }
    DhtPeer node = new DhtPeer(fromId, from);
    node.to = shared(to);
    add(node);
  }

  /**
   * {@code to}, or the equal address an earlier node saw us at: nearly every node sees the same
   * one, and each table entry holding a copy of its own was a fifth of its size.
   */
  private PeerAddress shared(PeerAddress to) {
    if (to != null && to.equals(lastTo)) {
      return lastTo;
    }
    lastTo = to;
    return to;
  }

  /** dht-rpc's {@code _addNode}: a full row may make room through ping-and-swap. */
  void add(DhtPeer node) {
    if (nodes.has(node) || nodes.table().isOwnId(node.rawId()) || destroyed.getAsBoolean()) {
      return;
    }
    int now = tick.getAsInt();
    node.added = node.pinged = node.seen = now;
    if (!nodes.add(node)) {
      checks.onFullRow(node, bootstrapped.getAsBoolean());
      return;
    }
    if (node.to != null && node.sampled == 0) {
      node.sampled = now;
      nat.get().add(node.to.host(), node.to.port());
    }
  }

  // Not checked to be a bootstrap node, but the samples are limited to very few nodes.
  private void sampleBootstrapMaybe(PeerAddress from, PeerAddress to) {
    if (nonPersistentSamples.size() >= Math.max(1, bootstrapCount)) {
      return;
    }
    String key = from.toString();
    if (nonPersistentSamples.contains(key)) {
      return;
    }
    nonPersistentSamples.add(key);
    nat.get().add(to.host(), to.port());
  }
}
