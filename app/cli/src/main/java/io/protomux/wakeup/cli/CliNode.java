package io.protomux.wakeup.cli;

import io.protomux.wakeup.node.WakeupConnector;
import io.protomux.wakeup.guice.BouncyCastleCryptoModule;
import io.protomux.wakeup.guice.NioTransportModule;
import io.protomux.wakeup.guice.WakeupSwarmModule;
import com.google.inject.Guice;
import com.google.inject.Injector;
import com.google.inject.Module;
import com.google.inject.util.Modules;
import io.protomux.wakeup.domain.Key32;
import io.protomux.wakeup.domain.stream.NoiseSecretStream;
import io.protomux.wakeup.domain.stream.StreamOptions;
import io.protomux.wakeup.domain.wakeup.Capability;
import io.protomux.wakeup.domain.wakeup.SessionOptions;
import io.protomux.wakeup.domain.wakeup.OnWakeup;
import io.protomux.wakeup.domain.wakeup.SessionHandlers;
import io.protomux.wakeup.domain.wakeup.WakeupSession;
import io.protomux.wakeup.domain.wakeup.WakeupSwarm;
import io.protomux.wakeup.domain.wakeup.messages.Lookup;
import io.protomux.wakeup.domain.wakeup.messages.Wakeup;
import io.protomux.wakeup.ports.loop.EventLoop;
import io.protomux.wakeup.ports.transport.Listener;
import io.protomux.wakeup.ports.transport.Transport;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One node of the command line: the real stack (TCP, Bouncy Castle, a swarm) put together by the
 * Guice modules, with one session per capability whose events go to an {@link EventOutput}.
 */
final class CliNode {
  // Long enough for a peer on loopback to answer our end with its own, short enough not to hang
  // an exit on a peer that never does.
  private static final long CLOSE_GRACE_MILLIS = 1000;

  private final EventOutput output;
  private final Transport transport;
  private final WakeupSwarm swarm;
  private final WakeupConnector connector;
  private final List<WakeupSession> sessions = new ArrayList<>();
  private final Set<Key32> topics = new LinkedHashSet<>();
  private final Set<NoiseSecretStream> streams = new LinkedHashSet<>(); // on the loop only

  /**
   * What a node is and does.
   *
   * @param seed the key pair's seed, or null for a random one
   * @param discoveryKey the topic of every session instead of its capability's, or null
   * @param lookupAnswer announced in answer to each lookup
   * @param greeting announced to each new peer
   * @param greetingLookup sent to each new peer, or null
   * @param streamOptions limits and timers of the node's secret streams
   */
  record Settings(
      byte[] seed,
      List<Capability> capabilities,
      Key32 discoveryKey,
      boolean inactive,
      List<Wakeup> lookupAnswer,
      List<Wakeup> greeting,
      Lookup greetingLookup,
      StreamOptions streamOptions) {

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
          StreamOptions.DEFAULTS);
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
          LISTENER_STREAMS);
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
          options.lookup() ? new Lookup(Optional.ofNullable(options.lookupHash())) : null,
          CONNECTOR_STREAMS);
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
          + "]";
    }
  }

  private CliNode(Settings settings, EventOutput output) {
    this.output = output;
    WakeupSwarmModule.Builder swarmOptions =
        WakeupSwarmModule.builder().streamOptions(settings.streamOptions());
    if (settings.seed() != null) {
      swarmOptions.keySeed(settings.seed());
    }
    OnWakeup reportWakeup = (topic, stream) -> output.emit(Event.wakeup(topic));
    Module swarmModule =
        Modules.override(swarmOptions.build())
            .with(binder -> binder.bind(OnWakeup.class).toInstance(reportWakeup));
    Injector injector =
        Guice.createInjector(swarmModule, new NioTransportModule(), new BouncyCastleCryptoModule());
    this.transport = injector.getInstance(Transport.class);
    this.swarm = injector.getInstance(WakeupSwarm.class);
    this.connector = injector.getInstance(WakeupConnector.class);

    SessionHandlers reporting =
        new ReportingHandlers(
            output, settings.lookupAnswer(), settings.greeting(), settings.greetingLookup());
    SessionOptions sessionOptions = new SessionOptions(!settings.inactive(), settings.discoveryKey());
    for (Capability capability : settings.capabilities()) {
      // Sessions sharing a topic would report each event once per session: one speaks for all.
      boolean topicKnown = !swarm.getSessions(capability, settings.discoveryKey()).isEmpty();
      WakeupSession session =
          swarm.session(capability, topicKnown ? SessionHandlers.NONE : reporting, sessionOptions);
      sessions.add(session);
      topics.add(session.topic());
    }
  }

  /** Starts the node's loop and opens its sessions. */
  static CliNode start(Settings settings, EventOutput output) {
    return new CliNode(settings, output);
  }

  Key32 publicKey() {
    return connector.publicKey();
  }

  /** The distinct topics of the sessions. */
  Set<Key32> topics() {
    return Set.copyOf(topics);
  }

  List<WakeupSession> sessions() {
    return List.copyOf(sessions);
  }

  EventLoop loop() {
    return swarm.eventLoop();
  }

  /**
   * Listens and prints the {@code listening} line before any connection can be accepted.
   *
   * @throws java.io.UncheckedIOException if the address cannot be bound
   */
  Listener listen(String host, int port) {
    return loop().call(
        () -> {
          // On the loop, accepting starts only after this task: nothing is printed before us.
          Listener listener = connector.listen(host, port, this::track);
          output.emit(Event.listening(listener.host(), listener.port(), publicKey()));
          return listener;
        });
  }

  /** Dials a peer; completes on the loop once the handshake is done. */
  CompletableFuture<NoiseSecretStream> dial(String host, int port) {
    return connector
        .dial(host, port)
        .thenApplyAsync(
            stream -> {
              track(stream);
              return stream;
            },
            loop());
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

  /** Ends every stream; the remote ends back and both sides see their peers leave. */
  void disconnect() {
    loop().execute(() -> List.copyOf(streams).forEach(NoiseSecretStream::end));
  }

  /**
   * Stops printing, ends the streams and waits a moment for the peers to end theirs (so they see
   * an orderly close), then stops the swarm and the transport.
   */
  void close() {
    output.mute();
    CompletableFuture<Void> closed;
    try {
      closed = loop().call(this::endAll);
      closed.get(CLOSE_GRACE_MILLIS, TimeUnit.MILLISECONDS);
    } catch (TimeoutException | ExecutionException | RuntimeException e) {
      // A peer that does not end back is closed hard below.
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    try {
      swarm.destroy();
    } catch (RuntimeException e) {
      // The loop is gone already: nothing left to tear down on it.
    }
    transport.close();
  }

  private CompletableFuture<Void> endAll() {
    List<CompletableFuture<Void>> closings = new ArrayList<>();
    for (NoiseSecretStream stream : List.copyOf(streams)) {
      CompletableFuture<Void> closing = new CompletableFuture<>();
      stream.whenClosed(cause -> closing.complete(null));
      stream.end();
      closings.add(closing);
    }
    return CompletableFuture.allOf(closings.toArray(CompletableFuture[]::new));
  }

  private void track(NoiseSecretStream stream) {
    streams.add(stream);
    stream.whenClosed(cause -> streams.remove(stream));
  }
}
