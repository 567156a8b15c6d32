package io.protomux.wakeup.cli.bench;

import io.protomux.wakeup.domain.wakeup.WakeupPeer;
import io.protomux.wakeup.domain.wakeup.WakeupSession;

/**
 * The one connection the announce and round-trip benchmarks share.
 *
 * @param announcer b's session on the announce topic (used on b's loop)
 * @param announcerPeer a, as b's announce session sees it
 * @param announceCounter a's handlers on the announce topic
 * @param roundTrips b's handlers on the round-trip topic
 */
public record MainConnection(
    WakeupSession announcer,
    WakeupPeer announcerPeer,
    AnnounceCounter announceCounter,
    RoundTrips roundTrips) {}
