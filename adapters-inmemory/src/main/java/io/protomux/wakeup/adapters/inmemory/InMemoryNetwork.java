package io.protomux.wakeup.adapters.inmemory;

import io.protomux.wakeup.ports.transport.Connection;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.Set;
import java.util.function.Consumer;

/**
 * A simulated network on one {@link VirtualTimeLoop}: a flat namespace of {@code host:port}
 * addresses, where each node gets its {@link #transport(String) transport} and every connection
 * made is a {@link Link} a test can delay, stall, corrupt or drop.
 *
 * <p>Everything is deterministic: the network's only randomness (chunk sizes) comes from the
 * {@linkplain NetworkOptions#seed() seed}, and every event is a task of the one loop, so the same
 * seed and the same program give the same deliveries at the same virtual times, which {@linkplain
 * #addTap taps} can record. Every method must be called on the loop's thread.
 */
public final class InMemoryNetwork {
  // The IANA dynamic range, as real stacks use for ephemeral ports.
  private static final int FIRST_EPHEMERAL_PORT = 49152;
  private static final int LAST_PORT = 65535;

  private final VirtualTimeLoop loop;
  private final NetworkOptions options;
  private final Random random;
  private final Map<String, InMemoryListener> listeners = new HashMap<>();
  private final Map<String, Integer> nextPorts = new HashMap<>();
  private final Set<Link> links = new LinkedHashSet<>();
  private final List<Consumer<Delivery>> taps = new ArrayList<>();
  private final List<Consumer<Link>> linkConfigurers = new ArrayList<>();
  private int pairs;

  /** A network with {@link NetworkOptions#defaults()}. */
  public InMemoryNetwork(VirtualTimeLoop loop) {
    this(loop, NetworkOptions.defaults());
  }

  /** A network with the given options. */
  public InMemoryNetwork(VirtualTimeLoop loop, NetworkOptions options) {
    this.loop = Objects.requireNonNull(loop, "loop");
    this.options = Objects.requireNonNull(options, "options");
    this.random = new Random(options.seed());
  }

  /** The loop every connection of this network runs on. */
  public VirtualTimeLoop loop() {
    return loop;
  }

  /** This network's options. */
  public NetworkOptions options() {
    return options;
  }

  /**
   * A transport for the node named {@code host}: its dials come from {@code host:<ephemeral
   * port>}. Each call gives a new transport (closing one leaves the others alone); it may listen
   * on any host name, though a node normally listens on its own.
   */
  public InMemoryTransport transport(String host) {
    checkThread();
    return new InMemoryTransport(this, Objects.requireNonNull(host, "host"));
  }

  /**
   * Two connected connections, ready at once, with no listener or dial: for unit tests of what
   * runs over a connection. Named {@code pair-N/initiator} and {@code pair-N/responder}.
   */
  public Link pair() {
    checkThread();
    pairs++;
    return newLink("pair-" + pairs + "/initiator", "pair-" + pairs + "/responder");
  }

  /** The links not yet closed at both ends, oldest first. */
  public List<Link> links() {
    return List.copyOf(links);
  }

  /** Shows {@code tap} every delivery to every handler of this network, as it happens. */
  public void addTap(Consumer<Delivery> tap) {
    taps.add(Objects.requireNonNull(tap, "tap"));
  }

  /**
   * Hands every new link to {@code configurer} before anything travels on it (for a dial: before
   * the connection request), so a simulation can set its latency or faults per pair of nodes.
   */
  public void onNewLink(Consumer<Link> configurer) {
    linkConfigurers.add(Objects.requireNonNull(configurer, "configurer"));
  }

  Link newLink(String initiatorName, String responderName) {
    Link link = new Link(this, initiatorName, responderName);
    links.add(link);
    for (Consumer<Link> configurer : linkConfigurers) {
      configurer.accept(link);
    }
    return link;
  }

  void forget(Link link) {
    links.remove(link);
  }

  InMemoryListener listenerAt(String address) {
    return listeners.get(address);
  }

  /** Binds {@code host:port}, or a free port of {@code host} when {@code port} is 0. */
  InMemoryListener bind(
      InMemoryTransport owner, String host, int port, Consumer<Connection> onAccept) {
    if (port < 0 || port > LAST_PORT) {
      throw new IllegalArgumentException("port out of range: " + port);
    }
    int bound = port == 0 ? freePort(host) : port;
    String address = address(host, bound);
    if (listeners.containsKey(address)) {
      throw new UncheckedIOException(new BindException("address in use: " + address));
    }
    InMemoryListener listener = new InMemoryListener(this, owner, host, bound, onAccept);
    listeners.put(address, listener);
    return listener;
  }

  void unbind(InMemoryListener listener) {
    listeners.remove(address(listener.host(), listener.port()), listener);
  }

  /** The next port of {@code host} no listener holds, cycling through the ephemeral range. */
  int freePort(String host) {
    int start = nextPorts.getOrDefault(host, FIRST_EPHEMERAL_PORT);
    int port = start;
    do {
      int next = port == LAST_PORT ? FIRST_EPHEMERAL_PORT : port + 1;
      if (!listeners.containsKey(address(host, port))) {
        nextPorts.put(host, next);
        return port;
      }
      port = next;
    } while (port != start);
    throw new UncheckedIOException(new BindException("no free port left on " + host));
  }

  /** 0 for whole writes, else the size of the next chunk to deliver. */
  int nextChunkSize() {
    int max = options.maxChunkBytes();
    return max == 0 ? 0 : 1 + random.nextInt(max);
  }

  void tap(InMemoryConnection receiver, Delivery.Kind kind, byte[] data, Throwable cause) {
    if (taps.isEmpty()) {
      return;
    }
    Delivery delivery =
        new Delivery(
            loop.nowMillis(),
            receiver.localDescription(),
            receiver.remoteDescription(),
            kind,
            data == null ? new byte[0] : data.clone(),
            cause);
    for (Consumer<Delivery> tap : taps) {
      tap.accept(delivery);
    }
  }

  void checkThread() {
    if (!loop.inEventLoop()) {
      throw new IllegalStateException(
          "in-memory network used from " + Thread.currentThread() + ", not its loop's thread");
    }
  }

  static String address(String host, int port) {
    return host + ":" + port;
  }
}
