package io.protomux.wakeup.domain.dht;

import java.util.Objects;

/**
 * A node of the network as this node knows it: its address, the id that address hashes to, and
 * the routing table's bookkeeping in ticks (dht-rpc's node objects).
 */
public final class DhtPeer {
  private final byte[] id;
  private final PeerAddress address;
  int added;
  int pinged;
  int seen;
  int sampled;
  int downHints;
  PeerAddress to;
  // Links of the node table's time-ordered list (dht-rpc's prev and next): an entry costs two
  // fields instead of a LinkedHashMap entry.
  DhtPeer older;
  DhtPeer newer;
  boolean listed;

  DhtPeer(byte[] id, PeerAddress address) {
    this.id = Objects.requireNonNull(id, "id");
    this.address = Objects.requireNonNull(address, "address");
  }

  /** The 32-byte node id, the hash of {@link #address()}. */
  public byte[] id() {
    return id.clone();
  }

  byte[] rawId() {
    return id;
  }

  /** Where the node is reached. */
  public PeerAddress address() {
    return address;
  }

  @Override
  public String toString() {
    return "DhtPeer[" + address + "]";
  }
}
