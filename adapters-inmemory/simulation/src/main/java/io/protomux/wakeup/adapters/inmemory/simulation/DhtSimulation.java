package io.protomux.wakeup.adapters.inmemory.simulation;

import io.protomux.wakeup.adapters.inmemory.DatagramNetwork;
import io.protomux.wakeup.adapters.inmemory.Nat;
import io.protomux.wakeup.adapters.inmemory.NatOptions;
import io.protomux.wakeup.adapters.inmemory.PathProfile;
import io.protomux.wakeup.adapters.inmemory.VirtualTimeLoop;
import io.protomux.wakeup.domain.dht.DhtNode;
import io.protomux.wakeup.domain.dht.DhtNodeOptions;
import io.protomux.wakeup.domain.dht.PeerAddress;
import io.protomux.wakeup.domain.hyperdht.HyperDht;
import io.protomux.wakeup.domain.hyperdht.HyperDhtOptions;
import io.protomux.wakeup.domain.hyperswarm.HyperDhtSwarm;
import io.protomux.wakeup.domain.hyperswarm.Hyperswarm;
import io.protomux.wakeup.domain.hyperswarm.HyperswarmOptions;
import io.protomux.wakeup.domain.udx.Udx;
import io.protomux.wakeup.ports.crypto.Crypto;
import io.protomux.wakeup.ports.crypto.KeyPair;
import io.protomux.wakeup.ports.datagram.DatagramTransport;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Random;
import java.util.function.BooleanSupplier;
import java.util.function.LongFunction;

/**
 * A deterministic simulation of a whole HyperDHT network: bootstrap nodes, public nodes and nodes
 * behind consistent or random NATs, each the real {@link DhtNode} and {@link HyperDht} on UDX over a
 * {@link DatagramNetwork}, all on one {@link VirtualTimeLoop}.
 *
 * <pre>{@code
 * DhtSimulation sim = DhtSimulation.builder(seed)
 *     .crypto(nodeSeed -> new BouncyCastleCrypto(RandomSources.seeded(nodeSeed)))
 *     .path(PathProfile.PERFECT.withLatency(10, 40).withLoss(0.01))
 *     .build();
 * sim.addBootstrapNodes(3);
 * for (int i = 0; i < 100; i++) {
 *   sim.addNode(i % 3 == 0 ? Placement.PUBLIC : Placement.CONSISTENT_NAT);
 *   sim.runFor(50);
 * }
 * sim.runUntilQuiet(10_000, 600_000);
 * }</pre>
 *
 * <p><b>Addresses.</b> Public hosts get {@code 11.x.y.z} (bootstrap nodes first), NATs {@code
 * 12.x.y.z}; the one host behind each NAT is {@code 192.168.1.2}, so private addresses repeat as
 * they do across home networks. Server sockets bind port {@value #DHT_PORT}, client sockets an
 * ephemeral port.
 *
 * <p><b>Determinism.</b> Key pairs, the seeds of the crypto providers (hence node randomness),
 * NAT ports and the network's loss and jitter all come from the seed, so one seed and one program
 * deliver the same datagrams at the same virtual times: compare {@link #traceDigest()}.
 *
 * <p><b>Time.</b> DHT nodes keep timers, so the loop is never idle: drive it with {@link #runFor},
 * {@link #runUntil} or {@link #runUntilQuiet}. Confined to the thread that built it.
 */
public final class DhtSimulation {
  /** The port every server socket binds (hyperdht's default). */
  public static final int DHT_PORT = 49737;

  private static final String PRIVATE_HOST = "192.168.1.2";

  private final Random random;
  private final VirtualTimeLoop loop = new VirtualTimeLoop();
  private final DatagramNetwork network;
  private final LongFunction<Crypto> cryptoFactory;
  private final NatOptions consistentNat;
  private final NatOptions randomNat;
  private final HyperDhtOptions hyperDhtOptions;
  private final HyperswarmOptions hyperswarmOptions;
  private final DatagramDigest digest = new DatagramDigest();
  private final List<DhtSimNode> nodes = new ArrayList<>();
  private final List<PeerAddress> bootstrap = new ArrayList<>();
  private int publicHosts;
  private int natHosts;
  private int peers;

