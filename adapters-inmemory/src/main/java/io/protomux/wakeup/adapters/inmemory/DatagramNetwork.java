package io.protomux.wakeup.adapters.inmemory;

import io.protomux.wakeup.ports.datagram.DatagramSocket;
import io.protomux.wakeup.ports.datagram.DatagramTransport;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.Set;

/**
 * Simulated UDP on one {@link VirtualTimeLoop}: hosts with IP literals for addresses, sockets
 * bound on them, and per-direction {@link PathProfile}s that delay, reorder, lose, duplicate,
 * rate-limit and MTU-limit datagrams, so that a transport over it meets the faults loopback never
 * shows. Hosts may sit behind {@linkplain #nat NAT boxes}. The only randomness comes from the seed
 * and every delivery is a task of the one loop: one seed and one program give the same deliveries
 * at the same virtual times. Every method must be called on the loop's thread.
 */
public final class DatagramNetwork {
  private final VirtualTimeLoop loop;
  private final Random random;
  private final Realm internet = new Realm(null);
  private final Set<InetAddress> publicHosts = new HashSet<>();
  private final Map<InetAddress, Nat> nats = new HashMap<>();
  private final List<DatagramTap> taps = new ArrayList<>();
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
  private long natDrops;

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
   * The sockets of one host on the public network, by its address ({@code "10.0.0.1"}, {@code
   * "fd00::1"}): binding {@code "0.0.0.0"}, {@code "::"} or the host's own address gives a socket on
   * it.
   *
   * @throws IllegalArgumentException if the address is not an IP literal, or is a NAT's
   */
  public DatagramTransport host(String address) {
    InetAddress host = literal(address);
    if (nats.containsKey(host)) {
      throw new IllegalArgumentException(address + " is the public address of a NAT");
    }
    publicHosts.add(host);
    return hostIn(internet, host);
  }

  /**
   * A NAT box on the public network at {@code publicAddress}; put hosts behind it with {@link
   * Nat#host}. Its random ports come from this network's seed.
   *
   * @throws IllegalArgumentException if the address is not an IP literal, or is already a host's
   *     or another NAT's
   */
  public Nat nat(String publicAddress, NatOptions options) {
    InetAddress address = literal(publicAddress);
    Objects.requireNonNull(options, "options");
    if (publicHosts.contains(address) || nats.containsKey(address)) {
      throw new IllegalArgumentException(publicAddress + " is in use on the public network");
    }
    Nat nat = new Nat(this, address, options, random);
    nats.put(address, nat);
    return nat;
  }

  /** Also hands every delivered datagram to {@code tap}, in delivery order. */
  public void addTap(DatagramTap tap) {
    taps.add(Objects.requireNonNull(tap, "tap"));
  }

  /**
   * How datagrams from one host to another travel (one direction). Addresses are as the sender
   * names them: a host behind a NAT sending out has its private address matched first, then its
   * NAT's public one; a path to a NAT's public address applies to every host behind it.
   */
  public void path(String from, String to, PathProfile profile) {
    paths.put(key(literal(from), literal(to)), Objects.requireNonNull(profile, "profile"));
  }

  /** How datagrams travel between hosts with no {@link #path} of their own (default perfect). */
  public void defaultPath(PathProfile profile) {
    this.defaultPath = Objects.requireNonNull(profile, "profile");
  }

