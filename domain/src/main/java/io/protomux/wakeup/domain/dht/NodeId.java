package io.protomux.wakeup.domain.dht;

import io.protomux.wakeup.ports.crypto.Blake2b;
import java.security.MessageDigest;

/**
 * Node ids: {@code id = BLAKE2b-256(ipv4 encoding of host:port)}, where host:port is the node's
 * public address as other nodes see it (dht-rpc's {@code peer.id(host, port)}).
 *
 * <p>An id is never trusted as sent: the receiver recomputes it from the datagram's source
 * address ({@link #validate}), which is what ties an id to an address that can answer.
 */
public final class NodeId {
  /** Length of a node id. */
  public static final int LENGTH = Blake2b.HASH_BYTES;

  private NodeId() {}

  /** The id of the node reachable at {@code address}. */
  public static byte[] of(PeerAddress address, Blake2b blake2b) {
    return blake2b.hash(address.encode());
  }

  /**
   * The reference's {@code validateId}: the claimed id if it is the id of {@code from}, else
   * null (the sender is then treated as having no id, never as an error).
   *
   * @param claimed the id a message carried, or null
   * @param from the source address of the datagram
   */
  public static byte[] validate(byte[] claimed, PeerAddress from, Blake2b blake2b) {
    if (claimed == null || claimed.length != LENGTH) {
      return null;
    }
    // Constant time is not needed (ids are public), but it costs nothing and reads as "equal".
    return MessageDigest.isEqual(claimed, of(from, blake2b)) ? claimed.clone() : null;
  }
}
