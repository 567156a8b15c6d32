package io.protomux.wakeup.cli;

import io.protomux.wakeup.adapters.bouncycastle.BouncyCastleCrypto;
import io.protomux.wakeup.domain.Key32;
import io.protomux.wakeup.domain.stream.NoiseSecretStream;
import io.protomux.wakeup.domain.stream.StreamOptions;
import io.protomux.wakeup.domain.wakeup.Capability;
import io.protomux.wakeup.domain.wakeup.SessionOptions;
import io.protomux.wakeup.domain.wakeup.messages.Lookup;
import io.protomux.wakeup.domain.wakeup.messages.Wakeup;
import io.protomux.wakeup.node.NodeHandlers;
import io.protomux.wakeup.node.NodeSession;
import io.protomux.wakeup.node.WakeupNode;
import io.protomux.wakeup.node.WakeupNodeBuilder;
import io.protomux.wakeup.ports.loop.EventLoop;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * One node of the command line: a {@link WakeupNode} (TCP, Bouncy Castle, a swarm on one loop)
 * with one session per capability, whose events go to an {@link EventOutput}. The handlers run on
 * the node's loop and answer through their session there and then.
 */
final class CliNode {
  // How long close() waits for the node after its grace period (the remotes ending their side)
  // before the process exits anyway: a signal's exit stays within a few seconds.
  private static final long CLOSE_WAIT_MILLIS = 3000;

  private final EventOutput output;
  private final WakeupNode node;
  private final EventLoop loop;
  private final List<NodeSession> sessions = new ArrayList<>();
  private final Set<Key32> topics = new LinkedHashSet<>();
  // Dialled over TCP or opened over the DHT, either way: what disconnect() ends. On the loop only.
  private final Set<NoiseSecretStream> dialed = new LinkedHashSet<>();

  /**
   * What a node is and does.
   *
   * @param seed the key pair's seed, or null for a random one
   * @param discoveryKey the topic of every session instead of its capability's, or null
   * @param lookupAnswer announced in answer to each lookup
   * @param greeting announced to each new peer
   * @param greetingLookup sent to each new peer, or null
   * @param streamOptions limits and timers of the node's TCP secret streams
   * @param dht how the node reaches the DHT, or null for a node on TCP only
   * @param dhtHost the address the DHT's sockets bind to (with {@code dht})
   */
  record Settings(
      byte[] seed,
      List<Capability> capabilities,
      Key32 discoveryKey,
      boolean inactive,
      List<Wakeup> lookupAnswer,
      List<Wakeup> greeting,
      Lookup greetingLookup,
      StreamOptions streamOptions,
      CliOptions.Dht dht,
      String dhtHost) {

    /**
     * A listener faces anyone: the public-node limits. Its idle timeout needs keep-alives from
     * the remote; the reference's Hyperswarm connections send them, a bare secret stream must be
     * told to ({@code keepAlive}).
     */
    static final StreamOptions LISTENER_STREAMS = StreamOptions.PUBLIC_NODE;

    /**
     * A connector sends keep-alives (so a public-node listener keeps it) and has the public
     * node's frame limit and handshake timeout, but no idle timeout: a reference listener sends
     * no keep-alives by default, and an idle connection to it is a healthy one.
     */
    static final StreamOptions CONNECTOR_STREAMS = StreamOptions.PUBLIC_NODE.withTimeoutMillis(0);

    /** Settings with the reference's stream options (the demo's). */
    Settings(
        byte[] seed,
        List<Capability> capabilities,
        Key32 discoveryKey,
        boolean inactive,
        List<Wakeup> lookupAnswer,
        List<Wakeup> greeting,
        Lookup greetingLookup) {
      this(
          seed,
          capabilities,
          discoveryKey,
          inactive,
          lookupAnswer,
          greeting,
          greetingLookup,
          StreamOptions.DEFAULTS,
          null,
          null);
    }

    /** A {@code listen} node: answers lookups. */
    static Settings listener(CliOptions options) {
      return new Settings(
          options.seed(),
          options.capabilities(),
          options.discoveryKey(),
          options.inactive(),
          options.announce(),
          List.of(),
          null,
          LISTENER_STREAMS,
          options.dht(),
          options.host());
    }

    /** A {@code connect} node: greets new peers. */
    static Settings connector(CliOptions options) {
      return new Settings(
          options.seed(),
          options.capabilities(),
          options.discoveryKey(),
          options.inactive(),
          List.of(),
          options.announce(),
          greetingLookup(options),
          CONNECTOR_STREAMS,
          options.dht(),
          options.host());
    }

    /**
     * A {@code join} node: every connection is both a listener's and a connector's, so it answers
     * lookups and greets new peers (the DHT streams' limits are HyperDHT's).
     */
    static Settings joiner(CliOptions options) {
      return new Settings(
          options.seed(),
          options.capabilities(),
          options.discoveryKey(),
          options.inactive(),
          options.announce(),
          options.announce(),
          greetingLookup(options),
          CONNECTOR_STREAMS,
          options.dht(),
          options.host());
    }

    private static Lookup greetingLookup(CliOptions options) {
      return options.lookup() ? new Lookup(Optional.ofNullable(options.lookupHash())) : null;
    }

    /** Without the seed: it is a secret. */
    @Override
    public String toString() {
      return "Settings[seed="
          + (seed == null ? "random" : "<redacted>")
          + ", capabilities="
          + capabilities
          + ", discoveryKey="
          + discoveryKey
          + ", inactive="
          + inactive
          + ", streamOptions="
          + streamOptions
          + ", dht="
          + dht
          + "]";
    }
  }

