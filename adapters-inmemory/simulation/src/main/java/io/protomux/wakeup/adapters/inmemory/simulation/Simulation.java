package io.protomux.wakeup.adapters.inmemory.simulation;

import io.protomux.wakeup.adapters.inmemory.InMemoryConnection;
import io.protomux.wakeup.adapters.inmemory.InMemoryNetwork;
import io.protomux.wakeup.adapters.inmemory.InMemoryTransport;
import io.protomux.wakeup.adapters.inmemory.Link;
import io.protomux.wakeup.adapters.inmemory.NetworkOptions;
import io.protomux.wakeup.adapters.inmemory.VirtualTimeLoop;
import io.protomux.wakeup.domain.Key32;
import io.protomux.wakeup.domain.stream.NoiseSecretStream;
import io.protomux.wakeup.domain.stream.StreamOptions;
import io.protomux.wakeup.domain.wakeup.WakeupPeer;
import io.protomux.wakeup.domain.wakeup.WakeupSwarm;
import io.protomux.wakeup.ports.crypto.Crypto;
import io.protomux.wakeup.ports.crypto.KeyPair;
import io.protomux.wakeup.ports.transport.Connection;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.BooleanSupplier;
import java.util.function.LongFunction;
import java.util.stream.Collectors;

/**
 * A deterministic simulation of many wakeup peers, FoundationDB-style: the real stack (Noise
 * handshake, secret stream, Protomux, wakeup swarm) runs unchanged over an {@link InMemoryNetwork};
 * only the network and the clock (a {@link VirtualTimeLoop}) are simulated.
 *
 * <pre>{@code
 * Simulation sim = Simulation.builder(seed)
 *     .crypto(nodeSeed -> new BouncyCastleCrypto(RandomSources.seeded(nodeSeed)))
 *     .latency(Latency.uniform(5, 50))
 *     .build();
 * SimNode a = sim.addNode("a");
 * SimNode b = sim.addNode("b");
 * a.session(capability, handlersA);
 * b.session(capability, handlersB);
 * SimLink link = sim.connect(a, b);
 * sim.runUntilIdle();
 * }</pre>
 *
 * <p><b>Determinism.</b> Every random choice (node key pairs, the seeds handed to the crypto
 * factory, latencies, chunk boundaries) comes from the seed, and every event is a task of the one
 * loop, so the same seed and the same program give the same {@linkplain #trace() trace}, event for
 * event, at the same virtual times: compare {@link #traceDigest()} across runs. The program itself
 * must be deterministic too (no wall clock, no unordered hash iteration).
 *
 * <p><b>Driving time.</b> Nothing happens outside {@link #runUntilIdle()}, {@link #runFor} and
 * {@link #runUntil}. {@code runUntilIdle} returns once no task is left; a swarm's GC timer runs
 * only while some topic is idle (no session, no active peer) and stops once it is collected, so it
 * is fine in most tests; but with {@linkplain StreamOptions#keepAliveMillis() keep-alives} or
 * stream timeouts something is always scheduled, and the loop's runaway guard stops it with an
 * {@link IllegalStateException}: use {@code runFor} or {@code runUntil} then.
 *
 * <p><b>Threads.</b> A simulation is confined to the thread that built it (or that later drives
 * it): call everything, and read swarms and sessions, from there, between runs or in handlers.
 * Handlers run on it, inside the run methods. A task that throws (a failed assertion in a handler,
 * say) stops the run and is rethrown from it.
 */
public final class Simulation {
  /** The port every node listens on. */
  static final int LISTEN_PORT = 4000;

  /** The trace's node name for network events and faults. */
  static final String NET = "net";

  private final Random random;
  private final VirtualTimeLoop loop = new VirtualTimeLoop();
  private final InMemoryNetwork network;
  private final LongFunction<Crypto> cryptoFactory;
  private final Latency latency;
  private final long gcTickMillis;
  private final StreamOptions streamOptions;
  private final Trace trace;
  private final Map<String, SimNode> nodes = new LinkedHashMap<>();
  // Lookup-only maps: never iterated, so their order cannot leak into the run.
  private final Map<Key32, SimNode> nodesByKey = new HashMap<>();
  private final Map<Link, SimLink> linksByWire = new IdentityHashMap<>();
  private final Map<NoiseSecretStream, SimLink> linksByStream = new IdentityHashMap<>();
  private final List<SimLink> links = new ArrayList<>();
  private final List<Partition> partitions = new ArrayList<>();
  private final List<Throwable> handlerFailures = new ArrayList<>();
  // The link Simulation#connect is dialing: the network hands its wire over synchronously.
  private SimLink dialing;

