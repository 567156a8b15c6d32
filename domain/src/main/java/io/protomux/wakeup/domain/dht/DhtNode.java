package io.protomux.wakeup.domain.dht;

import io.protomux.wakeup.domain.udx.UdxSocket;
import io.protomux.wakeup.ports.crypto.Blake2b;
import io.protomux.wakeup.ports.crypto.RandomSource;
import io.protomux.wakeup.ports.loop.Cancellable;
import io.protomux.wakeup.ports.loop.EventLoop;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.function.Consumer;

/**
 * A dht-rpc 6.27.0 node (the reference's {@code DHT} class), sans-IO: bootstrapping, the NAT
 * sampler and firewall detection, the routing table fed by nodes that present valid ids, the
 * internal commands, requests and iterative queries. Application commands (hyperdht's) go to the
 * {@link RequestHandler}.
 *
 * <p>This node does not serve storage yet, so it stays ephemeral unless told {@code ephemeral:
 * false} (then it follows the reference: persistent right after bootstrapping if the network
 * check passes). It never sends an id while ephemeral. Confined to its loop.
 */
public final class DhtNode {
  /** Handles application (non-internal) commands. */
  @FunctionalInterface
  public interface RequestHandler {
    /** Answers or relays the request; returns false if it is not a command it knows. */
    boolean onRequest(IncomingRequest request);
  }

  private static final long TICK_MILLIS = 5000;
  private static final int OLD_NODE_TICKS = 360;
  private static final int DOWN_HINTS_PER_TICK = 50;
  private static final int RECENT_NODES = 64;

