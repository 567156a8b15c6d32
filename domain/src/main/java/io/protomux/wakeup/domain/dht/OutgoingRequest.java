package io.protomux.wakeup.domain.dht;

import io.protomux.wakeup.domain.udx.UdxSocket;
import io.protomux.wakeup.ports.loop.Cancellable;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * One request in flight (dht-rpc's io {@code Request} on the sending side): its encoded bytes,
 * the socket it leaves from, its retransmission timer and what to call with the answer. Created by
 * {@link DhtIo#createRequest}; nothing is sent until {@link #send()}.
 */
public final class OutgoingRequest {
  private static final Consumer<OutgoingRequest> NO_CYCLE = r -> {};

  final DhtIo io;
  final int tid;
  final PeerAddress to;
  final byte[] toId;
  final byte[] token;
  final boolean internal;
  final long command;
  final byte[] target;
  final byte[] value;
  final long createdAt;
  UdxSocket socket;
  int retries = 3;
  int sent;
  long timeoutMillis;
  boolean destroyed;
  byte[] encoded;
  Cancellable timer;
  BiConsumer<Reply, OutgoingRequest> onResponse = (r, q) -> {};
  BiConsumer<DhtException, OutgoingRequest> onError = (e, q) -> {};
  Consumer<OutgoingRequest> onCycle = NO_CYCLE;

  OutgoingRequest(
      DhtIo io,
      int tid,
      PeerAddress to,
      byte[] toId,
      byte[] token,
      boolean internal,
      long command,
      byte[] target,
      byte[] value,
      UdxSocket socket,
      long createdAt) {
    this.io = io;
    this.tid = tid;
    this.to = to;
    this.toId = toId;
    this.token = token;
    this.internal = internal;
    this.command = command;
    this.target = target;
    this.value = value;
    this.socket = socket;
    this.createdAt = createdAt;
  }

  /** Where the request goes. */
  public PeerAddress to() {
    return to;
  }

  /** The transaction id. */
  public int tid() {
    return tid;
  }

  /** How many times it went out so far. */
  public int sent() {
    return sent;
  }

  /** Whether it finished (answered, timed out or destroyed). */
  public boolean isDestroyed() {
    return destroyed;
  }

  /** Retransmissions after the first send (default 3; 0 sends once). */
  public OutgoingRequest retries(int retries) {
    this.retries = retries;
    return this;
  }

  /** Per-send timeout in milliseconds (0: the node's default, 1000 ms). */
  public OutgoingRequest timeoutMillis(long millis) {
    this.timeoutMillis = millis;
    return this;
  }

  /** The socket to send from instead of the node's current one. */
  public OutgoingRequest socket(UdxSocket socket) {
    this.socket = socket;
    return this;
  }

  /** Called once with the answer. */
  public OutgoingRequest onResponse(BiConsumer<Reply, OutgoingRequest> callback) {
    this.onResponse = callback;
    return this;
  }

  /** Called once if no answer comes (timeout) or the request is destroyed. */
  public OutgoingRequest onError(BiConsumer<DhtException, OutgoingRequest> callback) {
    this.onError = callback;
    return this;
  }

  /** Called each time a send timed out, before the retry (queries use it to widen). */
  OutgoingRequest onCycle(Consumer<OutgoingRequest> callback) {
    this.onCycle = callback;
    return this;
  }

  boolean hasCycleHook() {
    return onCycle != NO_CYCLE;
  }

  void clearCycleHook() {
    onCycle = NO_CYCLE;
  }

  /** Sends it, or queues it while the congestion window is full. */
  public void send() {
    io.send(this, false);
  }

  /** Sends it now even if the congestion window is full. */
  public void sendNow() {
    io.send(this, true);
  }

  /** Gives up on it; {@code onError} runs with the cause (REQUEST_DESTROYED if null). */
  public void destroy(DhtException cause) {
    io.destroyRequest(
        this,
        cause != null
            ? cause
            : new DhtException(DhtException.REQUEST_DESTROYED, "request destroyed"));
  }

  @Override
  public String toString() {
    return "OutgoingRequest[tid=" + tid + ", to=" + to + ", command=" + command
        + (internal ? " (internal)" : "") + ", sent=" + sent + "]";
  }
}
