package io.protomux.wakeup.node;

import io.protomux.wakeup.domain.dht.DhtNodeOptions;
import io.protomux.wakeup.domain.hyperdht.HyperDhtOptions;
import io.protomux.wakeup.domain.hyperswarm.HyperswarmOptions;
import io.protomux.wakeup.ports.datagram.DatagramTransport;
import java.util.List;

/**
 * What the builder says about the node's DHT, resolved.
 *
 * @param bootstrap the bootstrap nodes as written ({@code host:port}), resolved at build time
 * @param host the address the UDP sockets bind to
 * @param port the server socket's port; {@link #HYPERDHT_PORTS} for hyperdht's 49737..49741 (the
 *     first free one, else any)
 * @param datagrams the UDP sockets' transport, or null for NIO on the node's first loop
 * @param joinSessionTopics whether every session also joins its topic on the DHT
 */
record DhtSettings(
    List<String> bootstrap,
    String host,
    int port,
    DhtNodeOptions dhtNodeOptions,
    HyperDhtOptions hyperDhtOptions,
    HyperswarmOptions hyperswarmOptions,
    DatagramTransport datagrams,
    boolean joinSessionTopics) {
  /** {@link #port()} meaning hyperdht's own choice. */
  static final int HYPERDHT_PORTS = -1;

  /** The first of the ports hyperdht tries for its server socket. */
  static final int FIRST_HYPERDHT_PORT = 49737;

  /** How many it tries before taking any free port. */
  static final int HYPERDHT_PORT_COUNT = 5;

  DhtSettings {
    bootstrap = List.copyOf(bootstrap);
  }

  /** Whether the node has a DHT at all: only with bootstrap nodes. */
  boolean enabled() {
    return !bootstrap.isEmpty();
  }
}
