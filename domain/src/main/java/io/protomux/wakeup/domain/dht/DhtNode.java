package io.protomux.wakeup.domain.dht;

import io.protomux.wakeup.domain.udx.UdxSocket;
import io.protomux.wakeup.ports.crypto.Blake2b;
import io.protomux.wakeup.ports.crypto.RandomSource;
import io.protomux.wakeup.ports.loop.Cancellable;
import io.protomux.wakeup.ports.loop.EventLoop;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;

/**
 * A dht-rpc 6.27.0 node (the reference's {@code DHT} class), sans-IO: bootstrapping, the NAT
 * sampler and firewall detection, the routing table fed by nodes that present valid ids, the
 * internal commands, requests and iterative queries. Application commands (hyperdht's) go to the
 * {@link RequestHandler}.
 *
 * <p>It keeps its table as the reference does (ping rounds every 8 ticks, refreshes, full rows
 * settled by ping-and-swap, DOWN_HINTs acted on) and becomes persistent as the reference does:
 * right after bootstrapping with {@code ephemeral: false}, after 20 minutes of stable running
 * when adaptive, at once as a {@linkplain DhtNodeOptions#bootstrapper bootstrapper}. It never
 * sends an id while ephemeral. Confined to its loop; its clock is the loop's.
 */
public final class DhtNode {
  /** Handles application (non-internal) commands. */
  @FunctionalInterface
  public interface RequestHandler {
    /** Answers or relays the request; returns false if it is not a command it knows. */
    boolean onRequest(IncomingRequest request);
  }

  /** Told of every node that enters ({@code added}) or leaves the routing table. */
  @FunctionalInterface
  public interface TableListener {
    /** A node entered or left. */
    void onChange(boolean added, DhtPeer node);
  }

  private static final long TICK_MILLIS = 5000;
  private static final long SLEEPING_MILLIS = 3 * TICK_MILLIS;
  private static final int STABLE_TICKS = 240;
  private static final int MORE_STABLE_TICKS = 3 * STABLE_TICKS;
  private static final int REFRESH_TICKS = 60;

  private final EventLoop loop;
  private final Blake2b blake2b;
  private final RandomSource random;
  private final DhtNodeOptions options;
  private final DhtIo io;
  private final List<Consumer<DhtNode>> readyListeners = new ArrayList<>();
  private final List<Runnable> persistentListeners = new ArrayList<>();
  private final List<Runnable> ephemeralListeners = new ArrayList<>();
  private final InternalCommands internalCommands;
  private final NodeTable nodes;
  private final NodeChecks checks;
  private final NodeIntake intake;
  private final boolean adaptive;
  private NatSampler nat = new NatSampler();
  private RequestHandler requestHandler = request -> false;
  private boolean firewalled;
  private boolean ephemeral = true;
  private boolean bootstrapped;
  private boolean destroyed;
  private int tick;
  private int downHintsThisTick;
  private int stableTicks;
  private int refreshTicks;
  private long lastTickAt;
  private String lastHost;
  private Cancellable tickTimer;

  /**
   * A node on two bound UDX sockets; call {@link #bootstrap()} to join the network.
   *
   * @param serverSocket the socket others should reach (hyperdht binds it to 49737..49741 first)
   * @param clientSocket any port
   */
  public DhtNode(
      EventLoop loop,
      Blake2b blake2b,
      RandomSource random,
      UdxSocket serverSocket,
      UdxSocket clientSocket,
      DhtNodeOptions options) {
    this.loop = loop;
    this.blake2b = blake2b;
    this.random = random;
    this.options = options;
    this.firewalled = options.firewalled();
    this.adaptive = options.ephemeral() == null;
    this.nodes = new NodeTable(random.bytes(32));
    this.io =
        new DhtIo(loop, blake2b, random, serverSocket, clientSocket,
            options.io().withFirewalled(options.firewalled()), new IoHandler());
    io.setCloserNodes(this::closerNodes);
    this.checks = new NodeChecks(io, nodes, () -> tick, this::addFromSwap);
    this.intake = new NodeIntake(nodes, checks, () -> tick, () -> nat, options.filterNode(),
        options.bootstrap().size(), () -> bootstrapped, () -> destroyed);
    this.internalCommands =
        new InternalCommands(loop, options.maxPingDelay(), options.maxDelayedPings(),
            () -> destroyed, this::onDownHint);
    // The reference's randomOffset(n), n/2+1..n, so that the network's ticks do not line up;
    // the tick is never 0, which would read as "never sampled".
    this.tick = randomOffset(100);
    this.refreshTicks = randomOffset(REFRESH_TICKS);
    this.stableTicks = adaptive ? STABLE_TICKS : 0;
    if (options.publicAddress() != null) {
      nat.add(options.publicAddress().host(), options.publicAddress().port());
    }
    lastTickAt = loop.nowMillis();
    tickTimer = loop.schedule(TICK_MILLIS, this::onTick);
  }

