package io.protomux.wakeup.domain.hyperdht;

import java.util.List;
import java.util.Objects;

/**
 * The value of a LOOKUP reply ({@code lookupRawReply} in the reference's {@code messages.js}):
 * the peer records a node stores for a topic, unauthenticated hints (a lookup reply carries no
 * signatures), and the largest bump it has seen for the topic.
 *
 * @param peers the records (never null)
 * @param bump the topic's bump, 0 when the replying node sent none (older nodes)
 */
public record LookupReply(List<PeerRecord> peers, long bump) {
  /**
   * @throws IllegalArgumentException if there are more than {@link
   *     HyperDhtLimits#MAX_LOOKUP_PEERS} records or the bump is not a uint
   */
  public LookupReply {
    peers =
        Wire.list(Objects.requireNonNull(peers, "peers"), HyperDhtLimits.MAX_LOOKUP_PEERS, "peers");
    Wire.uint(bump, "bump");
  }
}
