package io.protomux.wakeup.adapters.inmemory;

import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * One address space of a {@link DatagramNetwork}: the public network, or the inside of one {@link
 * Nat}. Hosts of different NATs may share private addresses, as home networks do.
 */
final class Realm {
  private static final int FIRST_EPHEMERAL_PORT = 49152;
  private static final int LAST_PORT = 65535;

  /** The NAT this realm sits behind, or null for the public network. */
  final Nat nat;
  final Map<InetSocketAddress, InMemoryDatagramSocket> bound = new HashMap<>();
  private final Set<InetAddress> hosts = new HashSet<>();
  private final Map<InetAddress, Integer> nextPorts = new HashMap<>();

  Realm(Nat nat) {
    this.nat = nat;
  }

  void addHost(InetAddress host) {
    hosts.add(host);
  }

  boolean hasHost(InetAddress host) {
    return hosts.contains(host);
  }

  int ephemeralPort(InetAddress host) {
    int next = nextPorts.getOrDefault(host, FIRST_EPHEMERAL_PORT);
    for (int tries = 0; tries <= LAST_PORT - FIRST_EPHEMERAL_PORT; tries++) {
      int port = next;
      next = next == LAST_PORT ? FIRST_EPHEMERAL_PORT : next + 1;
      if (!bound.containsKey(new InetSocketAddress(host, port))) {
        nextPorts.put(host, next);
        return port;
      }
    }
    throw new UncheckedIOException(new BindException("no free UDP port on " + host.getHostAddress()));
  }
}
