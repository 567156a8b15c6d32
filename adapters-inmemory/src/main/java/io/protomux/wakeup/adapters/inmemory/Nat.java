package io.protomux.wakeup.adapters.inmemory;

import io.protomux.wakeup.ports.datagram.DatagramTransport;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;

/**
 * A NAT box of a {@link DatagramNetwork}, made by {@link DatagramNetwork#nat}: hosts behind it have
 * private addresses (which may repeat behind other NATs) and reach the public network through its
 * one public address, as behind a Linux router doing MASQUERADE.
 *
 * <ul>
 *   <li>Outbound: a datagram to anything but a host behind the same NAT leaves from the public
 *       address, on the port its {@linkplain NatOptions.Mapping mapping} gives; sending opens the
 *       mapping and permits the destination.
 *   <li>Inbound: a datagram to the public address passes only to a live mapping's inside socket,
 *       and only from a remote the mapping permits ({@linkplain NatOptions.Filtering filtering});
 *       it refreshes that permission. Everything else is dropped and counted.
 *   <li>Idle: a permission lapses {@link NatOptions#idleTimeoutMillis()} after its last datagram
 *       either way, and a mapping with no live permission is gone (its port free again).
 *   <li>Between two hosts behind the same NAT, datagrams go directly, private address to private
 *       address. Hairpinning is off: a datagram from inside to the NAT's own public address is
 *       dropped (counted), as on a router without a hairpin rule.
 * </ul>
 *
 * <p>Expiry is checked when a mapping is used, so a NAT schedules nothing on the loop.
 */
public final class Nat {
  private static final int FIRST_PORT = 1024;
  private static final int LAST_PORT = 65535;
  private static final int SWEEP_THRESHOLD = 64;

  private final InetAddress publicAddress;
  private final NatOptions options;
  private final DatagramNetwork network;
  private final Random random;
  final Realm inside = new Realm(this);
  private final Map<Object, Mapping> byInside = new HashMap<>();
  private final Map<Integer, Mapping> byPublicPort = new HashMap<>();
  private int sweepAt = SWEEP_THRESHOLD;
  private long mappingsCreated;
  private long mappingsExpired;
  private long unmappedDrops;
  private long filteredDrops;
  private long hairpinDrops;

  Nat(DatagramNetwork network, InetAddress publicAddress, NatOptions options, Random random) {
    this.network = network;
    this.publicAddress = publicAddress;
    this.options = options;
    this.random = random;
  }

  /** The NAT's public address, which every host behind it is seen from outside. */
  public InetAddress publicAddress() {
    return publicAddress;
  }

  /** How it maps and filters. */
  public NatOptions options() {
    return options;
  }

  /**
   * The sockets of a host behind this NAT, by its private address: binding {@code "0.0.0.0"} or
   * that address gives a socket on it.
   *
   * @throws IllegalArgumentException if the address is not an IP literal, or is the NAT's own
   */
  public DatagramTransport host(String privateAddress) {
    return network.hostIn(inside, privateAddress);
  }

  /** What the NAT has done so far. */
  public Stats stats() {
    return new Stats(mappingsCreated, mappingsExpired, unmappedDrops, filteredDrops, hairpinDrops);
  }

  /**
   * Counts of one NAT.
   *
   * @param mappingsCreated public ports handed out
   * @param mappingsExpired mappings found idle past the timeout and removed
   * @param unmappedDrops inbound datagrams to a public port with no live mapping
   * @param filteredDrops inbound datagrams from a remote the mapping does not permit (never sent
   *     to, or its permission lapsed)
   * @param hairpinDrops datagrams from inside to the NAT's own public address
   */
  public record Stats(
      long mappingsCreated,
      long mappingsExpired,
      long unmappedDrops,
      long filteredDrops,
      long hairpinDrops) {}

  @Override
  public String toString() {
    return "Nat[" + publicAddress.getHostAddress() + " " + options.mapping() + "]";
  }

  // --- for the network ---

  void hairpinDropped() {
    hairpinDrops++;
  }

