package io.protomux.wakeup.domain.dht;

import io.protomux.wakeup.domain.encoding.EncodingException;
import io.protomux.wakeup.domain.udx.UdxSocket;
import io.protomux.wakeup.ports.crypto.Blake2b;
import io.protomux.wakeup.ports.crypto.RandomSource;
import io.protomux.wakeup.ports.datagram.DatagramHandler;
import io.protomux.wakeup.ports.loop.Cancellable;
import io.protomux.wakeup.ports.loop.EventLoop;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * dht-rpc's request/response layer ({@code lib/io.js}), sans-IO: the two UDX sockets' non-stream
 * datagrams come in through their message handlers, requests go out with a tid, a 1 s timer per
 * send and retries, behind the congestion window; answers are matched to requests.
 *
 * <p>It differs from the reference in two deliberate ways, both against forged traffic: a
 * response is matched by tid <b>and</b> by coming from the address the request went to (the
 * reference matches by tid alone, so anyone who guesses a 16-bit tid can answer for another
 * node), and the requests it holds are bounded ({@link DhtIoOptions#maxInflight()} in flight,
 * {@link DhtIoOptions#maxQueued()} waiting for the window); past either a request fails at once
 * with {@link DhtException#LIMIT}.
 */
public final class DhtIo {
  /** What the node above does with traffic. */
  public interface Handler {
    /** A request arrived; {@code external} if on the socket not currently in use. */
    void onRequest(IncomingRequest request, boolean external);

    /** A response matched one of our requests (called before the request's own callback). */
    void onResponse(Reply reply, boolean external);

    /** A request got no answer to any of its sends. */
    void onTimeout(OutgoingRequest request);
  }

  private static final long DRAIN_MILLIS = 750;
  private static final int ROTATE_EVERY_DRAINS = 10;
  private static final int MAX_REPLY_TOKENS = 1024;
  private static final long DEFAULT_TIMEOUT_MILLIS = 1000;

  private final EventLoop loop;
  private final Blake2b blake2b;
  private final RandomSource random;
  private final UdxSocket serverSocket;
  private final UdxSocket clientSocket;
  private final DhtIoOptions options;
  private final Handler handler;
  private final CongestionWindow congestion;
  private final ServingGuard guard;
  private final Map<Integer, OutgoingRequest> inflight = new HashMap<>();
  private final ArrayDeque<OutgoingRequest> pending = new ArrayDeque<>();
  private final DhtCounters counters = new DhtCounters();
  private Function<byte[], List<PeerAddress>> closerNodes = target -> List.of();
  private java.util.function.Consumer<PeerAddress> serverSocketWatcher;
  private TokenSecrets secrets;
  private int rotateIn = ROTATE_EVERY_DRAINS;
  // Bounded by MAX_REPLY_TOKENS hosts (emptied when full): a spoofer's many hosts cost a hash each,
  // as without the cache, and no memory beyond the bound.
  private final Map<Integer, byte[]> replyTokens = new HashMap<>();
  private int nextTid;
  private byte[] id;
  private boolean firewalled;
  private boolean ephemeral = true;
  private boolean destroyed;
  private Cancellable drainTimer;

  /**
   * Takes over both sockets' message handlers (UDX stream packets still go to their streams).
   *
   * @param serverSocket the socket others should reach
   * @param clientSocket the socket requests leave from while firewalled
   */
  public DhtIo(
      EventLoop loop,
      Blake2b blake2b,
      RandomSource random,
      UdxSocket serverSocket,
      UdxSocket clientSocket,
      DhtIoOptions options,
      Handler handler) {
    this.loop = loop;
    this.blake2b = blake2b;
    this.random = random;
    this.serverSocket = serverSocket;
    this.clientSocket = clientSocket;
    this.options = options;
    this.handler = handler;
    this.congestion = new CongestionWindow(options.maxWindow());
    this.guard = new ServingGuard(options.serving(), loop, counters);
    this.firewalled = options.firewalled();
    byte[] seed = random.bytes(2);
    this.nextTid = (seed[0] & 0xff) << 8 | (seed[1] & 0xff);
    serverSocket.setMessageHandler(new SocketHandler(serverSocket));
    clientSocket.setMessageHandler(new SocketHandler(clientSocket));
    drainTimer = loop.schedule(DRAIN_MILLIS, this::drain);
  }

  /** The loop everything runs on. */
  public EventLoop eventLoop() {
    return loop;
  }

  /** The socket others should reach. */
  public UdxSocket serverSocket() {
    return serverSocket;
  }

  /** The socket requests leave from while firewalled. */
  public UdxSocket clientSocket() {
    return clientSocket;
  }

  /** The socket in use: the client socket while firewalled, else the server socket. */
  public UdxSocket socket() {
    return firewalled ? clientSocket : serverSocket;
  }

  /** Counters of what was sent, received and dropped. */
  public DhtCounters counters() {
    return counters;
  }

  /** Requests in flight. */
  public int inflightCount() {
    return inflight.size();
  }

  boolean firewalled() {
    return firewalled;
  }

  void setFirewalled(boolean firewalled) {
    this.firewalled = firewalled;
  }

  void setEphemeral(boolean ephemeral, byte[] id) {
    this.ephemeral = ephemeral;
    this.id = id == null ? null : id.clone();
  }

  /** Sees the source of every datagram arriving on the server socket (the firewall check). */
  void setServerSocketWatcher(java.util.function.Consumer<PeerAddress> watcher) {
    this.serverSocketWatcher = watcher;
  }

  void setCloserNodes(Function<byte[], List<PeerAddress>> closerNodes) {
    this.closerNodes = closerNodes;
  }

  List<PeerAddress> closerNodes(byte[] target) {
    return closerNodes.apply(target);
  }

  /**
   * {@code token(host, i)}: the token of the address's host under secret {@code i}. The current
   * secret's tokens (those replies carry) are remembered until the next rotation: hashing one
   * cost more than the rest of a LOOKUP reply, and a querying host asks many times within a
   * rotation.
   */
  byte[] token(PeerAddress address, int i) {
    if (i != 1) {
      return secrets().token(address.host(), i, blake2b);
    }
    // Keyed by the host's bits: spelling the host out for the map cost as much as the lookup.
    Integer host = address.bits();
    byte[] token = replyTokens.get(host);
    if (token == null) {
      if (replyTokens.size() >= MAX_REPLY_TOKENS) {
        replyTokens.clear();
      }
      token = secrets().token(address.host(), 1, blake2b);
      replyTokens.put(host, token);
    }
    return token;
  }

  private TokenSecrets secrets() {
    if (secrets == null) {
      secrets = new TokenSecrets(random.bytes(32), random.bytes(32));
    }
    return secrets;
  }

  /**
   * A request to {@code to}, not sent yet: set callbacks and options on it, then {@link
   * OutgoingRequest#send()}.
   *
   * @param toId the destination's id if known (a node that times out is dropped from the table)
   */
  public OutgoingRequest createRequest(
      PeerAddress to,
      byte[] toId,
      byte[] token,
      boolean internal,
      long command,
      byte[] target,
      byte[] value) {
    int tid = nextTid;
    for (int tries = 0; inflight.containsKey(tid) && tries < 65536; tries++) {
      tid = (tid + 1) & 0xffff;
    }
    nextTid = (tid + 1) & 0xffff;
    counters.requestsCreated++;
    return new OutgoingRequest(
        this, tid, to, toId, token, internal, command, target, value, socket(), loop.nowMillis());
  }

  void send(OutgoingRequest request, boolean force) {
    if (request.destroyed) {
      return;
    }
    if (destroyed) {
      fail(request, new DhtException(DhtException.REQUEST_DESTROYED, "node destroyed"));
      return;
    }
    if (request.encoded == null) {
      if (inflight.size() >= options.maxInflight()) {
        counters.refusedInflight++;
        fail(
            request,
            new DhtException(
                DhtException.LIMIT,
                "too many requests in flight: " + inflight.size() + " (maxInflight "
                    + options.maxInflight() + ")"));
        return;
      }
      request.encoded = encodeRequest(request, request.token, request.value, request.to,
          request.socket);
      inflight.put(request.tid, request);
    }
    if (!force && congestion.isFull()) {
      if (pending.size() >= options.maxQueued()) {
        counters.refusedQueued++;
        // Out of inflight first: a refused request must not give back a window slot it never
        // took (destroyRequest's receive() would let every other refused request bypass it).
        inflight.remove(request.tid, request);
        destroyRequest(
            request,
            new DhtException(
                DhtException.LIMIT,
                "too many requests waiting for the congestion window: " + pending.size()
                    + " (maxQueued " + options.maxQueued() + ")"));
        return;
      }
      pending.add(request);
      return;
    }
    sendNow(request);
  }

  private void fail(OutgoingRequest request, DhtException cause) {
    request.destroyed = true;
    loop.schedule(0, () -> request.onError.accept(cause, request));
  }

  private void sendNow(OutgoingRequest request) {
    if (request.destroyed) {
      return;
    }
    request.sent++;
    congestion.send();
    counters.datagramsSent++;
    transmit(request.socket, request.encoded, request.to);
    if (request.timer != null) {
      request.timer.cancel();
    }
    long timeout = request.timeoutMillis > 0 ? request.timeoutMillis : DEFAULT_TIMEOUT_MILLIS;
    request.timer = loop.schedule(timeout, () -> onCycle(request));
  }

  private void onCycle(OutgoingRequest request) {
    request.timer = null;
    request.onCycle.accept(request);
    if (request.destroyed) {
      return;
    }
    if (request.sent > request.retries) {
      counters.timeouts++;
      destroyRequest(
          request,
          new DhtException(
              DhtException.REQUEST_TIMEOUT,
              "no answer from " + request.to + " after " + request.sent + " sends"));
      handler.onTimeout(request);
    } else {
      counters.retries++;
      send(request, false);
    }
  }

  void destroyRequest(OutgoingRequest request, DhtException cause) {
    if (request.destroyed) {
      return;
    }
    request.destroyed = true;
    if (request.timer != null) {
      request.timer.cancel();
      request.timer = null;
    }
    if (inflight.remove(request.tid, request)) {
      congestion.receive();
    }
    pending.remove(request);
    request.onError.accept(cause, request);
  }

  private void drain() {
    if (destroyed) {
      return;
    }
    drainTimer = loop.schedule(DRAIN_MILLIS, this::drain);
    if (secrets != null && --rotateIn == 0) {
      rotateIn = ROTATE_EVERY_DRAINS;
      secrets = secrets.rotate(blake2b);
      replyTokens.clear();
    }
    congestion.drain();
    while (!congestion.isFull() && !pending.isEmpty()) {
      sendNow(pending.poll());
    }
  }

  /** Fails every request in flight and stops the timers; the sockets stay with their owner. */
  public void destroy() {
    if (destroyed) {
      return;
    }
    destroyed = true;
    if (drainTimer != null) {
      drainTimer.cancel();
    }
    for (OutgoingRequest request : new ArrayList<>(inflight.values())) {
      destroyRequest(request, new DhtException(DhtException.REQUEST_DESTROYED, "node destroyed"));
    }
    pending.clear();
  }

  private void onMessage(UdxSocket socket, ByteBuffer datagram, InetSocketAddress source) {
    int length = datagram.remaining();
    if (length < 2 || destroyed) {
      counters.droppedShort++;
      return;
    }
    PeerAddress from = peerAddress(source);
    if (from == null || from.port() == 0) {
      counters.droppedSource++;
      return;
    }
    if (socket == serverSocket && serverSocketWatcher != null) {
      serverSocketWatcher.accept(from);
    }
    int type = datagram.get(datagram.position()) & 0xff;
    if (type != Messages.REQUEST_ID && type != Messages.RESPONSE_ID) {
      counters.droppedType++;
      return;
    }
    ServingGuard.Host host = null;
    if (type == Messages.REQUEST_ID) {
      // Before decoding: a flood costs a table lookup per datagram, no more.
      host = guard.admit(from, length);
      if (host == null) {
        return;
      }
    }
    DhtMessage message;
    try {
      if (datagram.hasArray()) {
        message =
            Messages.decode(datagram.array(), datagram.arrayOffset() + datagram.position(), length);
      } else {
        byte[] copy = new byte[length];
        datagram.duplicate().get(copy);
        message = Messages.decode(copy);
      }
    } catch (EncodingException e) {
      counters.droppedMalformed++;
      return;
    }
    boolean external = socket != socket();
    if (message instanceof DhtRequest request) {
      if (host == null) {
        // A response's type byte with a request inside cannot decode; kept for safety.
        return;
      }
      onRequest(socket, from, request, external, host);
    } else {
      onResponse(from, (DhtResponse) message, external);
    }
  }

  private void onRequest(UdxSocket socket, PeerAddress from, DhtRequest request, boolean external,
      ServingGuard.Host host) {
    counters.requestsReceived++;
    byte[] fromId = request.id() == null ? null : NodeId.validate(request.id(), from, blake2b);
    IncomingRequest incoming = new IncomingRequest(this, socket, from, fromId, request, host);
    if (request.token() != null) {
      if (!secrets().accepts(from.host(), request.token(), blake2b)) {
        counters.invalidTokens++;
        incoming.error(Commands.INVALID_TOKEN, true, true);
        return;
      }
      guard.prove(host);
    }
    handler.onRequest(incoming, external);
  }

  private void onResponse(PeerAddress from, DhtResponse response, boolean external) {
    OutgoingRequest request = inflight.get(response.tid());
    if (request == null) {
      counters.droppedUnmatched++;
      return;
    }
    if (!request.to.equals(from)) {
      counters.droppedWrongSource++;
      return;
    }
    inflight.remove(response.tid());
    if (request.timer != null) {
      request.timer.cancel();
      request.timer = null;
    }
    congestion.receive();
    request.destroyed = true;
    counters.responses++;
    byte[] fromId = response.id() == null ? null : NodeId.validate(response.id(), from, blake2b);
    Reply reply = new Reply(from, fromId, response, loop.nowMillis() - request.createdAt);
    handler.onResponse(reply, external);
    request.onResponse.accept(reply, request);
  }

  /**
   * Sends a reply to {@code to} within the credit of the host whose request it answers: without
   * closer nodes if only that fits, not at all if even that does not.
   */
  void sendReply(
      ServingGuard.Host host,
      boolean toRequester,
      int tid,
      long error,
      byte[] value,
      boolean withToken,
      List<PeerAddress> closer,
      UdxSocket via,
      PeerAddress to) {
    if (destroyed) {
      return;
    }
    boolean withId = !ephemeral && via == serverSocket && id != null;
    byte[] token = withToken ? token(to, 1) : null;
    List<PeerAddress> nodes = closer == null || closer.isEmpty() ? null : closer;
    byte[] bytes =
        Messages.encodeResponse(
            new DhtResponse(tid, to, withId ? id : null, token, nodes, error, value));
    long credit = host == null ? Long.MAX_VALUE : guard.credit(host, toRequester);
    if (bytes.length > credit && nodes != null) {
      // Closer nodes are what a reply can do without: the requester asks someone else.
      long withoutNodes = bytes.length - 1 - nodes.size() * (long) PeerAddress.ENCODED_LENGTH;
      int keep = (int) Math.max(0, (credit - withoutNodes - 1) / PeerAddress.ENCODED_LENGTH);
      nodes = keep == 0 ? null : nodes.subList(0, Math.min(keep, nodes.size()));
      bytes =
          Messages.encodeResponse(
              new DhtResponse(tid, to, withId ? id : null, token, nodes, error, value));
      counters.amplificationTrimmed++;
    }
    if (bytes.length > credit) {
      counters.amplificationDropped++;
      return;
    }
    if (host != null) {
      guard.charge(host, bytes.length, toRequester);
    }
    counters.repliesSent++;
    transmit(via, bytes, to);
  }

  void relay(ServingGuard.Host host, DhtRequest request, byte[] value, PeerAddress to,
      UdxSocket via) {
    if (destroyed) {
      return;
    }
    boolean withId = !ephemeral && via == serverSocket && id != null;
    byte[] bytes =
        Messages.encodeRequest(
            new DhtRequest(
                request.tid(), to, withId ? id : null, null, request.internal(),
                request.command(), request.target(), value));
    // A relay goes to a third address: a proof of the requester's own address does not cover it.
    if (host != null && bytes.length > guard.credit(host, false)) {
      counters.amplificationDropped++;
      return;
    }
    if (host != null) {
      guard.charge(host, bytes.length, false);
    }
    counters.relayed++;
    transmit(via, bytes, to);
  }

  private byte[] encodeRequest(
      OutgoingRequest request, byte[] token, byte[] value, PeerAddress to, UdxSocket via) {
    boolean withId = !ephemeral && via == serverSocket && id != null;
    return Messages.encodeRequest(
        new DhtRequest(
            request.tid, to, withId ? id : null, token, request.internal, request.command,
            request.target, value));
  }

  private void transmit(UdxSocket via, byte[] bytes, PeerAddress to) {
    InetSocketAddress target = socketAddress(to);
    if (!via.send(ByteBuffer.wrap(bytes), target)) {
      counters.sendsDropped++;
    }
  }

  ServingGuard guard() {
    return guard;
  }

  /** The socket address of a dht address, without any name lookup. */
  public static InetSocketAddress socketAddress(PeerAddress address) {
    byte[] host = new byte[4];
    address.writeOctets(host, 0);
    try {
      return new InetSocketAddress(InetAddress.getByAddress(host), address.port());
    } catch (UnknownHostException e) {
      throw new IllegalStateException("4 bytes always make an IPv4 address", e);
    }
  }

  /** The dht address of an IPv4 socket address; null for IPv6 (dht-rpc is IPv4 only). */
  public static PeerAddress peerAddress(InetSocketAddress address) {
    InetAddress host = address.getAddress();
    if (!(host instanceof Inet4Address)) {
      return null;
    }
    return PeerAddress.of(PeerAddress.bitsAt(host.getAddress(), 0), address.getPort());
  }

  private final class SocketHandler implements DatagramHandler {
    private final UdxSocket socket;

    SocketHandler(UdxSocket socket) {
      this.socket = socket;
    }

    @Override
    public void onDatagram(ByteBuffer datagram, InetSocketAddress source) {
      onMessage(socket, datagram, source);
    }
  }
}