  /** What became of the datagrams sent so far. */
  public DatagramStats stats() {
    return new DatagramStats(
        sent, delivered, lost, duplicated, tooLarge, queueDrops, unreachable, natDrops);
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
   * @param natDrops dropped by a NAT (no mapping, filtered, or hairpin; {@link Nat#stats()} tells
   *     which)
   */
  public record DatagramStats(
      long sent,
      long delivered,
      long lost,
      long duplicated,
      long tooLarge,
      long queueDrops,
      long unreachable,
      long natDrops) {}

  DatagramTransport hostIn(Realm realm, String address) {
    InetAddress host = literal(address);
    if (realm.nat != null && host.equals(realm.nat.publicAddress())) {
      throw new IllegalArgumentException(address + " is the NAT's own public address");
    }
    return hostIn(realm, host);
  }

  private DatagramTransport hostIn(Realm realm, InetAddress host) {
    realm.addHost(host);
    return (bindHost, port) -> bind(realm, host, bindHost, port);
  }

  private DatagramSocket bind(Realm realm, InetAddress host, String bindHost, int port) {
    checkLoop();
    InetAddress asked = literal(bindHost);
    if (!asked.isAnyLocalAddress() && !asked.equals(host)) {
      throw new UncheckedIOException(
          new BindException("cannot bind UDP " + bindHost + ":" + port + " on host " + host.getHostAddress()
              + ": Cannot assign requested address"));
    }
    int chosen = port != 0 ? port : realm.ephemeralPort(host);
    InetSocketAddress address = new InetSocketAddress(host, chosen);
    if (realm.bound.containsKey(address)) {
      throw new UncheckedIOException(
          new BindException("cannot bind UDP " + host.getHostAddress() + ":" + chosen + ": Address already in use"));
    }
    InMemoryDatagramSocket socket = new InMemoryDatagramSocket(this, realm, address);
    realm.bound.put(address, socket);
    return socket;
  }

  void checkLoop() {
    if (!loop.inEventLoop()) {
      throw new IllegalStateException(
          "the datagram network is confined to its loop; called from thread "
              + Thread.currentThread().getName());
    }
  }

  /**
   * A socket sends: a NAT on the way out translates the source at once, then the path decides
   * whether, when and how often the datagram arrives.
   */
  void transmit(InMemoryDatagramSocket from, byte[] datagram, InetSocketAddress target) {
    sent++;
    Realm realm = from.realm();
    InetSocketAddress source = from.localAddress();
    InetAddress sender = source.getAddress();
    PathProfile path = paths.get(key(sender, target.getAddress()));
    Realm destination = realm;
    if (realm.nat != null && !realm.hasHost(target.getAddress())) {
      Nat nat = realm.nat;
      if (target.getAddress().equals(nat.publicAddress())) {
        nat.hairpinDropped();
        natDrops++;
        return;
      }
      source = nat.outbound(source, normalize(target), loop.nowMillis());
      destination = internet;
      if (path == null) {
        path = paths.get(key(nat.publicAddress(), target.getAddress()));
      }
    }
    if (path == null) {
      path = defaultPath;
    }
    String direction = key(source.getAddress(), target.getAddress());
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
    InetSocketAddress seenFrom = source;
    Realm to = destination;
    for (int i = 0; i < copies; i++) {
      double arrival = departure + path.latencyMillis() + random.nextDouble() * path.jitterMillis();
      long delay = (long) Math.ceil(arrival) - loop.nowMillis();
      loop.schedule(Math.max(0, delay), () -> arrive(datagram, seenFrom, to, normalize(target)));
    }
  }

  private void arrive(byte[] datagram, InetSocketAddress source, Realm realm, InetSocketAddress target) {
    Realm into = realm;
    InetSocketAddress receiver = target;
    Nat nat = realm == internet ? nats.get(target.getAddress()) : null;
    if (nat != null) {
      receiver = nat.inbound(source, target.getPort(), loop.nowMillis());
      if (receiver == null) {
        natDrops++;
        return;
      }
      into = nat.inside;
    }
    InMemoryDatagramSocket socket = into.bound.get(receiver);
    if (socket == null || !socket.accepts()) {
      unreachable++;
      return;
    }
    delivered++;
    ByteBuffer bytes = ByteBuffer.wrap(datagram);
    for (DatagramTap tap : taps) {
      tap.onDelivery(loop.nowMillis(), source, receiver, bytes.asReadOnlyBuffer());
    }
    socket.deliver(bytes, source);
  }

  void unbind(InMemoryDatagramSocket socket) {
    socket.realm().bound.remove(socket.localAddress(), socket);
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