  private int randomOffset(int n) {
    return n - ((random.bytes(1)[0] & 0xff) * (n / 2) >> 8);
  }

  /** The loop the node runs on. */
  public EventLoop eventLoop() {
    return loop;
  }

  /** The request layer. */
  public DhtIo io() {
    return io;
  }

  /** The routing table. */
  public RoutingTable table() {
    return nodes.table();
  }

  /** Adds a listener of routing-table changes (dht-rpc's {@code add-node}, {@code remove-node}). */
  public void onTableChange(TableListener listener) {
    nodes.addListener(listener::onChange);
  }

  /** Runs {@code listener} each time the node becomes persistent (hyperdht starts storing). */
  public void onPersistent(Runnable listener) {
    persistentListeners.add(listener);
  }

  /** Runs {@code listener} each time a persistent node goes back to ephemeral (after a sleep). */
  public void onEphemeral(Runnable listener) {
    ephemeralListeners.add(listener);
  }

  /** The current 5 s tick count (dht-rpc's {@code _tick}). */
  int tick() {
    return tick;
  }

  NodeChecks checks() {
    return checks;
  }

  NodeTable nodes() {
    return nodes;
  }

  /** The bootstrap nodes. */
  public List<PeerAddress> bootstrapNodes() {
    return options.bootstrap();
  }

  /** Default query concurrency. */
  public int concurrency() {
    return options.concurrency();
  }

  /** Whether the server socket is not known to be reachable. */
  public boolean firewalled() {
    return firewalled;
  }

  /** Whether this node is ephemeral (sends no id, stores nothing). */
  public boolean ephemeral() {
    return ephemeral;
  }

  /** Whether the first bootstrap (and any network check) has finished. */
  public boolean bootstrapped() {
    return bootstrapped;
  }

  /** The NAT sampler's view of this node's public address. */
  public NatSampler nat() {
    return nat;
  }

  /** The node's id when persistent, else null. */
  public byte[] id() {
    return ephemeral ? null : nodes.table().id();
  }

  /** Whether the NAT maps ports at random (host known, port not). */
  public boolean randomized() {
    return nat.randomized();
  }

  /**
   * The address others can reach this node's server socket at, or null: known only when not
   * firewalled and the sampled public port equals the server socket's own port.
   */
  public PeerAddress remoteAddress() {
    if (nat.host() == null || nat.port() == 0 || firewalled) {
      return null;
    }
    int port = io.serverSocket().localAddress().getPort();
    return port == nat.port() ? new PeerAddress(nat.host(), port) : null;
  }

  /** Installs the handler of application commands. */
  public void setRequestHandler(RequestHandler handler) {
    this.requestHandler = handler;
  }

  /** The id of a node at {@code address}: the hash of its encoding. */
  public byte[] nodeId(PeerAddress address) {
    return NodeId.of(address, blake2b);
  }

  boolean acceptsNode(PeerAddress address) {
    return options.filterNode().test(address);
  }

  /** Runs {@code listener} once bootstrapped (at once if it is). */
  public void whenBootstrapped(Consumer<DhtNode> listener) {
    if (bootstrapped) {
      listener.accept(this);
    } else {
      readyListeners.add(listener);
    }
  }

  /**
   * Joins the network: a FIND_NODE query for our own id, the quick firewall test on its first
   * reply, the network check and a second query when either says so (dht-rpc's {@code _bootstrap}).
   */
  public void bootstrap() {
    new Bootstrap(this, options).start();
  }

  void markBootstrapped() {
    if (bootstrapped) {
      return;
    }
    bootstrapped = true;
    List<Consumer<DhtNode>> listeners = List.copyOf(readyListeners);
    readyListeners.clear();
    for (Consumer<DhtNode> listener : listeners) {
      listener.accept(this);
    }
  }

  /** A background FIND_NODE for a random table node's id, or our own (dht-rpc's {@code refresh}). */
  public void refresh() {
    checkOpen();
    int size = nodes.table().size();
    DhtPeer node = size == 0 ? null : nodes.table().nth(randomIndex(size));
    backgroundQuery(node != null ? node.rawId() : nodes.table().id(), reply -> {});
  }

