package io.protomux.wakeup.domain.hyperswarm;

import java.util.Objects;
import java.util.function.Predicate;

/**
 * Options of a {@link Hyperswarm}.
 *
 * @param maxPeers connections (times a factor that grows with the explicit peers) above which no
 *     found peer is dialled (default 64)
 * @param maxParallel connect attempts in flight at once (default 3)
 * @param maxClientConnections outgoing connections at most (default unlimited)
 * @param firewall called with a remote public key before dialling it and for every incoming
 *     handshake: true rejects and bans the key (default: accept all)
 * @param maxPeerInfos {@link PeerInfo}s the swarm holds at most, besides one per live
 *     connection: past it, peers found or banned are not remembered (counted in {@link
 *     HyperswarmStats#peersNotRemembered()}); the reference holds any number (default 4096)
 * @param maxQueued peers waiting in the connection queue at most: past it, a found peer is not
 *     queued (counted in {@link HyperswarmStats#peersNotQueued()}); unbounded in the reference
 *     (default 1024)
 */
public record HyperswarmOptions(
    int maxPeers,
    int maxParallel,
    int maxClientConnections,
    Predicate<byte[]> firewall,
    int maxPeerInfos,
    int maxQueued) {
  /** The reference's defaults, with the bounds above. */
  public static final HyperswarmOptions DEFAULTS =
      new HyperswarmOptions(64, 3, Integer.MAX_VALUE, key -> false, 4096, 1024);

  /** @throws IllegalArgumentException for a non-positive count */
  public HyperswarmOptions {
    Objects.requireNonNull(firewall, "firewall");
    if (maxPeers <= 0 || maxParallel <= 0 || maxClientConnections <= 0 || maxPeerInfos <= 0
        || maxQueued <= 0) {
      throw new IllegalArgumentException("swarm limits must be positive");
    }
  }

  /** These options with another {@link #maxPeers()}. */
  public HyperswarmOptions withMaxPeers(int value) {
    return new HyperswarmOptions(value, maxParallel, maxClientConnections, firewall, maxPeerInfos, maxQueued);
  }

  /** These options with another {@link #maxParallel()}. */
  public HyperswarmOptions withMaxParallel(int value) {
    return new HyperswarmOptions(maxPeers, value, maxClientConnections, firewall, maxPeerInfos, maxQueued);
  }

  /** These options with another {@link #maxClientConnections()}. */
  public HyperswarmOptions withMaxClientConnections(int value) {
    return new HyperswarmOptions(maxPeers, maxParallel, value, firewall, maxPeerInfos, maxQueued);
  }

  /** These options with another {@link #firewall()}. */
  public HyperswarmOptions withFirewall(Predicate<byte[]> value) {
    return new HyperswarmOptions(maxPeers, maxParallel, maxClientConnections, value, maxPeerInfos, maxQueued);
  }

  /** These options with another {@link #maxPeerInfos()}. */
  public HyperswarmOptions withMaxPeerInfos(int value) {
    return new HyperswarmOptions(maxPeers, maxParallel, maxClientConnections, firewall, value, maxQueued);
  }

  /** These options with another {@link #maxQueued()}. */
  public HyperswarmOptions withMaxQueued(int value) {
    return new HyperswarmOptions(maxPeers, maxParallel, maxClientConnections, firewall, maxPeerInfos, value);
  }
}
