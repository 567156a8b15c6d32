package io.protomux.wakeup.adapters.inmemory;

import java.util.Objects;

/**
 * How a {@link Nat} maps and filters, modelled on a Linux router's MASQUERADE and its UDP
 * connection tracking. Start from {@link #consistent()} or {@link #random()}.
 *
 * @param mapping how inside sockets get public ports
 * @param filtering which inbound datagrams a public port lets through
 * @param idleTimeoutMillis how long a mapping (and each permission on it) lives after its last
 *     datagram either way: Linux's {@code nf_conntrack_udp_timeout} is 30 s
 */
public record NatOptions(Mapping mapping, Filtering filtering, long idleTimeoutMillis) {
  /** Linux's default UDP connection-tracking timeout, 30 s. */
  public static final long DEFAULT_IDLE_TIMEOUT_MILLIS = 30_000;

  /** How public ports are chosen. */
  public enum Mapping {
    /**
     * Endpoint-independent ("consistent", plain MASQUERADE): one public port per inside socket
     * whatever the destination, the socket's own port when no other mapping holds it.
     */
    CONSISTENT,
    /**
     * Endpoint-dependent ({@code MASQUERADE --random-fully}): a fresh random public port for each
     * destination address and port an inside socket sends to.
     */
    RANDOM
  }

  /** Which remotes may send to a mapped public port. */
  public enum Filtering {
    /**
     * Only the exact addresses and ports the inside socket has sent to (as Linux conntrack: a
     * reply must match the tracked 5-tuple).
     */
    ADDRESS_AND_PORT,
    /** Any port of an address the inside socket has sent to. */
    ADDRESS
  }

  /** Checks the values. */
  public NatOptions {
    Objects.requireNonNull(mapping, "mapping");
    Objects.requireNonNull(filtering, "filtering");
    if (idleTimeoutMillis <= 0) {
      throw new IllegalArgumentException("idleTimeoutMillis must be positive: " + idleTimeoutMillis);
    }
  }

  /** Consistent mapping, address-and-port filtering, 30 s idle timeout. */
  public static NatOptions consistent() {
    return new NatOptions(Mapping.CONSISTENT, Filtering.ADDRESS_AND_PORT, DEFAULT_IDLE_TIMEOUT_MILLIS);
  }

  /** Random mapping, address-and-port filtering, 30 s idle timeout. */
  public static NatOptions random() {
    return new NatOptions(Mapping.RANDOM, Filtering.ADDRESS_AND_PORT, DEFAULT_IDLE_TIMEOUT_MILLIS);
  }

  /** With another filtering. */
  public NatOptions withFiltering(Filtering filtering) {
    return new NatOptions(mapping, filtering, idleTimeoutMillis);
  }

  /** With another idle timeout. */
  public NatOptions withIdleTimeout(long idleTimeoutMillis) {
    return new NatOptions(mapping, filtering, idleTimeoutMillis);
  }
}
