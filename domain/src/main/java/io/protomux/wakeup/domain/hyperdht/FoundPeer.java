package io.protomux.wakeup.domain.hyperdht;

import io.protomux.wakeup.domain.dht.PeerAddress;
import java.util.List;

/**
 * One node's answer to a FIND_PEER or LOOKUP query: who answered, how it saw us, the token it
 * issued, and the records it holds (one for FIND_PEER).
 *
 * @param from the answering node
 * @param fromId its verified id, or null
 * @param to how it saw us
 * @param token its token for us, or null
 * @param peers the records (unauthenticated hints)
 * @param bump the highest bump it knows for the target (LOOKUP), else 0
 */
public record FoundPeer(
    PeerAddress from, byte[] fromId, PeerAddress to, byte[] token, List<PeerRecord> peers,
    long bump) {
  /** Copies the list. */
  public FoundPeer {
    peers = List.copyOf(peers);
  }
}