  /** The public source of a datagram {@code from} an inside socket sends to {@code to}. */
  InetSocketAddress outbound(InetSocketAddress from, InetSocketAddress to, long now) {
    Object key = options.mapping() == NatOptions.Mapping.CONSISTENT ? from : new Flow(from, to);
    Mapping mapping = byInside.get(key);
    if (mapping != null && mapping.expired(now, options.idleTimeoutMillis())) {
      remove(mapping);
      mapping = null;
    }
    if (mapping == null) {
      if (byPublicPort.size() >= sweepAt) {
        sweep(now);
      }
      mapping = new Mapping(key, from, allocate(from.getPort(), now));
      byInside.put(key, mapping);
      byPublicPort.put(mapping.publicPort, mapping);
      mappingsCreated++;
    }
    mapping.permit(permission(to), now, options.idleTimeoutMillis());
    return new InetSocketAddress(publicAddress, mapping.publicPort);
  }

  /** The inside socket a datagram from {@code from} to our public port goes to, or null (dropped). */
  InetSocketAddress inbound(InetSocketAddress from, int publicPort, long now) {
    Mapping mapping = byPublicPort.get(publicPort);
    if (mapping != null && mapping.expired(now, options.idleTimeoutMillis())) {
      remove(mapping);
      mapping = null;
    }
    if (mapping == null) {
      unmappedDrops++;
      return null;
    }
    Object permission = permission(from);
    Long last = mapping.permissions.get(permission);
    if (last == null || last + options.idleTimeoutMillis() <= now) {
      filteredDrops++;
      return null;
    }
    mapping.permit(permission, now, options.idleTimeoutMillis());
    return mapping.inside;
  }

  private Object permission(InetSocketAddress remote) {
    return options.filtering() == NatOptions.Filtering.ADDRESS ? remote.getAddress() : remote;
  }

  /** Consistent: the inside port when free, else the next free one. Random: any free port. */
  private int allocate(int insidePort, long now) {
    int span = LAST_PORT - FIRST_PORT + 1;
    int start =
        options.mapping() == NatOptions.Mapping.RANDOM || insidePort < FIRST_PORT
            ? FIRST_PORT + random.nextInt(span)
            : insidePort;
    for (int i = 0; i < span; i++) {
      int port = FIRST_PORT + (start - FIRST_PORT + i) % span;
      Mapping holder = byPublicPort.get(port);
      if (holder != null && holder.expired(now, options.idleTimeoutMillis())) {
        remove(holder);
        holder = null;
      }
      if (holder == null) {
        return port;
      }
    }
    throw new IllegalStateException("every public port of " + this + " is mapped");
  }

  private void remove(Mapping mapping) {
    byInside.remove(mapping.key, mapping);
    byPublicPort.remove(mapping.publicPort, mapping);
    mappingsExpired++;
  }

  private void sweep(long now) {
    byPublicPort.values().removeIf(mapping -> {
      if (!mapping.expired(now, options.idleTimeoutMillis())) {
        return false;
      }
      byInside.remove(mapping.key, mapping);
      mappingsExpired++;
      return true;
    });
    sweepAt = Math.max(SWEEP_THRESHOLD, 2 * byPublicPort.size());
  }

  /** A random NAT's mapping key: one inside socket talking to one remote. */
  private record Flow(InetSocketAddress from, InetSocketAddress to) {}

  private static final class Mapping {
    final Object key;
    final InetSocketAddress inside;
    final int publicPort;
    // Remote (address and port, or address) to the virtual time of its last datagram either way.
    final Map<Object, Long> permissions = new HashMap<>();
    private long lastActive;
    private int sweepAt = SWEEP_THRESHOLD;

    Mapping(Object key, InetSocketAddress inside, int publicPort) {
      this.key = key;
      this.inside = inside;
      this.publicPort = publicPort;
    }

    boolean expired(long now, long timeout) {
      return lastActive + timeout <= now;
    }

    void permit(Object remote, long now, long timeout) {
      if (permissions.size() >= sweepAt) {
        permissions.values().removeIf(last -> last + timeout <= now);
        sweepAt = Math.max(SWEEP_THRESHOLD, 2 * permissions.size());
      }
      permissions.put(remote, now);
      lastActive = now;
    }
  }
}
