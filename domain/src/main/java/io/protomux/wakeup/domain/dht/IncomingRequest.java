package io.protomux.wakeup.domain.dht;

import io.protomux.wakeup.domain.udx.UdxSocket;
import java.util.List;

/**
 * A request as received (dht-rpc's io {@code Request} on the answering side), with the ways to
 * answer it: a reply, an error, or relaying it onwards with a new value under the same tid.
 */
public final class IncomingRequest {
  private final DhtIo io;
  private final UdxSocket socket;
  private final PeerAddress from;
  private final byte[] fromId;
  private final DhtRequest request;
  private final ServingGuard.Host host;
  private boolean answered;

  IncomingRequest(DhtIo io, UdxSocket socket, PeerAddress from, byte[] fromId, DhtRequest request,
      ServingGuard.Host host) {
    this.io = io;
    this.host = host;
    this.socket = socket;
    this.from = from;
    this.fromId = fromId;
    this.request = request;
  }

  /** The datagram's source. */
  public PeerAddress from() {
    return from;
  }

  /** The requester's id if it presented one matching its source address, else null. */
  public byte[] fromId() {
    return fromId == null ? null : fromId.clone();
  }

  /** How the requester addressed us. */
  public PeerAddress to() {
    return request.to();
  }

  /** The socket it arrived on. */
  public UdxSocket socket() {
    return socket;
  }

  /** The transaction id. */
  public int tid() {
    return request.tid();
  }

  /** Whether {@link #command()} is a dht-rpc internal command. */
  public boolean internal() {
    return request.internal();
  }

  /** The command number. */
  public long command() {
    return request.command();
  }

  /** The target, or null. */
  public byte[] target() {
    return request.target();
  }

  /** The value, or null. */
  public byte[] value() {
    return request.value();
  }

  /** The token the requester sent, or null (already checked: a wrong one never gets here). */
  public byte[] token() {
    return request.token();
  }

  /** Whether a reply or error was sent already. */
  public boolean isAnswered() {
    return answered;
  }

  /**
   * Answers with a value, a fresh token for the requester's host and the closer nodes to the
   * target (the reference's {@code reply(value)}), from the socket the request arrived on.
   */
  public void reply(byte[] value) {
    reply(value, true, true, socket, from);
  }

  /** Answers with exactly the parts asked for. */
  public void reply(byte[] value, boolean withToken, boolean withCloserNodes) {
    reply(value, withToken, withCloserNodes, socket, from);
  }

  /**
   * Answers to an explicit address and from an explicit socket (PING_NAT, relaying, a server
   * answering from its puncher socket).
   */
  public void reply(
      byte[] value, boolean withToken, boolean withCloserNodes, UdxSocket via, PeerAddress to) {
    send(0, value, withToken, withCloserNodes, via, to);
  }

  /** Answers with an error code, closer nodes and no token (the reference's {@code error}). */
  public void error(long code) {
    send(code, null, false, true, socket, from);
  }

  /** Answers with an error code, choosing whether a token and closer nodes go with it. */
  public void error(long code, boolean withToken, boolean withCloserNodes) {
    send(code, null, withToken, withCloserNodes, socket, from);
  }

  /**
   * Forwards the request to {@code to} as a request with the same tid, command and target, no
   * token and the new value (how hyperdht relays handshakes).
   */
  public void relay(byte[] newValue, PeerAddress to, UdxSocket via) {
    io.relay(host, request, newValue, to, via == null ? socket : via);
  }

  private void send(
      long error, byte[] value, boolean withToken, boolean withCloserNodes, UdxSocket via,
      PeerAddress to) {
    answered = true;
    List<PeerAddress> closer =
        withCloserNodes && request.target() != null ? io.closerNodes(request.target()) : null;
    io.sendReply(host, to.host().equals(from.host()), request.tid(), error, value, withToken,
        closer, via, to);
  }

  @Override
  public String toString() {
    return "IncomingRequest[tid=" + request.tid() + ", from=" + from + ", command="
        + request.command() + (request.internal() ? " (internal)" : "") + "]";
  }
}
