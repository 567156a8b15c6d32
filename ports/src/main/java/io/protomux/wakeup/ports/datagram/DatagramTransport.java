package io.protomux.wakeup.ports.datagram;

/** Binds UDP sockets. */
public interface DatagramTransport {
  /**
   * Binds a socket: an IPv4 or IPv6 address, or {@code "::"} for both where the system allows.
   *
   * @param port 0 for any free port
   * @throws java.io.UncheckedIOException if the address cannot be bound
   */
  DatagramSocket bind(String host, int port);
}
