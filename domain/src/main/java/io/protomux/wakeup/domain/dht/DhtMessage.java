package io.protomux.wakeup.domain.dht;

/**
 * A decoded dht-rpc datagram: a {@link DhtRequest} or a {@link DhtResponse}. Both start with the
 * same three fields, which is what lets a socket match a response to its request by {@link #tid}.
 */
public sealed interface DhtMessage permits DhtRequest, DhtResponse {
  /** The 16-bit transaction id, 0..65535. */
  int tid();

  /** For a request, its destination as the sender knows it; for a response, the requester as seen. */
  PeerAddress to();

  /** The sender's claimed node id (32 bytes, a copy), or null; see {@link NodeId#validate}. */
  byte[] id();

  /** A token (32 bytes, a copy), or null. */
  byte[] token();

  /** The command-specific payload (a copy), or null when the value flag is not set. */
  byte[] value();
}
