package io.protomux.wakeup.adapters.inmemory.simulation;

import java.util.Objects;

/**
 * One entry of a {@link Simulation}'s trace. Kinds:
 *
 * <ul>
 *   <li>set-up: {@code node} (a node joined; detail: its public key prefix), {@code session};
 *   <li>connections: {@code dial}, {@code accept}, {@code connect-failed}, {@code open} (the secret
 *       stream's handshake completed), {@code close} (with the cause's class and message, or {@code
 *       clean});
 *   <li>handler calls, one per call a session received: {@code peer-add}, {@code peer-remove},
 *       {@code peer-active}, {@code peer-inactive}, {@code lookup}, {@code announce}, {@code
 *       destroy}; the swarm's {@code wakeup}; {@code handler-error} for a handler that threw;
 *   <li>faults, under node {@code net}: {@code fault-disconnect}, {@code fault-corrupt}, {@code
 *       fault-stall} and {@code stall-end}, {@code fault-partition} and {@code partition-heal},
 *       {@code fault-blocked} (a dial across a partition).
 * </ul>
 *
 * <p>Topics and public keys appear as their first 8 hex digits, peers as {@code name(keyprefix)}
 * with the link they are on.
 *
 * @param atMillis the virtual time of the event
 * @param node the node it happened at, or {@code net} for the network
 * @param kind what happened (see above)
 * @param detail the particulars, in a fixed format
 */
public record TraceEvent(long atMillis, String node, String kind, String detail) {
  /** Checks the values. */
  public TraceEvent {
    Objects.requireNonNull(node, "node");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(detail, "detail");
  }

  /**
   * The canonical one-line form the {@linkplain Simulation#traceDigest() digest} is computed over:
   * {@code atMillis node kind detail}, separated by single spaces.
   */
  @Override
  public String toString() {
    return atMillis + " " + node + " " + kind + " " + detail;
  }
}