  private final EventLoop loop;
  private final Blake2b blake2b;
  private final RandomSource random;
  private final DhtNodeOptions options;
  private final DhtIo io;
  private final List<Consumer<DhtNode>> readyListeners = new ArrayList<>();
  private final List<String> nonPersistentSamples = new ArrayList<>();
  // Most recently heard-from nodes last: what the firewall check asks (dht-rpc's time-ordered set).
  private final InternalCommands internalCommands;
  private final LinkedHashMap<PeerAddress, DhtPeer> recent = new LinkedHashMap<>(16, 0.75f, true);
  private RoutingTable table;
  private NatSampler nat = new NatSampler();
  private RequestHandler requestHandler = request -> false;
  private boolean firewalled;
  private boolean ephemeral = true;
  private boolean bootstrapped;
  private boolean destroyed;
  private int tick;
  private int downHintsThisTick;
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
    this.table = new RoutingTable(random.bytes(32), Messages.K);
    this.io =
        new DhtIo(loop, blake2b, random, serverSocket, clientSocket,
            options.io().withFirewalled(options.firewalled()), new IoHandler());
    io.setCloserNodes(this::closerNodes);
    this.internalCommands =
        new InternalCommands(loop, options.maxPingDelay(), options.maxDelayedPings(), () -> destroyed);
    // The reference's randomOffset(100), 51..100: never 0, which would read as "never sampled".
    this.tick = 100 - ((random.bytes(1)[0] & 0xff) * 50 >> 8);
    tickTimer = loop.schedule(TICK_MILLIS, this::onTick);
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
    return table;
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
    return ephemeral ? null : table.id();
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
    boolean forcePersistent = Boolean.FALSE.equals(options.ephemeral());
    boolean[] first = {firewalled && options.quickFirewall() && !forcePersistent};
    boolean[] testNat = {false};
    bootstrapRound(0, first, testNat, forcePersistent);
  }

  private void bootstrapRound(
      int round, boolean[] first, boolean[] testNat, boolean forcePersistent) {
    if (destroyed) {
      return;
    }
    Query query =
        backgroundQuery(
            table.id(),
            reply -> {
              if (!first[0]) {
                return;
              }
              first[0] = false;
              io.createRequest(reply.from(), reply.fromId(), null, true, Commands.PING_NAT, null,
                      serverPortValue())
                  .onResponse((r, q) -> testNat[0] = true)
                  .send();
            });
    query.whenDone(
        (replies, error) -> {
          if (destroyed) {
            return;
          }
          if (round == 1 || bootstrapped || (!testNat[0] && !forcePersistent)) {
            markBootstrapped();
            return;
          }
          updateNetworkState(
              !forcePersistent,
              changed -> {
                if (changed) {
                  bootstrapRound(round + 1, first, testNat, forcePersistent);
                } else {
                  markBootstrapped();
                }
              });
        });
  }

  private void markBootstrapped() {
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

  private Query backgroundQuery(byte[] target, Consumer<Reply> onReply) {
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
  private void updateNetworkState(boolean onlyFirewall, Consumer<Boolean> done) {
    if (!ephemeral || (onlyFirewall && !firewalled)) {
      done.accept(false);
      return;
    }
    String host = nat.host();
    int port = nat.port();
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
      nonPersistentSamples.clear();
      nat = sampler;
    }
    if (!table.isOwnId(id)) {
      List<DhtPeer> nodes = table.toList();
      table = new RoutingTable(id, Messages.K);
      for (DhtPeer node : nodes) {
        if (!table.isOwnId(node.rawId()) && !table.add(node)) {
          recent.remove(node.address());
        }
      }
    }
  }

  private void checkIfFirewalled(NatSampler sampler, Consumer<Boolean> done) {
    List<PeerAddress> nodes = new ArrayList<>();
    List<DhtPeer> recentNodes = new ArrayList<>(recent.values());
    for (int i = recentNodes.size() - 1; i >= 0 && nodes.size() < 5; i--) {
      nodes.add(recentNodes.get(i).address());
    }
    if (nodes.size() < 5) {
      nodes.addAll(options.bootstrap());
    }
    FirewallCheck.run(io, nodes, sampler, nat.host(), serverPortValue(), done);
  }

  private byte[] serverPortValue() {
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
    if (downHintsThisTick >= DOWN_HINTS_PER_TICK || destroyed) {
      return;
    }
    downHintsThisTick++;
    io.createRequest(node, null, null, true, Commands.DOWN_HINT, null, down.encode()).send();
  }

  private List<PeerAddress> closerNodes(byte[] target) {
    List<DhtPeer> nodes = table.closest(target, Messages.K);
    List<PeerAddress> addresses = new ArrayList<>(nodes.size());
    for (DhtPeer node : nodes) {
      addresses.add(node.address());
    }
    return addresses;
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
    tick++;
    downHintsThisTick = 0;
  }

  private void natAdd(String host, int port) {
    nat.add(host, port);
  }

  private void sampleBootstrapMaybe(PeerAddress from, PeerAddress to) {
    if (nonPersistentSamples.size() >= Math.max(1, options.bootstrap().size())) {
      return;
    }
    String key = from.toString();
    if (nonPersistentSamples.contains(key)) {
      return;
    }
    nonPersistentSamples.add(key);
    natAdd(to.host(), to.port());
  }

  private void addNodeFromNetwork(boolean sample, PeerAddress from, byte[] fromId, PeerAddress to) {
    if (!options.filterNode().test(from)) {
      return;
    }
    if (fromId == null) {
      sampleBootstrapMaybe(from, to);
      return;
    }
    DhtPeer old = table.get(fromId);
    if (old != null) {
      if (sample && (old.sampled == 0 || tick - old.sampled >= OLD_NODE_TICKS)) {
        old.to = to;
        old.sampled = tick;
        natAdd(to.host(), to.port());
      }
      old.pinged = old.seen = tick;
      recent.get(old.address());
      return;
    }
    if (table.isOwnId(fromId)) {
      return;
    }
    DhtPeer node = new DhtPeer(fromId, from);
    node.to = to;
    node.added = node.pinged = node.seen = tick;
    if (!table.add(node)) {
      return;
    }
    recent.put(from, node);
    if (recent.size() > RECENT_NODES) {
      recent.remove(recent.keySet().iterator().next());
    }
    if (node.sampled == 0) {
      node.sampled = tick;
      natAdd(to.host(), to.port());
    }
  }

  private void onRequest(IncomingRequest request, boolean external) {
    if (request.fromId() != null) {
      addNodeFromNetwork(!external, request.from(), request.fromId(), request.to());
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
        + (firewalled ? ", firewalled" : "") + ", nat=" + nat + ", table=" + table.size() + "]";
  }

  private final class IoHandler implements DhtIo.Handler {
    @Override
    public void onRequest(IncomingRequest request, boolean external) {
      DhtNode.this.onRequest(request, external);
    }

    @Override
    public void onResponse(Reply reply, boolean external) {
      addNodeFromNetwork(!external, reply.from(), reply.fromId(), reply.to());
    }

    @Override
    public void onTimeout(OutgoingRequest request) {
      if (request.toId == null) {
        return;
      }
      DhtPeer node = table.get(request.toId);
      if (node != null) {
        table.remove(request.toId);
        recent.remove(node.address());
      }
    }
  }
}
