package io.protomux.wakeup.node;

import io.protomux.wakeup.domain.dht.PeerAddress;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;

/**
 * Bootstrap nodes written as {@code host:port}: checked as written, then resolved to the IPv4
 * literal the DHT speaks (its wire format carries IPv4 only). Resolving is the app layer's job: the
 * domain never touches DNS.
 */
public final class BootstrapNodes {
  /**
   * hyperdht's public bootstrap nodes, for a node that should reach the public network (no test
   * uses them: a node built with them talks to the internet).
   */
  public static final List<String> PUBLIC =
      List.of("node1.hyperdht.org:49737", "node2.hyperdht.org:49737", "node3.hyperdht.org:49737");

  private BootstrapNodes() {}

  /**
   * Checks that {@code hostPort} is {@code HOST:PORT} with a port from 1 to 65535.
   *
   * @throws IllegalArgumentException saying what is wrong, quoting the value
   */
  public static void check(String hostPort) {
    split(hostPort);
  }

  /**
   * Resolves {@code HOST:PORT} (a name or an IPv4 literal) to the first IPv4 address of the host.
   * Blocks for DNS when the host is a name.
   *
   * @throws IllegalArgumentException if it is not {@code HOST:PORT} or the host has no IPv4
   *     address
   */
  public static PeerAddress resolve(String hostPort) {
    String[] parts = split(hostPort);
    try {
      for (InetAddress address : InetAddress.getAllByName(parts[0])) {
        if (address instanceof Inet4Address) {
          return new PeerAddress(address.getHostAddress(), Integer.parseInt(parts[1]));
        }
      }
      throw new IllegalArgumentException(
          "bootstrap node \"" + hostPort + "\": " + parts[0] + " has no IPv4 address");
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException(
          "bootstrap node \"" + hostPort + "\": unknown host " + parts[0], e);
    }
  }

  /** {@link #resolve} of each. */
  public static List<PeerAddress> resolveAll(List<String> hostPorts) {
    List<PeerAddress> resolved = new ArrayList<>(hostPorts.size());
    for (String hostPort : hostPorts) {
      resolved.add(resolve(hostPort));
    }
    return List.copyOf(resolved);
  }

  private static String[] split(String hostPort) {
    int colon = hostPort.lastIndexOf(':');
    if (colon <= 0 || colon == hostPort.length() - 1 || hostPort.indexOf(':') != colon) {
      throw new IllegalArgumentException(
          "bootstrap node needs HOST:PORT, got \"" + hostPort + "\"");
    }
    String portText = hostPort.substring(colon + 1);
    int port;
    try {
      port = Integer.parseInt(portText);
    } catch (NumberFormatException e) {
      port = -1;
    }
    if (port < 1 || port > 65535) {
      throw new IllegalArgumentException(
          "bootstrap node needs a port from 1 to 65535, got \"" + hostPort + "\"");
    }
    return new String[] {hostPort.substring(0, colon), portText};
  }
}