  private CliNode(Settings settings, EventOutput output) {
    this.output = output;
    // The node's crypto also names the topics below, so both agree on every discovery key.
    BouncyCastleCrypto crypto = new BouncyCastleCrypto();
    WakeupNodeBuilder builder =
        WakeupNode.builder()
            .crypto(crypto)
            .streamOptions(settings.streamOptions())
            .onWakeup((topic, stream) -> output.emit(Event.wakeup(topic)));
    if (settings.seed() != null) {
      builder.keySeed(settings.seed());
    }
    CliOptions.Dht dht = settings.dht();
    if (dht != null) {
      builder
          .bootstrap(dht.bootstrap())
          .dhtHost(settings.dhtHost())
          .onConnection(
              stream -> {
                dialed.add(stream);
                stream.whenClosed(cause -> dialed.remove(stream));
                output.emit(
                    Event.connection(Key32.of(stream.remotePublicKey()), stream.isInitiator()));
              });
      if (dht.port() != CliOptions.Dht.HYPERDHT_PORTS) {
        builder.dhtPort(dht.port());
      }
    }
    this.node = builder.build();
    this.loop = node.eventLoops().get(0);

    NodeHandlers reporting =
        new ReportingHandlers(
            output, settings.lookupAnswer(), settings.greeting(), settings.greetingLookup());
    SessionOptions sessionOptions =
        new SessionOptions(!settings.inactive(), settings.discoveryKey());
    for (Capability capability : settings.capabilities()) {
      Key32 topic =
          settings.discoveryKey() != null
              ? settings.discoveryKey()
              : Key32.of(crypto.discoveryKey(capability.bytes()));
      // Sessions sharing a topic would report each event once per session: one speaks for all.
      NodeHandlers handlers = topics.add(topic) ? reporting : NodeHandlers.NONE;
      sessions.add(node.session(capability, handlers, sessionOptions));
    }
  }

  /**
   * Starts the node's loop and opens its sessions.
   *
   * @throws UsageException if the DHT's sockets cannot be bound (a bad --host or --port)
   */
  static CliNode start(Settings settings, EventOutput output) {
    try {
      return new CliNode(settings, output);
    } catch (UncheckedIOException e) {
      throw new UsageException(e.getMessage());
    }
  }

  Key32 publicKey() {
    return node.publicKey();
  }

  /** The node, e.g. for its metrics. */
  WakeupNode node() {
    return node;
  }

  /** The distinct topics of the sessions. */
  Set<Key32> topics() {
    return Set.copyOf(topics);
  }

  List<NodeSession> sessions() {
    return List.copyOf(sessions);
  }

  /**
   * Listens and prints the {@code listening} line, then the event {@code next} makes (if not
   * null), before any connection can be accepted: the listener starts accepting on the loop,
   * after this task. {@code next} runs only once the node's address is bound, so a bad address
   * is reported as the node's.
   *
   * @throws java.io.UncheckedIOException if the address cannot be bound
   */
  InetSocketAddress listen(String host, int port, Supplier<Event> next) {
    try {
      return loop.submit(
              () -> {
                InetSocketAddress bound = node.listen(host, port);
                Event after = next == null ? null : next.get();
                output.emit(Event.listening(bound.getHostString(), bound.getPort(), publicKey()));
                if (after != null) {
                  output.emit(after);
                }
                return bound;
              })
          .get();
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException failure) {
        throw failure;
      }
      throw new IllegalStateException(e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while listening", e);
    }
  }

  /** Dials a peer; completes on the loop once the handshake is done. */
  CompletableFuture<NoiseSecretStream> dial(String host, int port) {
    return node.dial(host, port)
        .thenApplyAsync(
            stream -> {
              dialed.add(stream);
              stream.whenClosed(cause -> dialed.remove(stream));
              return stream;
            },
            loop);
  }

  /** The node's loop, where the handlers run. */
  EventLoop loop() {
    return loop;
  }

  /**
   * Ends the run with exit code 0 once {@code event} has been printed for every topic; the line
   * that completes it is the node's last.
   */
  void exitOn(ExitEvent event, CompletableFuture<Outcome> outcome) {
    output.addListener(
        new ExitCondition(
            event,
            topics,
            () -> {
              // At once, on the loop: a line printed after this would depend on timing.
              output.mute();
              outcome.complete(Outcome.ok());
            }));
  }

  /**
   * Ends the dialled streams and the DHT's connections; the remote ends back and both sides see
   * their peers leave.
   */
  void disconnect() {
    loop.execute(() -> List.copyOf(dialed).forEach(NoiseSecretStream::end));
  }

  /**
   * Stops printing, then closes the node in order: every stream ends, so that the remotes see
   * their peers leave, and after a moment for them to end theirs, the node stops. Waits a bounded
   * time: the loops are daemon threads and the process exits anyway.
   */
  void close() {
    output.mute();
    try {
      node.closeAsync()
          .get(WakeupNodeBuilder.DEFAULT_CLOSE_GRACE_MILLIS + CLOSE_WAIT_MILLIS, TimeUnit.MILLISECONDS);
    } catch (TimeoutException | ExecutionException e) {
      // Whatever did not end in time goes with the process.
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
