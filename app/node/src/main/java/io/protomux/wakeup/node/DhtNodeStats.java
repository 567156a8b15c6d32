package io.protomux.wakeup.node;

import io.protomux.wakeup.domain.dht.DhtCounters;
import io.protomux.wakeup.domain.dht.DhtNode;
import io.protomux.wakeup.domain.hyperdht.HyperDht;
import io.protomux.wakeup.domain.hyperdht.StorageSizes;
import java.util.HexFormat;

/**
 * A snapshot of a {@link DhtNodeService}: what the node is and what it has served.
 *
 * @param persistent whether it has an id and serves storage
 * @param id its id in hex, or null while ephemeral
 * @param publicHost the public host the NAT sampler settled on, or null
 * @param publicPort the public port, 0 if unknown
 * @param tableSize nodes in the routing table
 * @param requestsReceived requests received (every command)
 * @param repliesSent replies sent
 * @param relayed requests relayed (handshakes and holepunches)
 * @param invalidTokens requests whose token did not verify
 * @param storage what the node stores for others now
 */
public record DhtNodeStats(
    boolean persistent,
    String id,
    String publicHost,
    int publicPort,
    int tableSize,
    long requestsReceived,
    long repliesSent,
    long relayed,
    long invalidTokens,
    StorageSizes storage) {
  static final DhtNodeStats EMPTY =
      new DhtNodeStats(false, null, null, 0, 0, 0, 0, 0, 0, StorageSizes.NONE);

  static DhtNodeStats of(HyperDht hyperDht) {
    DhtNode node = hyperDht.dht();
    DhtCounters counters = node.io().counters();
    byte[] id = node.id();
    return new DhtNodeStats(
        id != null,
        id == null ? null : HexFormat.of().formatHex(id),
        node.nat().host(),
        node.nat().port(),
        node.table().size(),
        counters.requestsReceived(),
        counters.repliesSent(),
        counters.relayed(),
        counters.invalidTokens(),
        hyperDht.storageSizes());
  }
}