  private DhtSimulation(Builder builder) {
    this.random = new Random(builder.seed);
    this.cryptoFactory = builder.crypto;
    this.consistentNat = NatOptions.consistent().withIdleTimeout(builder.natIdleTimeoutMillis);
    this.randomNat = NatOptions.random().withIdleTimeout(builder.natIdleTimeoutMillis);
    this.hyperDhtOptions = builder.hyperDhtOptions;
    this.hyperswarmOptions = builder.hyperswarmOptions;
    this.network = new DatagramNetwork(loop, random.nextLong());
    network.defaultPath(builder.path);
    network.addTap(digest);
    loop.setMaxTasksPerRun(Integer.MAX_VALUE);
  }

  /**
   * Starts a simulation.
   *
   * @param seed the one source of every random choice: the same seed, the same run
   */
  public static Builder builder(long seed) {
    return new Builder(seed);
  }

  /** Options of a {@link DhtSimulation}; only {@link #crypto} is required. */
  public static final class Builder {
    private final long seed;
    private LongFunction<Crypto> crypto;
    private PathProfile path = PathProfile.PERFECT.withLatency(10, 20);
    private long natIdleTimeoutMillis = NatOptions.DEFAULT_IDLE_TIMEOUT_MILLIS;
    private HyperDhtOptions hyperDhtOptions = HyperDhtOptions.DEFAULTS;
    private HyperswarmOptions hyperswarmOptions = HyperswarmOptions.DEFAULTS;

    private Builder(long seed) {
      this.seed = seed;
    }

    /**
     * The crypto provider of each node, called once per node with a seed drawn from the
     * simulation's: return one whose randomness comes from that seed.
     */
    public Builder crypto(LongFunction<Crypto> factory) {
      this.crypto = Objects.requireNonNull(factory, "factory");
      return this;
    }

    /** How every datagram travels, each way (default 10 ms plus up to 20 ms of jitter). */
    public Builder path(PathProfile path) {
      this.path = Objects.requireNonNull(path, "path");
      return this;
    }

    /** Every NAT's idle timeout (default Linux's 30 s). */
    public Builder natIdleTimeout(long millis) {
      NatOptions.consistent().withIdleTimeout(millis); // checks it
      this.natIdleTimeoutMillis = millis;
      return this;
    }

    /** Every node's HyperDHT options (default {@link HyperDhtOptions#DEFAULTS}). */
    public Builder hyperDhtOptions(HyperDhtOptions options) {
      this.hyperDhtOptions = Objects.requireNonNull(options, "options");
      return this;
    }

    /** Every peer's Hyperswarm options (default {@link HyperswarmOptions#DEFAULTS}). */
    public Builder hyperswarmOptions(HyperswarmOptions options) {
      this.hyperswarmOptions = Objects.requireNonNull(options, "options");
      return this;
    }

    /**
     * The simulation, at virtual time 0, with no node.
     *
     * @throws IllegalStateException if no crypto factory was given
     */
    public DhtSimulation build() {
      if (crypto == null) {
        throw new IllegalStateException("a crypto factory is required: builder.crypto(seed -> ...)");
      }
      return new DhtSimulation(this);
    }
  }

