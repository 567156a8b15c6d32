package io.protomux.wakeup.domain.dht;

import java.util.List;
import java.util.function.Predicate;

/**
 * How a dht-rpc node behaves.
 *
 * @param bootstrap the nodes to join through (IPv4 literals; resolve names before)
 * @param firewalled start firewalled (the reference's default, true): requests leave the client
 *     socket until a firewall check proves the server socket reachable
 * @param quickFirewall on the bootstrap query's first reply, test reachability at once (default
 *     true)
 * @param ephemeral {@code Boolean.TRUE}: never become persistent; {@code Boolean.FALSE}: become
 *     persistent right after bootstrapping if the network check passes; null: adaptive. A node
 *     that does not serve storage yet stays ephemeral when adaptive.
 * @param concurrency query concurrency (10)
 * @param maxPingDelay the longest DELAYED_PING honoured, in ms (10,000)
 * @param maxDelayedPings DELAYED_PING answers held at once; the reference has no bound
 * @param filterNode false drops a node learned from the network (hyperdht filters known bad ones)
 * @param io the request layer's settings
 */
public record DhtNodeOptions(
    List<PeerAddress> bootstrap,
    boolean firewalled,
    boolean quickFirewall,
    Boolean ephemeral,
    int concurrency,
    long maxPingDelay,
    int maxDelayedPings,
    Predicate<PeerAddress> filterNode,
    DhtIoOptions io) {
  /** No bootstrap nodes, the reference's defaults otherwise. */
  public static final DhtNodeOptions DEFAULTS =
      new DhtNodeOptions(List.of(), true, true, null, 10, 10_000, 256, a -> true, DhtIoOptions.DEFAULTS);

  /** Copies the list. */
  public DhtNodeOptions {
    bootstrap = List.copyOf(bootstrap);
    if (filterNode == null) {
      filterNode = a -> true;
    }
  }

  /** The same with other bootstrap nodes. */
  public DhtNodeOptions withBootstrap(List<PeerAddress> value) {
    return new DhtNodeOptions(value, firewalled, quickFirewall, ephemeral, concurrency,
        maxPingDelay, maxDelayedPings, filterNode, io);
  }

  /** The same with {@code firewalled} changed. */
  public DhtNodeOptions withFirewalled(boolean value) {
    return new DhtNodeOptions(bootstrap, value, quickFirewall, ephemeral, concurrency,
        maxPingDelay, maxDelayedPings, filterNode, io);
  }

  /** The same with {@code quickFirewall} changed. */
  public DhtNodeOptions withQuickFirewall(boolean value) {
    return new DhtNodeOptions(bootstrap, firewalled, value, ephemeral, concurrency,
        maxPingDelay, maxDelayedPings, filterNode, io);
  }

  /** The same with {@code ephemeral} changed. */
  public DhtNodeOptions withEphemeral(Boolean value) {
    return new DhtNodeOptions(bootstrap, firewalled, quickFirewall, value, concurrency,
        maxPingDelay, maxDelayedPings, filterNode, io);
  }

  /** The same with another node filter. */
  public DhtNodeOptions withFilterNode(Predicate<PeerAddress> value) {
    return new DhtNodeOptions(bootstrap, firewalled, quickFirewall, ephemeral, concurrency,
        maxPingDelay, maxDelayedPings, value, io);
  }
}