  private Simulation(Builder builder) {
    this.random = new Random(builder.seed);
    this.cryptoFactory = builder.crypto;
    this.latency = builder.latency;
    this.gcTickMillis = builder.gcTickMillis;
    this.streamOptions = builder.streamOptions;
    this.trace = new Trace(loop, builder.keepTrace);
    this.network =
        new InMemoryNetwork(
            loop,
            NetworkOptions.defaults().withSeed(random.nextLong()).withChunking(builder.maxChunk));
    network.onNewLink(this::wireCreated);
  }

  /**
   * Starts a simulation.
   *
   * @param seed the one source of every random choice: the same seed, the same run
   */
  public static Builder builder(long seed) {
    return new Builder(seed);
  }

  /** Options of a {@link Simulation}; only {@link #crypto} is required. */
  public static final class Builder {
    private final long seed;
    private LongFunction<Crypto> crypto;
    private Latency latency = Latency.fixed(1);
    private int maxChunk;
    private long gcTickMillis = WakeupSwarm.DEFAULT_GC_TICK_MILLIS;
    private StreamOptions streamOptions = StreamOptions.DEFAULTS;
    private boolean keepTrace = true;

    private Builder(long seed) {
      this.seed = seed;
    }

    /**
     * The crypto provider of each node, called once per node with a seed drawn from the
     * simulation's: return a provider whose randomness comes from that seed (e.g. {@code s -> new
     * BouncyCastleCrypto(RandomSources.seeded(s))}) so that ephemeral keys replay too.
     */
    public Builder crypto(LongFunction<Crypto> factory) {
      this.crypto = Objects.requireNonNull(factory, "factory");
      return this;
    }

    /** The latency of each new link direction (default: a fixed 1 ms). */
    public Builder latency(Latency latency) {
      this.latency = Objects.requireNonNull(latency, "latency");
      return this;
    }

    /**
     * Re-cuts received bytes into chunks of 1 to {@code maxChunkBytes} at seeded random boundaries,
     * to exercise frame reassembly (default 0: each write arrives whole).
     */
    public Builder chunking(int maxChunkBytes) {
      if (maxChunkBytes < 0) {
        throw new IllegalArgumentException("negative maxChunkBytes: " + maxChunkBytes);
      }
      this.maxChunk = maxChunkBytes;
      return this;
    }

    /** Every swarm's garbage-collection tick (default the reference's 2000 ms). */
    public Builder gcTickMillis(long millis) {
      if (millis <= 0) {
        throw new IllegalArgumentException("gcTickMillis must be positive: " + millis);
      }
      this.gcTickMillis = millis;
      return this;
    }

    /** Every secret stream's options (default {@link StreamOptions#DEFAULTS}: no timers). */
    public Builder streamOptions(StreamOptions options) {
      this.streamOptions = Objects.requireNonNull(options, "options");
      return this;
    }

    /**
     * Whether {@link Simulation#trace()} keeps the events (default true). Without, only the running
     * digest and count are kept: for large simulations, where the trace would dominate memory.
     */
    public Builder keepTrace(boolean keep) {
      this.keepTrace = keep;
      return this;
    }

    /**
     * The simulation, at virtual time 0, with no node.
     *
     * @throws IllegalStateException if no crypto factory was given
     */
    public Simulation build() {
      if (crypto == null) {
        throw new IllegalStateException(
            "a crypto factory is required: builder.crypto(seed -> ...)");
      }
      return new Simulation(this);
    }
  }

  /**
   * Adds a node with its own swarm, key pair and crypto provider, listening for dials.
   *
   * @param name unique, without spaces or colons: it is the node's host name and its name in the
   *     trace
   */
  public SimNode addNode(String name) {
    Objects.requireNonNull(name, "name");
    if (name.isEmpty() || name.equals(NET) || name.chars().anyMatch(c -> c == ':' || c <= ' ')) {
      throw new IllegalArgumentException(
          "node names need no spaces or colons, and not 'net': " + name);
    }
    if (nodes.containsKey(name)) {
      throw new IllegalArgumentException("a node is named " + name + " already");
    }
    Crypto crypto = Objects.requireNonNull(cryptoFactory.apply(random.nextLong()), "crypto");
    byte[] keySeed = new byte[32];
    random.nextBytes(keySeed);
    KeyPair keyPair = crypto.keyPair(keySeed);
    InMemoryTransport transport = network.transport(name);
    WakeupSwarm.Builder swarm = WakeupSwarm.builder(crypto, loop).gcTickMillis(gcTickMillis);
    SimNode node = new SimNode(this, name, crypto, keyPair, transport, swarm);
    transport.listen(name, LISTEN_PORT, connection -> accepted(node, connection));
    nodes.put(name, node);
    nodesByKey.put(node.publicKey(), node);
    record(name, "node", "key=" + Describe.prefix(node.publicKey()));
    return node;
  }