  /**
   * Adds {@code count} bootstrap nodes on public hosts and starts them together: each is told
   * {@code ephemeral: false, firewalled: false} with the others as its bootstrap list, so with two
   * or more they sample and check each other and become persistent; a lone one has nobody to
   * tell it its address and stays ephemeral (as the first node of hyperdht's testnet). Nodes
   * added later bootstrap through all of them.
   *
   * @throws IllegalStateException if nodes were added already
   */
  public List<DhtSimNode> addBootstrapNodes(int count) {
    if (!nodes.isEmpty()) {
      throw new IllegalStateException("bootstrap nodes come first");
    }
    if (count < 1) {
      throw new IllegalArgumentException("count must be positive: " + count);
    }
    List<String> hosts = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      String host = nextPublicHost();
      hosts.add(host);
      bootstrap.add(new PeerAddress(host, DHT_PORT));
    }
    List<DhtSimNode> added = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      List<PeerAddress> others = new ArrayList<>(bootstrap);
      others.remove(i);
      DhtNodeOptions options =
          DhtNodeOptions.DEFAULTS.withBootstrap(others).withEphemeral(false).withFirewalled(false);
      added.add(create("b" + i, DhtSimNode.Placement.BOOTSTRAP, network.host(hosts.get(i)),
          hosts.get(i), options, null, false));
    }
    added.forEach(node -> node.dht().bootstrap());
    return List.copyOf(added);
  }

  /**
   * Adds a node and starts bootstrapping it at once through the bootstrap nodes. A public node is
   * told {@code ephemeral: false} (a Java node that serves no storage stays ephemeral otherwise);
   * a node behind a NAT gets the defaults (adaptive, firewalled), as a home machine would.
   */
  public DhtSimNode addNode(DhtSimNode.Placement placement) {
    Objects.requireNonNull(placement, "placement");
    if (placement == DhtSimNode.Placement.BOOTSTRAP) {
      throw new IllegalArgumentException("bootstrap nodes come from addBootstrapNodes");
    }
    DhtNodeOptions options = DhtNodeOptions.DEFAULTS.withBootstrap(bootstrap);
    if (placement == DhtSimNode.Placement.PUBLIC) {
      options = options.withEphemeral(false);
    }
    DhtSimNode node = place("n" + (nodes.size() - bootstrap.size()), placement, options, false);
    node.dht().bootstrap();
    return node;
  }

  /**
   * Adds a peer: an application node with a {@link Hyperswarm} over its HyperDHT, bootstrapping at
   * once. It never becomes persistent (adaptive, as hyperswarm's default); on a public host it is
   * told {@code firewalled: false}, so that its servers are reachable without waiting for the
   * timing-dependent quick firewall check; behind a NAT nobody can reach it until holepunching
   * exists, so only its own dials connect.
   */
  public DhtSimNode addPeer(DhtSimNode.Placement placement) {
    Objects.requireNonNull(placement, "placement");
    if (placement == DhtSimNode.Placement.BOOTSTRAP) {
      throw new IllegalArgumentException("a peer is no bootstrap node");
    }
    DhtNodeOptions options = DhtNodeOptions.DEFAULTS.withBootstrap(bootstrap);
    if (placement == DhtSimNode.Placement.PUBLIC) {
      options = options.withFirewalled(false);
    }
    DhtSimNode node = place("p" + peers++, placement, options, true);
    node.dht().bootstrap();
    return node;
  }

  private DhtSimNode place(
      String name, DhtSimNode.Placement placement, DhtNodeOptions options, boolean peer) {
    if (placement == DhtSimNode.Placement.PUBLIC) {
      String host = nextPublicHost();
      return create(name, placement, network.host(host), host, options, null, peer);
    }
    Nat nat = network.nat(nextNatHost(),
        placement == DhtSimNode.Placement.CONSISTENT_NAT ? consistentNat : randomNat);
    return create(name, placement, nat.host(PRIVATE_HOST), PRIVATE_HOST, options, nat, peer);
  }

  private DhtSimNode create(String name, DhtSimNode.Placement placement,
      DatagramTransport transport, String host, DhtNodeOptions options, Nat nat, boolean peer) {
    Crypto crypto = Objects.requireNonNull(cryptoFactory.apply(random.nextLong()), "crypto");
    byte[] keySeed = new byte[32];
    random.nextBytes(keySeed);
    KeyPair keyPair = crypto.keyPair(keySeed);
    Udx udx = new Udx(loop, crypto.random());
    DhtNode dht = new DhtNode(loop, crypto, crypto.random(),
        udx.socket(transport.bind(host, DHT_PORT)), udx.socket(transport.bind(host, 0)), options);
    HyperDht hyperDht = new HyperDht(dht, udx, crypto, keyPair, hyperDhtOptions);
    Hyperswarm swarm =
        peer
            ? new Hyperswarm(new HyperDhtSwarm(hyperDht), keyPair, crypto.random(), hyperswarmOptions)
            : null;
    DhtSimNode node =
        new DhtSimNode(name, placement, crypto, keyPair, udx, dht, hyperDht, swarm, nat);
    nodes.add(node);
    return node;
  }

  private String nextPublicHost() {
    return "11." + octets(++publicHosts);
  }

  private String nextNatHost() {
    return "12." + octets(++natHosts);
  }

  private static String octets(int n) {
    return ((n >>> 16) & 0xff) + "." + ((n >>> 8) & 0xff) + "." + (n & 0xff);
  }

  /** Every node, peers included, bootstrap nodes first, in the order added. */
  public List<DhtSimNode> nodes() {
    return List.copyOf(nodes);
  }

  /** The peers (nodes with a swarm), in the order added. */
  public List<DhtSimNode> peers() {
    List<DhtSimNode> found = new ArrayList<>();
    for (DhtSimNode node : nodes) {
      if (node.swarm() != null) {
        found.add(node);
      }
    }
    return found;
  }

  /** The nodes that are persistent now (they have an id and serve the routing tables). */
  public List<DhtSimNode> persistentNodes() {
    List<DhtSimNode> persistent = new ArrayList<>();
    for (DhtSimNode node : nodes) {
      if (!node.dht().ephemeral()) {
        persistent.add(node);
      }
    }
    return persistent;
  }

  /** The bootstrap nodes' addresses, the list every other node bootstraps through. */
  public List<PeerAddress> bootstrapAddresses() {
    return List.copyOf(bootstrap);
  }

  /** Whether every node has bootstrapped. */
  public boolean allBootstrapped() {
    for (DhtSimNode node : nodes) {
      if (!node.bootstrapped()) {
        return false;
      }
    }
    return true;
  }

  /** Runs everything due in the next {@code millis} virtual milliseconds. */
  public void runFor(long millis) {
    loop.runFor(millis);
  }

  /**
   * Runs until {@code condition} holds (checked after every task) or {@code maxMillis} pass.
   *
   * @return whether the condition holds
   */
  public boolean runUntil(BooleanSupplier condition, long maxMillis) {
    return loop.runUntil(condition, maxMillis);
  }

  /**
   * Runs until no datagram has been delivered for {@code quietMillis}, or {@code maxMillis}
   * pass.
   *
   * @return whether the network went quiet
   */
  public boolean runUntilQuiet(long quietMillis, long maxMillis) {
    return loop.runUntil(() -> loop.nowMillis() - Math.max(0, digest.lastAtMillis()) >= quietMillis,
        maxMillis);
  }

  /** The virtual time in milliseconds. */
  public long now() {
    return loop.nowMillis();
  }

  /** The loop everything runs on (its runaway guard is off: DHT timers never stop). */
  public VirtualTimeLoop loop() {
    return loop;
  }

  /** The network, for its counters, its NATs and paths of one's own. */
  public DatagramNetwork network() {
    return network;
  }

  /** How many datagrams were delivered so far. */
  public long datagramsDelivered() {
    return digest.count();
  }

  /**
   * The SHA-256, in hex, of every datagram delivered so far, in order, with its virtual time,
   * source and receiver: equal digests, equal runs.
   */
  public String traceDigest() {
    return digest.hex();
  }
}
