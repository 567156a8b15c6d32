/**
 * A Hyperswarm 4.17.2-like layer, sans-IO: {@link io.protomux.wakeup.domain.hyperswarm.Hyperswarm}
 * joins topics ({@code join}, {@code leave}, {@code flush}, refresh every 10 min with jitter),
 * queues and retries connections to the peers found, keeps one connection per remote key (the
 * reference's tie-break), bans peers its firewall rejects and hands every connection out with its
 * {@link io.protomux.wakeup.domain.hyperswarm.PeerInfo}.
 *
 * <p>It is written against {@link io.protomux.wakeup.domain.hyperswarm.SwarmDht}, implemented on
 * the network by {@link io.protomux.wakeup.domain.hyperswarm.HyperDhtSwarm} and in memory by tests.
 * What a remote can make it hold is bounded (peers remembered, peers queued), where the reference
 * is not.
 */
package io.protomux.wakeup.domain.hyperswarm;