  /** The node of that name, or null. */
  public SimNode node(String name) {
    return nodes.get(name);
  }

  /** Every node, in the order added. */
  public List<SimNode> nodes() {
    return List.copyOf(nodes.values());
  }

  /**
   * Makes {@code initiator} dial {@code responder}: after the link's latency each way the two ends
   * start secret streams with their node's key pair and join their node's swarm, which opens the
   * topics they share. The dial fails (traced {@code connect-failed}) if the two are on opposite
   * sides of a {@linkplain #partition partition}, or if the link is cut before it completes. Two
   * nodes may have several links.
   */
  public SimLink connect(SimNode initiator, SimNode responder) {
    checkMember(initiator);
    checkMember(responder);
    if (initiator == responder) {
      throw new IllegalArgumentException("a node cannot connect to itself: " + initiator);
    }
    SimLink link = new SimLink(this, links.size() + 1, initiator, responder);
    links.add(link);
    initiator.linkAdded(link);
    responder.linkAdded(link);
    record(initiator.name(), "dial", "link=" + link.id() + " to=" + responder.name());
    dialing = link;
    CompletableFuture<Connection> dial;
    try {
      dial = initiator.transport().dial(responder.name(), LISTEN_PORT);
    } finally {
      dialing = null;
    }
    if (separated(initiator, responder)) {
      record(NET, "fault-blocked", link.describe());
      link.wire().drop();
    }
    // Completion runs in a task of its own so that an exception in it reaches the loop instead
    // of vanishing into the future.
    dial.whenComplete(
        (connection, failure) -> loop.execute(() -> dialed(link, connection, failure)));
    return link;
  }

  /** Every link made, closed ones included, in the order made. */
  public List<SimLink> links() {
    return List.copyOf(links);
  }

  /**
   * Cuts {@code side} off from the other nodes for {@code durationMillis}: every link crossing the
   * cut drops now, and dials across it fail until the partition heals. Healing reconnects nothing:
   * call {@link #connect} again for the links you want back.
   */
  public void partition(Set<SimNode> side, long durationMillis) {
    if (durationMillis < 0) {
      throw new IllegalArgumentException("negative duration: " + durationMillis);
    }
    Set<SimNode> members = Collections.newSetFromMap(new IdentityHashMap<>());
    for (SimNode node : side) {
      checkMember(node);
      members.add(node);
    }
    Partition partition = new Partition(members);
    List<SimLink> cut = new ArrayList<>();
    for (SimLink link : links) {
      if (!link.wire().isClosed() && partition.separates(link.initiator(), link.responder())) {
        cut.add(link);
      }
    }
    String sideNames = names(members);
    record(
        NET,
        "fault-partition",
        "side=" + sideNames + " for=" + durationMillis + " cut=" + ids(cut));
    partitions.add(partition);
    for (SimLink link : cut) {
      link.wire().drop();
    }
    loop.schedule(
        durationMillis,
        () -> {
          partitions.remove(partition);
          record(NET, "partition-heal", "side=" + sideNames);
        });
  }

  /**
   * Runs until no task is left. Never returns while something keeps rescheduling itself (see the
   * class comment): the loop's runaway guard then throws {@link IllegalStateException}.
   */
  public void runUntilIdle() {
    loop.runUntilIdle();
  }

  /** Runs everything due in the next {@code millis} virtual milliseconds; the clock ends there. */
  public void runFor(long millis) {
    loop.runFor(millis);
  }

  /**
   * Runs until {@code condition} holds (checked after every task) or {@code maxMillis} of virtual
   * time pass.
   *
   * @return whether the condition holds
   */
  public boolean runUntil(BooleanSupplier condition, long maxMillis) {
    return loop.runUntil(condition, maxMillis);
  }

  /** The virtual time, in milliseconds since the simulation started. */
  public long now() {
    return loop.nowMillis();
  }

  /**
   * The loop everything runs on: to schedule the test's own actions at virtual times, or tune its
   * {@linkplain VirtualTimeLoop#setMaxTasksPerRun runaway guard}.
   */
  public VirtualTimeLoop loop() {
    return loop;
  }

