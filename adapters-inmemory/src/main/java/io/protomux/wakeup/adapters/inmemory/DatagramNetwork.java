package io.protomux.wakeup.adapters.inmemory;

import io.protomux.wakeup.ports.datagram.DatagramSocket;
import io.protomux.wakeup.ports.datagram.DatagramTransport;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Random;

/**
 * Simulated UDP on one {@link VirtualTimeLoop}: hosts with IP literals for addresses, sockets
 * bound on them, and per-direction {@link PathProfile}s that delay, reorder, lose, duplicate,
 * rate-limit and MTU-limit datagrams, so that a transport over it meets the faults loopback never
 * shows. The only randomness comes from the seed and every delivery is a task of the one loop: one
 * seed and one program give the same deliveries at the same virtual times. Every method must be
 * called on the loop's thread.
 */
public final class DatagramNetwork {
  private static final int FIRST_EPHEMERAL_PORT = 49152;
  private static final int LAST_PORT = 65535;

  private final VirtualTimeLoop loop;
  private final Random random;
  private final Map<InetSocketAddress, InMemoryDatagramSocket> bound = new HashMap<>();
  private final Map<InetAddress, Integer> nextPorts = new HashMap<>();
  private final Map<String, PathProfile> paths = new HashMap<>();
  // When each direction's rate-limited path is free again, in virtual milliseconds.
  private final Map<String, Double> freeAt = new HashMap<>();
  private PathProfile defaultPath = PathProfile.PERFECT;
  private long sent;
  private long delivered;
  private long lost;
  private long duplicated;
  private long tooLarge;
  private long queueDrops;
  private long unreachable;

  /** A network whose random choices come from {@code seed}. */
  public DatagramNetwork(VirtualTimeLoop loop, long seed) {
    this.loop = Objects.requireNonNull(loop, "loop");
    this.random = new Random(seed);
  }

  /** The loop every socket of this network lives on. */
  public VirtualTimeLoop loop() {
    return loop;
  }

  /**
   * The sockets of one host, by its address ({@code "10.0.0.1"}, {@code "fd00::1"}): binding
   * {@code "0.0.0.0"}, {@code "::"} or the host's own address gives a socket on it.
   */
  public DatagramTransport host(String address) {
    InetAddress host = literal(address);
    return (bindHost, port) -> bind(host, bindHost, port);
  }

  /** How datagrams from one host to another travel (one direction). */
  public void path(String from, String to, PathProfile profile) {
    paths.put(key(literal(from), literal(to)), Objects.requireNonNull(profile, "profile"));
  }

  /** How datagrams travel between hosts with no {@link #path} of their own (default perfect). */
  public void defaultPath(PathProfile profile) {
    this.defaultPath = Objects.requireNonNull(profile, "profile");
  }

  /** What became of the datagrams sent so far. */
  public DatagramStats stats() {
    return new DatagramStats(sent, delivered, lost, duplicated, tooLarge, queueDrops, unreachable);
  }

  /**
   * Counts of the network's datagrams.
   *
   * @param sent datagrams given to a socket's {@code send}
   * @param delivered datagrams handed to a receiving socket (copies included)
   * @param lost dropped by a path's loss rate
   * @param duplicated extra copies a path made
   * @param tooLarge dropped for being longer than the path's MTU
   * @param queueDrops dropped because a rate-limited path's queue was full
   * @param unreachable arrived where no open socket was bound
   */
  public record DatagramStats(
      long sent,
      long delivered,
      long lost,
      long duplicated,
      long tooLarge,
      long queueDrops,
      long unreachable) {}

  private DatagramSocket bind(InetAddress host, String bindHost, int port) {
    checkLoop();
    InetAddress asked = literal(bindHost);
    if (!asked.isAnyLocalAddress() && !asked.equals(host)) {
      throw new UncheckedIOException(
          new BindException("cannot bind UDP " + bindHost + ":" + port + " on host " + host.getHostAddress()
              + ": Cannot assign requested address"));
    }
    int chosen = port != 0 ? port : ephemeralPort(host);
    InetSocketAddress address = new InetSocketAddress(host, chosen);
    if (bound.containsKey(address)) {
      throw new UncheckedIOException(
          new BindException("cannot bind UDP " + host.getHostAddress() + ":" + chosen + ": Address already in use"));
    }
    InMemoryDatagramSocket socket = new InMemoryDatagramSocket(this, address);
    bound.put(address, socket);
    return socket;
  }

  private int ephemeralPort(InetAddress host) {
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

  void checkLoop() {
    if (!loop.inEventLoop()) {
      throw new IllegalStateException(
          "the datagram network is confined to its loop; called from thread "
              + Thread.currentThread().getName());
    }
  }

  /** A socket sends: the path decides whether, when and how often the datagram arrives. */
  void transmit(InMemoryDatagramSocket from, byte[] datagram, InetSocketAddress target) {
    sent++;
    String direction = key(from.localAddress().getAddress(), target.getAddress());
    PathProfile path = paths.getOrDefault(direction, defaultPath);
    if (datagram.length > path.mtu()) {
      tooLarge++;
      return;
    }
    double departure = loop.nowMillis();
    if (path.bytesPerSecond() > 0) {
      double start = Math.max(departure, freeAt.getOrDefault(direction, 0.0));
      if (start - departure > path.maxQueueMillis()) {
        queueDrops++;
        return;
      }
      departure = start + datagram.length * 1000.0 / path.bytesPerSecond();
      freeAt.put(direction, departure);
    }
    if (random.nextDouble() < path.lossRate()) {
      lost++;
      return;
    }
    int copies = random.nextDouble() < path.duplicateRate() ? 2 : 1;
    duplicated += copies - 1;
    for (int i = 0; i < copies; i++) {
      double arrival = departure + path.latencyMillis() + random.nextDouble() * path.jitterMillis();
      long delay = (long) Math.ceil(arrival) - loop.nowMillis();
      InetSocketAddress source = from.localAddress();
      loop.schedule(Math.max(0, delay), () -> arrive(datagram, source, target));
    }
  }

  private void arrive(byte[] datagram, InetSocketAddress source, InetSocketAddress target) {
    InMemoryDatagramSocket socket = bound.get(normalize(target));
    if (socket == null || !socket.deliver(ByteBuffer.wrap(datagram), source)) {
      unreachable++;
      return;
    }
    delivered++;
  }

  void unbind(InMemoryDatagramSocket socket) {
    bound.remove(socket.localAddress(), socket);
  }

  private static InetSocketAddress normalize(InetSocketAddress address) {
    return address.isUnresolved() ? address : new InetSocketAddress(address.getAddress(), address.getPort());
  }

  private static String key(InetAddress from, InetAddress to) {
    return from.getHostAddress() + ">" + to.getHostAddress();
  }

  private static InetAddress literal(String address) {
    try {
      // A literal never goes to DNS; a name is refused, so a simulation never leaves the process.
      if (!address.matches("[0-9]{1,3}(\\.[0-9]{1,3}){3}") && !address.contains(":")) {
        throw new UnknownHostException(address);
      }
      return InetAddress.getByName(address);
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException("not an IP address literal: " + address, e);
    }
  }
}
