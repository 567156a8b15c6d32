package io.protomux.wakeup.adapters.inmemory.simulation;

import io.protomux.wakeup.adapters.inmemory.Link;
import io.protomux.wakeup.adapters.inmemory.LinkDirection;
import io.protomux.wakeup.domain.stream.NoiseSecretStream;
import java.util.Objects;

/**
 * A connection between two nodes, made by {@link Simulation#connect}: the {@linkplain #initiator()
 * initiator} dialed the {@linkplain #responder() responder}, and each end runs a secret stream
 * added to its node's swarm. Faults injected here are traced. Use it on the thread driving the
 * simulation.
 */
public final class SimLink {
  /** One direction of a link, named after who receives it. */
  public enum Direction {
    /** What the initiator writes. */
    TO_RESPONDER,
    /** What the responder writes. */
    TO_INITIATOR
  }

  private final Simulation simulation;
  private final int id;
  private final SimNode initiator;
  private final SimNode responder;
  private final long[] stalledUntil = new long[Direction.values().length];
  private Link wire;
  private NoiseSecretStream initiatorStream;
  private NoiseSecretStream responderStream;
  private boolean dialPending = true;
  private boolean dialFailed;

  SimLink(Simulation simulation, int id, SimNode initiator, SimNode responder) {
    this.simulation = simulation;
    this.id = id;
    this.initiator = initiator;
    this.responder = responder;
  }

  /** The link's number: 1 for the simulation's first link, and so on. */
  public int id() {
    return id;
  }

  /** The node that dialed. */
  public SimNode initiator() {
    return initiator;
  }

  /** The node that accepted. */
  public SimNode responder() {
    return responder;
  }

  /**
   * {@code node}'s end of this link: null until the dial reaches it (the responder) or comes back
   * (the initiator), and for good if the dial failed first.
   *
   * @throws IllegalArgumentException if {@code node} is not an end of this link
   */
  public NoiseSecretStream streamOf(SimNode node) {
    if (node == initiator) {
      return initiatorStream;
    }
    if (node == responder) {
      return responderStream;
    }
    throw new IllegalArgumentException(node + " is not an end of " + this);
  }

  /** Whether both ends completed the handshake and neither has closed. */
  public boolean isOpen() {
    return initiatorStream != null
        && responderStream != null
        && initiatorStream.isOpen()
        && responderStream.isOpen();
  }

  /**
   * Whether this link is finished: the dial failed, or every stream it had closed. A link can be
   * neither open nor closed: while connecting, or stuck on a corrupted handshake.
   */
  public boolean isClosed() {
    boolean responderDone = responderStream == null || responderStream.isClosed();
    if (dialFailed) {
      return responderDone;
    }
    return !dialPending && initiatorStream.isClosed() && responderDone;
  }

  /** The one-way latency of a direction, in virtual milliseconds. */
  public long latencyMillis(Direction direction) {
    return wire(direction).latencyMillis();
  }

  /**
   * Cuts the link abruptly: what is in flight is lost, both ends close with an {@code IOException}
   * "link dropped", and a dial in progress fails. Nothing reconnects by itself. A link already
   * dropped or closed is left alone (and nothing is traced).
   */
  public void disconnect() {
    if (wire.isDropped() || wire.isClosed()) {
      return;
    }
    simulation.record(Simulation.NET, "fault-disconnect", describe());
    wire.drop();
  }

  /**
   * Flips the next byte to cross {@code direction}: the first byte of the oldest write in flight,
   * or of the next one. That is usually the low byte of a frame's length prefix, so the reader
   * misframes: it fails authentication (or the handshake) once enough further bytes arrive, and
   * waits forever if none do (a {@linkplain io.protomux.wakeup.domain.stream.StreamOptions stream
   * timeout} ends that).
   */
  public void corruptNextByte(Direction direction) {
    simulation.record(Simulation.NET, "fault-corrupt", describe(direction));
    wire(direction).corruptNextByte();
  }

  /**
   * Holds everything crossing {@code direction} for {@code durationMillis}, then lets it through in
   * order. Overlapping stalls of one direction end with the last one.
   */
  public void stall(Direction direction, long durationMillis) {
    if (durationMillis < 0) {
      throw new IllegalArgumentException("negative duration: " + durationMillis);
    }
    LinkDirection target = wire(direction);
    long until = simulation.now() + durationMillis;
    int slot = direction.ordinal();
    stalledUntil[slot] = Math.max(stalledUntil[slot], until);
    simulation.record(
        Simulation.NET, "fault-stall", describe(direction) + " for=" + durationMillis);
    target.stall();
    simulation
        .loop()
        .schedule(
            durationMillis,
            () -> {
              if (simulation.now() >= stalledUntil[slot] && target.isStalled()) {
                target.unstall();
                simulation.record(Simulation.NET, "stall-end", describe(direction));
              }
            });
  }

  /** E.g. {@code "link 3 a->b"}. */
  @Override
  public String toString() {
    return "link " + id + " " + initiator.name() + "->" + responder.name();
  }

  // --- wiring, called by Simulation ---

  void attach(Link wire) {
    this.wire = wire;
  }

  Link wire() {
    return wire;
  }

  SimNode other(SimNode node) {
    return node == initiator ? responder : initiator;
  }

  void streamCreated(boolean isInitiator, NoiseSecretStream stream) {
    if (isInitiator) {
      initiatorStream = stream;
      dialPending = false;
    } else {
      responderStream = stream;
    }
  }

  void dialFailed() {
    dialPending = false;
    dialFailed = true;
  }

  String describe() {
    return "link=" + id + " " + initiator.name() + "<->" + responder.name();
  }

  private String describe(Direction direction) {
    return direction == Direction.TO_RESPONDER
        ? "link=" + id + " " + initiator.name() + "->" + responder.name()
        : "link=" + id + " " + responder.name() + "->" + initiator.name();
  }

  private LinkDirection wire(Direction direction) {
    Objects.requireNonNull(direction, "direction");
    return direction == Direction.TO_RESPONDER ? wire.toResponder() : wire.toInitiator();
  }
}