  /**
   * Every event so far, oldest first (a copy).
   *
   * @throws IllegalStateException if built with {@code keepTrace(false)}
   */
  public List<TraceEvent> trace() {
    return trace.events();
  }

  /** How many events were traced so far (kept or not). */
  public long traceSize() {
    return trace.size();
  }

  /**
   * The SHA-256, in hex, of the trace so far in its canonical text form: each event's {@link
   * TraceEvent#toString()} followed by a newline, in UTF-8. Equal digests mean equal traces.
   */
  public String traceDigest() {
    return trace.digestHex();
  }

  /** What session handlers (and wakeup handlers) threw so far; each is also traced. */
  public List<Throwable> handlerFailures() {
    return List.copyOf(handlerFailures);
  }

  // --- for the package ---

  void record(String node, String kind, String detail) {
    trace.record(node, kind, detail);
  }

  void handlerFailed(SimNode node, Throwable failure) {
    handlerFailures.add(failure);
    record(node.name(), "handler-error", Describe.cause(failure));
  }

  /** A peer as the trace shows it: its node (and key prefix) and the link it is on. */
  String describe(WakeupPeer peer) {
    return describe(peer.stream());
  }

  String describe(NoiseSecretStream stream) {
    Key32 key = Key32.of(stream.remotePublicKey());
    SimNode remote = nodesByKey.get(key);
    SimLink link = linksByStream.get(stream);
    return "peer="
        + (remote == null ? "?" : remote.name())
        + "("
        + Describe.prefix(key)
        + ") link="
        + (link == null ? "?" : Integer.toString(link.id()));
  }

  // --- connection set-up ---

  private void wireCreated(Link wire) {
    SimLink link = dialing;
    if (link == null) {
      return; // not one of ours (a test's own use of the network)
    }
    wire.toResponder().setLatencyMillis(latency.sampleMillis(random));
    wire.toInitiator().setLatencyMillis(latency.sampleMillis(random));
    link.attach(wire);
    linksByWire.put(wire, link);
  }

  private void accepted(SimNode node, Connection connection) {
    SimLink link =
        connection instanceof InMemoryConnection end ? linksByWire.get(end.link()) : null;
    if (link == null) {
      connection.close(); // a dial from outside the simulation
      return;
    }
    record(node.name(), "accept", "link=" + link.id() + " from=" + link.other(node).name());
    startStream(node, link, false, connection);
  }

  private void dialed(SimLink link, Connection connection, Throwable failure) {
    SimNode node = link.initiator();
    if (failure != null) {
      Throwable cause = failure instanceof CompletionException ? failure.getCause() : failure;
      link.dialFailed();
      record(
          node.name(),
          "connect-failed",
          "link="
              + link.id()
              + " to="
              + link.responder().name()
              + " cause="
              + Describe.cause(cause));
      return;
    }
    startStream(node, link, true, connection);
  }

  private void startStream(SimNode node, SimLink link, boolean initiator, Connection connection) {
    NoiseSecretStream stream =
        new NoiseSecretStream(
            node.crypto(), initiator, node.keyPair(), connection, streamOptions, message -> {});
    linksByStream.put(stream, link);
    link.streamCreated(initiator, stream);
    String with = "link=" + link.id() + " with=" + link.other(node).name();
    // Registered before the swarm's own listener, so "open" precedes what the swarm does then.
    stream.whenOpen(() -> record(node.name(), "open", with));
    stream.whenClosed(
        cause -> record(node.name(), "close", with + " cause=" + Describe.cause(cause)));
    node.swarm().addStream(stream);
    stream.start();
  }

  private boolean separated(SimNode a, SimNode b) {
    for (Partition partition : partitions) {
      if (partition.separates(a, b)) {
        return true;
      }
    }
    return false;
  }

  private void checkMember(SimNode node) {
    Objects.requireNonNull(node, "node");
    if (nodes.get(node.name()) != node) {
      throw new IllegalArgumentException(node + " is not a node of this simulation");
    }
  }

  /** Names in the order the nodes were added, whatever the set's own order. */
  private String names(Set<SimNode> members) {
    return nodes.values().stream()
        .filter(members::contains)
        .map(SimNode::name)
        .collect(Collectors.joining(",", "[", "]"));
  }

  private static String ids(List<SimLink> cut) {
    return cut.stream()
        .map(link -> Integer.toString(link.id()))
        .collect(Collectors.joining(",", "[", "]"));
  }
}