  private int randomIndex(int bound) {
    byte[] b = random.bytes(4);
    int bits = (b[0] & 0xff) << 24 | (b[1] & 0xff) << 16 | (b[2] & 0xff) << 8 | (b[3] & 0xff);
    return (int) ((bits & 0xffffffffL) % bound);
  }

  Query backgroundQuery(byte[] target, Consumer<Reply> onReply) {
    refreshTicks = REFRESH_TICKS;
    int background = Math.min(options.concurrency(), Math.max(2, options.concurrency() / 8));
    Query[] holder = new Query[1];
    Query query =
        new Query(
            this,
            target,
            true,
            Commands.FIND_NODE,
            null,
            QueryOptions.DEFAULTS.withConcurrency(background),
            reply -> {
              holder[0].setConcurrency(io.inflightCount() < 3 ? options.concurrency() : background);
              onReply.accept(reply);
            });
    holder[0] = query;
    query.start();
    return query;
  }

  /**
   * dht-rpc's {@code _updateNetworkState}: checks that the server socket is reachable under its
   * own port and, unless {@code onlyFirewall}, makes the node persistent with the id of its
   * public address. Reports whether anything changed.
   */
  void updateNetworkState(boolean onlyFirewall, Consumer<Boolean> done) {
    if (!ephemeral || (onlyFirewall && !firewalled)) {
      done.accept(false);
      return;
    }
    String host = nat.host();
    int port = nat.port();
    if (!onlyFirewall) {
      // Remember which network was checked, and wait long before checking again.
      stableTicks = MORE_STABLE_TICKS;
      lastHost = host;
    }
    if (host == null || port == 0) {
      done.accept(false);
      return;
    }
    NatSampler sampler = firewalled ? new NatSampler() : nat;
    Consumer<Boolean> afterCheck =
        stillFirewalled -> {
          if (destroyed || stillFirewalled) {
            done.accept(false);
            return;
          }
          firewalled = false;
          io.setFirewalled(false);
          if (!ephemeral || !host.equals(nat.host()) || port != nat.port()) {
            done.accept(false);
            return;
          }
          if (!host.equals(sampler.host()) || sampler.port() == 0) {
            done.accept(false);
            return;
          }
          // As the reference: the check's sampler and the table keyed by the public address
          // are adopted even when only the firewall was checked (the node stays ephemeral).
          becomePersistent(sampler, !onlyFirewall);
          done.accept(true);
        };
    if (firewalled) {
      checkIfFirewalled(sampler, afterCheck);
    } else {
      afterCheck.accept(false);
    }
  }

  private void becomePersistent(NatSampler sampler, boolean persistent) {
    byte[] id = NodeId.of(new PeerAddress(sampler.host(), sampler.port()), blake2b);
    if (persistent) {
      ephemeral = false;
      io.setEphemeral(false, id);
    }
    if (sampler != nat) {
      intake.resetSamples();
      nat = sampler;
    }
    if (!nodes.table().isOwnId(id)) {
      nodes.rekey(id);
      // The table is organised around another id now: look for the nodes near it.
      if (bootstrapped) {
        refresh();
      }
    }
    if (persistent) {
      for (Runnable listener : List.copyOf(persistentListeners)) {
        listener.run();
      }
    }
  }

  private void checkIfFirewalled(NatSampler sampler, Consumer<Boolean> done) {
    List<PeerAddress> asked = new ArrayList<>();
    for (DhtPeer node : nodes.latest(5)) {
      asked.add(node.address());
    }
    if (asked.size() < 5) {
      asked.addAll(options.bootstrap());
    }
    FirewallCheck.run(io, asked, sampler, nat.host(), serverPortValue(), done);
  }

  byte[] serverPortValue() {
    int port = io.serverSocket().localAddress().getPort();
    return new byte[] {(byte) port, (byte) (port >>> 8)};
  }

  /**
   * An iterative query running an application command at every node visited, already started.
   *
   * @param onReply gets every successful reply
   */
  public Query query(
      byte[] target, long command, byte[] value, QueryOptions options, Consumer<Reply> onReply) {
    checkOpen();
    Query query = new Query(this, target, false, command, value, options, onReply);
    query.start();
    return query;
  }

  /** A FIND_NODE query for {@code target}, already started. */
  public Query findNode(byte[] target, QueryOptions options, Consumer<Reply> onReply) {
    checkOpen();
    Query query = new Query(this, target, true, Commands.FIND_NODE, null, options, onReply);
    query.start();
    return query;
  }

