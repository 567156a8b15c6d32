package io.protomux.wakeup.domain.dht;

import java.util.List;

/**
 * A response as received: the decoded message plus where it came from. {@code fromId} is the
 * responder's id only if it matched the hash of the source address (otherwise null, as the
 * reference treats a node whose claimed id does not match).
 *
 * @param from the datagram's source
 * @param fromId the verified id of the responder, or null
 * @param response the decoded response
 * @param rttMillis time from the request's first send to this answer
 */
public record Reply(PeerAddress from, byte[] fromId, DhtResponse response, long rttMillis) {
  /** The requester's address as the responder saw it. */
  public PeerAddress to() {
    return response.to();
  }

  /** The token the responder issued for us, or null. */
  public byte[] token() {
    return response.token();
  }

  /** Closer nodes, never null (empty when the flag was not set). */
  public List<PeerAddress> closerNodes() {
    return response.closerNodes() == null ? List.of() : response.closerNodes();
  }

  /** 0 for success, else the responder's error code. */
  public long error() {
    return response.error();
  }

  /** The reply's value, or null. */
  public byte[] value() {
    return response.value();
  }
}
