package io.protomux.wakeup.adapters.inmemory.simulation;

import io.protomux.wakeup.adapters.inmemory.Nat;
import io.protomux.wakeup.domain.dht.DhtNode;
import io.protomux.wakeup.domain.dht.PeerAddress;
import io.protomux.wakeup.domain.hyperdht.HyperDht;
import io.protomux.wakeup.domain.hyperswarm.Hyperswarm;
import io.protomux.wakeup.domain.udx.Udx;
import io.protomux.wakeup.ports.crypto.Crypto;
import io.protomux.wakeup.ports.crypto.KeyPair;
import java.net.InetSocketAddress;

/**
 * One node of a {@link DhtSimulation}: a {@link HyperDht} over a {@link DhtNode} on two UDX sockets
 * of its own {@link Udx}, on a public host or behind a NAT of its own. Made by {@link
 * DhtSimulation#addNode} and {@link DhtSimulation#addBootstrapNodes}; use it on the thread driving
 * the simulation.
 */
public final class DhtSimNode {
  /** Where a node sits on the network. */
  public enum Placement {
    /** A bootstrap node: a public host, persistent and unfirewalled from its first query. */
    BOOTSTRAP,
    /** A public host; told {@code ephemeral: false}, it becomes persistent once it has checked. */
    PUBLIC,
    /** Behind a NAT of its own with consistent (endpoint-independent) mapping. */
    CONSISTENT_NAT,
    /** Behind a NAT of its own with a random port per destination. */
    RANDOM_NAT;

    /** Whether the node has a NAT in front of it. */
    public boolean natted() {
      return this == CONSISTENT_NAT || this == RANDOM_NAT;
    }
  }

  private final String name;
  private final Placement placement;
  private final Crypto crypto;
  private final KeyPair keyPair;
  private final Udx udx;
  private final DhtNode dht;
  private final HyperDht hyperDht;
  private final Hyperswarm swarm;
  private final Nat nat;
  private final long startedAt;
  private long bootstrappedAt = -1;

  DhtSimNode(String name, Placement placement, Crypto crypto, KeyPair keyPair, Udx udx,
      DhtNode dht, HyperDht hyperDht, Hyperswarm swarm, Nat nat) {
    this.name = name;
    this.placement = placement;
    this.crypto = crypto;
    this.keyPair = keyPair;
    this.udx = udx;
    this.dht = dht;
    this.hyperDht = hyperDht;
    this.swarm = swarm;
    this.nat = nat;
    this.startedAt = dht.eventLoop().nowMillis();
    dht.whenBootstrapped(node -> bootstrappedAt = node.eventLoop().nowMillis());
  }

  /**
   * Its name, numbered in the order added: {@code b<i>} for bootstrap nodes, {@code p<i>} for
   * peers, {@code n<i>} for the others.
   */
  public String name() {
    return name;
  }

  /** Where it sits. */
  public Placement placement() {
    return placement;
  }

  /** The dht-rpc node. */
  public DhtNode dht() {
    return dht;
  }

  /** The HyperDHT node above it. */
  public HyperDht hyperDht() {
    return hyperDht;
  }

  /** A peer's Hyperswarm over its HyperDHT; null for a plain DHT node. */
  public Hyperswarm swarm() {
    return swarm;
  }

  /** Its UDX instance (both sockets and every stream). */
  public Udx udx() {
    return udx;
  }

  /** Its crypto provider, seeded from the simulation's seed. */
  public Crypto crypto() {
    return crypto;
  }

  /** The key pair its HyperDHT servers listen under and its clients connect with. */
  public KeyPair keyPair() {
    return keyPair;
  }

  /** The NAT in front of it, or null on a public host. */
  public Nat nat() {
    return nat;
  }

  /** The server socket's own address: private behind a NAT. */
  public InetSocketAddress serverSocketAddress() {
    return dht.io().serverSocket().localAddress();
  }

  /** The address the rest of the network reaches its server socket at; null behind a NAT. */
  public PeerAddress publicServerAddress() {
    if (nat != null) {
      return null;
    }
    InetSocketAddress local = serverSocketAddress();
    return new PeerAddress(local.getAddress().getHostAddress(), local.getPort());
  }

  /** The public host it is seen from: its own, or its NAT's. */
  public String publicHost() {
    return nat != null
        ? nat.publicAddress().getHostAddress()
        : serverSocketAddress().getAddress().getHostAddress();
  }

  /** Whether the DHT node has bootstrapped. */
  public boolean bootstrapped() {
    return dht.bootstrapped();
  }

  /** How long bootstrapping took in virtual milliseconds, or -1 while it runs. */
  public long bootstrapMillis() {
    return bootstrappedAt < 0 ? -1 : bootstrappedAt - startedAt;
  }

  @Override
  public String toString() {
    return name + "[" + placement + " " + publicHost() + " " + dht + "]";
  }
}