  /** A single application request, not sent yet (call {@code send()}). */
  public OutgoingRequest request(
      PeerAddress to, byte[] token, long command, byte[] target, byte[] value) {
    checkOpen();
    return io.createRequest(to, null, token, false, command, target, value);
  }

  /** An internal PING, not sent yet. */
  public OutgoingRequest ping(PeerAddress to) {
    checkOpen();
    return io.createRequest(to, null, null, true, Commands.PING, null, null);
  }

  void sendDownHint(PeerAddress node, PeerAddress down) {
    if (!options.sendDownHints() || destroyed
        || (options.downHintsRateLimit() != -1
            && downHintsThisTick >= options.downHintsRateLimit())) {
      return;
    }
    downHintsThisTick++;
    io.createRequest(node, null, null, true, Commands.DOWN_HINT, null, down.encode()).send();
  }

  private List<PeerAddress> closerNodes(byte[] target) {
    return nodes.table().closestAddresses(target, Messages.K);
  }

  boolean destroyed() {
    return destroyed;
  }

  private void checkOpen() {
    if (destroyed) {
      throw new IllegalStateException("DHT node destroyed");
    }
  }

  /** Stops the timers and fails every request in flight; the sockets stay with their owner. */
  public void destroy() {
    if (destroyed) {
      return;
    }
    destroyed = true;
    tickTimer.cancel();
    io.destroy();
  }

  private void onTick() {
    if (destroyed) {
      return;
    }
    tickTimer = loop.schedule(TICK_MILLIS, this::onTick);
    long now = loop.nowMillis();
    if (now - lastTickAt > SLEEPING_MILLIS) {
      onWakeup();
    } else {
      tick++;
    }
    lastTickAt = now;
    if (!bootstrapped) {
      return;
    }
    if (adaptive && ephemeral && --stableTicks <= 0) {
      if (lastHost != null && lastHost.equals(nat.host())) {
        // This network was checked already.
        stableTicks = MORE_STABLE_TICKS;
      } else {
        updateNetworkState(false, changed -> {});
      }
    }
    if ((tick & 7) == 0 && !checks.pingSome()) {
      refresh();
    }
    if (((tick & 63) == 0 && nodes.size() < Messages.K) || --refreshTicks <= 0) {
      refresh();
    }
    downHintsThisTick = 0;
  }

  /**
   * More than 15 s between ticks: the machine slept. Every node now looks old (pings follow in
   * two ticks), a refresh comes next tick, the network is to be checked again, and an adaptive
   * persistent node goes back to ephemeral, as its address may have changed.
   */
  private void onWakeup() {
    tick += 2 * NodeChecks.OLD_NODE_TICKS;
    tick += 8 - (tick & 7) - 2;
    stableTicks = MORE_STABLE_TICKS;
    refreshTicks = 1;
    lastHost = null;
    if (adaptive && !ephemeral) {
      ephemeral = true;
      io.setEphemeral(true, null);
      for (Runnable listener : List.copyOf(ephemeralListeners)) {
        listener.run();
      }
    }
  }

  private void onDownHint(byte[] value) {
    checks.onDownHint(
        NodeId.of(PeerAddress.decode(Arrays.copyOf(value, PeerAddress.ENCODED_LENGTH)), blake2b));
  }

  private void addFromSwap(DhtPeer node) {
    intake.add(node);
  }

  private void onRequest(IncomingRequest request, boolean external) {
    if (request.fromId() != null) {
      intake.fromNetwork(!external, request.from(), request.fromId(), request.to());
    }
    if (request.internal()) {
      internalCommands.answer(request);
      return;
    }
    if (!requestHandler.onRequest(request)) {
      request.error(Commands.UNKNOWN_COMMAND, false, request.target() != null);
    }
  }

  @Override
  public String toString() {
    return "DhtNode[" + (ephemeral ? "ephemeral" : "persistent")
        + (firewalled ? ", firewalled" : "") + ", nat=" + nat + ", table=" + nodes.size() + "]";
  }

  private final class IoHandler implements DhtIo.Handler {
    @Override
    public void onRequest(IncomingRequest request, boolean external) {
      DhtNode.this.onRequest(request, external);
    }

    @Override
    public void onResponse(Reply reply, boolean external) {
      intake.fromNetwork(!external, reply.from(), reply.fromId(), reply.to());
    }

    @Override
    public void onTimeout(OutgoingRequest request) {
      if (request.toId == null) {
        return;
      }
      DhtPeer node = nodes.get(request.toId);
      if (node != null) {
        nodes.remove(node);
      }
    }
  }
}
