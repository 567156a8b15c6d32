package io.protomux.wakeup.adapters.inmemory;

import io.protomux.wakeup.ports.transport.Connection;
import java.io.IOException;

/**
 * The simulated wire between two {@link InMemoryConnection}s: the {@linkplain #initiator() one
 * that dialed} (or the first of a {@link InMemoryNetwork#pair() pair}) and the {@linkplain
 * #responder() one that accepted}. Each direction has its own {@link LinkDirection} with latency
 * and faults; {@link #drop()} cuts both. Every method must be called on the network's loop thread.
 */
public final class Link {
  private final InMemoryNetwork network;
  private final InMemoryConnection initiator;
  private final InMemoryConnection responder;
  private final LinkDirection toResponder;
  private final LinkDirection toInitiator;
  private boolean dropped;

  Link(InMemoryNetwork network, String initiatorName, String responderName) {
    this.network = network;
    NetworkOptions options = network.options();
    this.toResponder = new LinkDirection(this, initiatorName + " -> " + responderName, options);
    this.toInitiator = new LinkDirection(this, responderName + " -> " + initiatorName, options);
    this.initiator =
        new InMemoryConnection(this, initiatorName, responderName, toResponder, toInitiator);
    this.responder =
        new InMemoryConnection(this, responderName, initiatorName, toInitiator, toResponder);
    toResponder.connect(responder);
    toInitiator.connect(initiator);
  }

  /** The end that dialed. */
  public InMemoryConnection initiator() {
    return initiator;
  }

  /** The end that accepted. */
  public InMemoryConnection responder() {
    return responder;
  }

  /** What the initiator writes. */
  public LinkDirection toResponder() {
    return toResponder;
  }

  /** What the responder writes. */
  public LinkDirection toInitiator() {
    return toInitiator;
  }

  /** The direction {@code writer} writes into. */
  public LinkDirection from(Connection writer) {
    if (writer == initiator) {
      return toResponder;
    }
    if (writer == responder) {
      return toInitiator;
    }
    throw new IllegalArgumentException(writer + " is not an end of " + this);
  }

  /** Sets the latency of both directions (see {@link LinkDirection#setLatencyMillis}). */
  public void setLatencyMillis(long latencyMillis) {
    toResponder.setLatencyMillis(latencyMillis);
    toInitiator.setLatencyMillis(latencyMillis);
  }

  /**
   * Cuts the link abruptly, as a crashed host or a broken route would: whatever is in flight is
   * lost and both ends close with an {@link IOException} "link dropped" (on the loop, next). A
   * dial still in progress fails with it.
   */
  public void drop() {
    if (dropped) {
      return;
    }
    dropped = true;
    toResponder.clear();
    toInitiator.clear();
    initiator.terminate(new IOException("link dropped: " + this));
    responder.terminate(new IOException("link dropped: " + this));
  }

  /** Whether {@link #drop()} was called. */
  public boolean isDropped() {
    return dropped;
  }

  /** Whether both ends closed. */
  public boolean isClosed() {
    return !initiator.isOpen() && !responder.isOpen();
  }

  /** The two ends' local descriptions, e.g. {@code "a:49152 <-> b:7000"}. */
  @Override
  public String toString() {
    return initiator.localDescription() + " <-> " + responder.localDescription();
  }

  InMemoryNetwork network() {
    return network;
  }

  InMemoryConnection writerOf(LinkDirection direction) {
    return direction == toResponder ? initiator : responder;
  }

  /** Once both ends have seen the other's end of stream, both close cleanly, as TCP would. */
  void endReceived() {
    if (initiator.isOpen()
        && responder.isOpen()
        && initiator.hasReceivedEnd()
        && responder.hasReceivedEnd()) {
      initiator.terminate(null);
      responder.terminate(null);
    }
  }

  /** Closes both ends without telling anyone: a dial that never got through. */
  void abandon() {
    dropped = true;
    toResponder.clear();
    toInitiator.clear();
    initiator.abandon();
    responder.abandon();
  }

  void endClosed() {
    if (isClosed()) {
      network.forget(this);
    }
  }
}
