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
 *     persistent right after bootstrapping if the network check passes; null (the default):
 *     adaptive, the check runs after 240 ticks (20 minutes) without a detected sleep
 * @param concurrency query concurrency (10)
 * @param maxPingDelay the longest DELAYED_PING honoured, in ms (10,000)
 * @param maxDelayedPings DELAYED_PING answers held at once; the reference has no bound
 * @param filterNode false drops a node learned from the network (hyperdht filters known bad ones)
 * @param io the request layer's settings
 * @param sendDownHints whether queries tell nodes about the nodes they named that timed out
 * @param downHintsRateLimit DOWN_HINTs sent per 5 s tick at most (50); -1 for no limit
 * @param publicAddress a public address known beforehand ({@link #bootstrapper}), seeded into the
 *     NAT sampler; null for none
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
    DhtIoOptions io,
    boolean sendDownHints,
    int downHintsRateLimit,
    PeerAddress publicAddress) {
  /** No bootstrap nodes, the reference's defaults otherwise. */
  public static final DhtNodeOptions DEFAULTS =
      new DhtNodeOptions(List.of(), true, true, null, 10, 10_000, 256, a -> true,
          DhtIoOptions.DEFAULTS, true, 50, null);

  /** Copies the list. */
  public DhtNodeOptions {
    bootstrap = List.copyOf(bootstrap);
    if (filterNode == null) {
      filterNode = a -> true;
    }
    if (downHintsRateLimit < -1) {
      throw new IllegalArgumentException(
          "downHintsRateLimit must be -1 (none) or at least 0, got " + downHintsRateLimit);
    }
  }

  /**
   * dht-rpc's {@code DHT.bootstrapper(port, host)}: a node at a fixed public IPv4 address,
   * persistent and reachable from the start, with no bootstrap nodes (the first node of a
   * network), its NAT sampler told the address; the rest of {@code base} stays.
   *
   * @throws IllegalArgumentException for a wildcard, an IPv6 or a malformed host, or port 0
   */
  public static DhtNodeOptions bootstrapper(String host, int port, DhtNodeOptions base) {
    if (port < 1 || port > 65535) {
      throw new IllegalArgumentException("a bootstrapper needs its port (1..65535), got " + port);
    }
    if (host == null || host.equals("0.0.0.0") || !PeerAddress.isIpv4(host)) {
      throw new IllegalArgumentException(
          "a bootstrapper needs the IPv4 address it is reached at, got " + host);
    }
    return new DhtNodeOptions(List.of(), false, base.quickFirewall, Boolean.FALSE,
        base.concurrency, base.maxPingDelay, base.maxDelayedPings, base.filterNode, base.io,
        base.sendDownHints, base.downHintsRateLimit, new PeerAddress(host, port));
  }

  /** The same with other bootstrap nodes. */
  public DhtNodeOptions withBootstrap(List<PeerAddress> value) {
    return new DhtNodeOptions(value, firewalled, quickFirewall, ephemeral, concurrency,
        maxPingDelay, maxDelayedPings, filterNode, io, sendDownHints, downHintsRateLimit,
        publicAddress);
  }

  /** The same with {@code firewalled} changed. */
  public DhtNodeOptions withFirewalled(boolean value) {
    return new DhtNodeOptions(bootstrap, value, quickFirewall, ephemeral, concurrency,
        maxPingDelay, maxDelayedPings, filterNode, io, sendDownHints, downHintsRateLimit,
        publicAddress);
  }

  /** The same with {@code quickFirewall} changed. */
  public DhtNodeOptions withQuickFirewall(boolean value) {
    return new DhtNodeOptions(bootstrap, firewalled, value, ephemeral, concurrency,
        maxPingDelay, maxDelayedPings, filterNode, io, sendDownHints, downHintsRateLimit,
        publicAddress);
  }

  /** The same with {@code ephemeral} changed. */
  public DhtNodeOptions withEphemeral(Boolean value) {
    return new DhtNodeOptions(bootstrap, firewalled, quickFirewall, value, concurrency,
        maxPingDelay, maxDelayedPings, filterNode, io, sendDownHints, downHintsRateLimit,
        publicAddress);
  }

  /** The same with another node filter. */
  public DhtNodeOptions withFilterNode(Predicate<PeerAddress> value) {
    return new DhtNodeOptions(bootstrap, firewalled, quickFirewall, ephemeral, concurrency,
        maxPingDelay, maxDelayedPings, value, io, sendDownHints, downHintsRateLimit,
        publicAddress);
  }

  /** The same with another bound on DELAYED_PING answers held. */
  public DhtNodeOptions withMaxDelayedPings(int value) {
    return new DhtNodeOptions(bootstrap, firewalled, quickFirewall, ephemeral, concurrency,
        maxPingDelay, value, filterNode, io, sendDownHints, downHintsRateLimit, publicAddress);
  }

  /** The same with other DOWN_HINT sending ({@code rateLimit} -1: none). */
  public DhtNodeOptions withDownHints(boolean send, int rateLimit) {
    return new DhtNodeOptions(bootstrap, firewalled, quickFirewall, ephemeral, concurrency,
        maxPingDelay, maxDelayedPings, filterNode, io, send, rateLimit, publicAddress);
  }

  /** The same with other request-layer settings. */
  public DhtNodeOptions withIo(DhtIoOptions value) {
    return new DhtNodeOptions(bootstrap, firewalled, quickFirewall, ephemeral, concurrency,
        maxPingDelay, maxDelayedPings, filterNode, value, sendDownHints, downHintsRateLimit,
        publicAddress);
  }
}
