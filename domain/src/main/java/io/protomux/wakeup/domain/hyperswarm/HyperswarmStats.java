package io.protomux.wakeup.domain.hyperswarm;

/**
 * A snapshot of a {@link Hyperswarm}'s counters (the reference's {@code swarm.stats} and the
 * bounds this port adds).
 *
 * @param clientAttempted outgoing connects started
 * @param clientOpened outgoing connections that opened
 * @param clientClosed outgoing connections that closed (opened or not)
 * @param serverOpened incoming connections installed
 * @param serverClosed installed incoming connections that closed
 * @param bannedPeers bans (firewall rejections included)
 * @param duplicatesDropped connections destroyed by the duplicate rule
 * @param peersNotRemembered peers not held because {@link HyperswarmOptions#maxPeerInfos()} was
 *     reached
 * @param peersNotQueued peers not queued because {@link HyperswarmOptions#maxQueued()} was reached
 */
public record HyperswarmStats(
    long clientAttempted,
    long clientOpened,
    long clientClosed,
    long serverOpened,
    long serverClosed,
    long bannedPeers,
    long duplicatesDropped,
    long peersNotRemembered,
    long peersNotQueued) {}
