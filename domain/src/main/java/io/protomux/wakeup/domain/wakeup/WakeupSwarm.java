package io.protomux.wakeup.domain.wakeup;

import io.protomux.wakeup.domain.Key32;
import io.protomux.wakeup.domain.Limit;
import io.protomux.wakeup.domain.LoopConfinement;
import io.protomux.wakeup.domain.protomux.ChannelOptions;
import io.protomux.wakeup.domain.protomux.Protomux;
import io.protomux.wakeup.domain.protomux.ProtomuxOptions;
import io.protomux.wakeup.domain.stream.NoiseSecretStream;
import io.protomux.wakeup.domain.wakeup.messages.Handshake;
import io.protomux.wakeup.domain.wakeup.messages.WakeupMessages;
import io.protomux.wakeup.ports.crypto.Blake2b;
import io.protomux.wakeup.ports.loop.Cancellable;
import io.protomux.wakeup.ports.loop.EventLoop;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;

/**
 * protomux-wakeup 2.9.0's {@code WakeupSwarm}: topics (one per discovery key) with their
 * sessions, over every stream added to it. Peers that share a topic's capability join it, tell
 * each other whether they are active, and exchange lookups and announces.
 *
 * <p>The swarm and everything under it (topics, sessions, peers, the streams added to it) is
 * confined to one {@link EventLoop} ({@link LoopConfinement}): handlers run there, and every
 * method of the swarm and of {@link WakeupSession} must be called there (from a handler, or a
 * task given to {@code eventLoop().execute}); a call from another thread is refused with an
 * {@link IllegalStateException}. Only {@link #stats()} and {@link #eventLoop()} may be called from
 * anywhere. Streams added must live on the same loop. The node facade ({@code WakeupNode}) is the
 * API for other threads.
 *
 * <p>Limits: what one remote may make the swarm hold is bounded by the streams' {@code
 * StreamOptions}, the muxes' {@link ProtomuxOptions} and the swarm's own {@link
 * Builder#maxTopicsPerConnection} and {@link Builder#maxWakeupsPerAnnounce}. A remote that goes
 * over one loses its stream (only it), and {@link WakeupStats#limitCloses()} counts it.
 */
public final class WakeupSwarm {
  /** The reference's default garbage-collection tick. */
  public static final long DEFAULT_GC_TICK_MILLIS = 2000;
  /** Idle ticks after which a topic without sessions or active peers is torn down. */
  public static final int GC_IDLE_TICKS = 5;
  /** The default of {@link Builder#maxTopicsPerConnection}. */
  public static final int DEFAULT_MAX_TOPICS_PER_CONNECTION = 4096;
  /** The default of {@link Builder#maxWakeupsPerAnnounce}. */
  public static final int DEFAULT_MAX_WAKEUPS_PER_ANNOUNCE = 4096;

  private static final System.Logger LOG = System.getLogger(WakeupSwarm.class.getName());

  private final Blake2b hashing;
  private final EventLoop loop;
  private final OnWakeup onWakeup;
  private final long gcTickMillis;
  private final Consumer<Throwable> errorHandler;
  private final byte[][] proofNamespace;
  private final ProtomuxOptions protomuxOptions;
  private final int maxTopicsPerConnection;
  final LimitedAnnounceCodec announceCodec;
  // Every topic's channels share these options, but for their id and peer.
  final ChannelOptions<
          Handshake>
      wakeupChannel;
  final WakeupStats.Counters counters;
  private final Map<Key32, WakeupTopic> topics = new LinkedHashMap<>();
  private final Set<WakeupTopic> topicsGc = new LinkedHashSet<>();
  private final Map<NoiseSecretStream, Protomux> muxers = new LinkedHashMap<>();
  // Streams whose close is checked for a limit, until they close.
  private final Set<NoiseSecretStream> watched = new HashSet<>();
  // Per attached stream: the topics the remote opened there that we hold a peer for.
  private final Map<NoiseSecretStream, Set<Key32>> remoteTopics = new HashMap<>();
  private Cancellable gcTimer;
  private boolean destroyed;

  private WakeupSwarm(Builder builder) {
    this.hashing = builder.hashing;
    this.loop = builder.loop;
    this.onWakeup = builder.onWakeup;
    this.gcTickMillis = builder.gcTickMillis;
    this.errorHandler = builder.errorHandler;
    this.proofNamespace = hashing.namespace("wakeup", 2);
    this.protomuxOptions = builder.protomuxOptions;
    this.maxTopicsPerConnection = builder.maxTopicsPerConnection;
    this.announceCodec = new LimitedAnnounceCodec(builder.maxWakeupsPerAnnounce);
    this.wakeupChannel = WakeupTopic.wakeupChannel(announceCodec);
    this.counters = new WakeupStats.Counters(loop);
  }

  /**
   * Starts building a swarm.
   *
   * @param hashing the BLAKE2b functions (any {@code Crypto} provider)
   * @param loop the event loop the swarm and its streams live on
   */
  public static Builder builder(Blake2b hashing, EventLoop loop) {
    return new Builder(hashing, loop);
  }

  /** Options of a {@link WakeupSwarm}. */
  public static final class Builder {
    private final Blake2b hashing;
    private final EventLoop loop;
    private OnWakeup onWakeup = OnWakeup.IGNORE;
    private long gcTickMillis = DEFAULT_GC_TICK_MILLIS;
    private Consumer<Throwable> errorHandler =
        e -> LOG.log(System.Logger.Level.WARNING, "wakeup handler failed", e);
    private ProtomuxOptions protomuxOptions = ProtomuxOptions.DEFAULTS;
    private int maxTopicsPerConnection = DEFAULT_MAX_TOPICS_PER_CONNECTION;
    private int maxWakeupsPerAnnounce = DEFAULT_MAX_WAKEUPS_PER_ANNOUNCE;

    private Builder(Blake2b hashing, EventLoop loop) {
      this.hashing = Objects.requireNonNull(hashing, "hashing");
      this.loop = Objects.requireNonNull(loop, "loop");
    }

    /** Called when a remote opens a topic this swarm has no session for. */
    public Builder onWakeup(OnWakeup handler) {
      this.onWakeup = Objects.requireNonNull(handler);
      return this;
    }

    /** The garbage-collection tick (default 2000 ms). */
    public Builder gcTickMillis(long millis) {
      if (millis <= 0) {
        throw new IllegalArgumentException("gcTickMillis must be positive");
      }
      this.gcTickMillis = millis;
      return this;
    }

    /** Where exceptions thrown by handlers are reported (default: a warning on System.Logger). */
    public Builder errorHandler(Consumer<Throwable> handler) {
      this.errorHandler = Objects.requireNonNull(handler);
      return this;
    }

    /**
     * The limits of the Protomux the swarm attaches to each stream (default {@link
     * ProtomuxOptions#DEFAULTS}); a stream that already has a mux keeps that one's.
     */
    public Builder protomuxOptions(ProtomuxOptions options) {
      this.protomuxOptions = Objects.requireNonNull(options, "options");
      return this;
    }

    /**
     * How many topics the remote may open the wakeup channel for on one stream and have a peer
     * for at once (default 4096): for topics of ours, or that the {@link OnWakeup} accepts.
     * One more closes the stream. Opens the swarm rejects do not count. It must exceed the
     * topics one peer shares with this node.
     */
    public Builder maxTopicsPerConnection(int topics) {
      if (topics < 1) {
        throw new IllegalArgumentException("maxTopicsPerConnection must be positive, got " + topics);
      }
      this.maxTopicsPerConnection = topics;
      return this;
    }

    /**
     * The most entries a received announce may have (default 4096); one with more closes the
     * stream before its entries are decoded. The reference has no such limit (only
     * compact-encoding's 1,048,576 for any array).
     */
    public Builder maxWakeupsPerAnnounce(int wakeups) {
      if (wakeups < 1) {
        throw new IllegalArgumentException("maxWakeupsPerAnnounce must be positive, got " + wakeups);
      }
      this.maxWakeupsPerAnnounce = wakeups;
      return this;
    }

    /** The swarm. */
    public WakeupSwarm build() {
      return new WakeupSwarm(this);
    }
  }

  /** The loop this swarm is confined to. */
  public EventLoop eventLoop() {
    return loop;
  }

  /**
   * Joins the topic of {@code capability} (its discovery key, or {@code options.discoveryKey()}),
   * creating it, and opening its channel on every known stream, if it is new.
   */
  public WakeupSession session(
      Capability capability, SessionHandlers handlers, SessionOptions options) {
    Objects.requireNonNull(capability, "capability");
    Objects.requireNonNull(handlers, "handlers");
    Objects.requireNonNull(options, "options");
    checkLoop();
    if (destroyed) {
      throw new IllegalStateException("swarm is destroyed");
    }
    Key32 id = topicId(capability, options);
    WakeupTopic topic = topics.get(id);
    if (topic != null) {
      return topic.addSession(handlers, options.active());
    }
    topic = new WakeupTopic(this, id, capability, options.active());
    topics.put(id, topic);
    for (NoiseSecretStream stream : List.copyOf(muxers.keySet())) {
      topic.open(stream, true);
    }
    return topic.addSession(handlers, options.active());
  }

  /** {@link #session(Capability, SessionHandlers, SessionOptions)} with the default options. */
  public WakeupSession session(Capability capability, SessionHandlers handlers) {
    return session(capability, handlers, SessionOptions.DEFAULTS);
  }

  /** The sessions on the topic of {@code capability} (or of {@code discoveryKey} if not null). */
  public List<WakeupSession> getSessions(Capability capability, Key32 discoveryKey) {
    checkLoop();
    WakeupTopic topic = topics.get(topicId(capability, new SessionOptions(true, discoveryKey)));
    return topic == null ? List.of() : List.copyOf(topic.sessions);
  }

  /** Whether the stream was added to this swarm. */
  public boolean hasStream(NoiseSecretStream stream) {
    checkLoop();
    return muxers.containsKey(stream);
  }

  /** Whether the topic of {@code capability} (or {@code discoveryKey}) has a peer on the stream. */
  public boolean hasStream(NoiseSecretStream stream, Capability capability, Key32 discoveryKey) {
    checkLoop();
    WakeupTopic topic = topics.get(topicId(capability, new SessionOptions(true, discoveryKey)));
    return topic != null && topic.peersByStream.containsKey(stream);
  }

  /**
   * Adds a stream: once its handshake is done, remote wakeup opens on it are handled and every
   * active topic opens its channel on it.
   *
   * @throws IllegalArgumentException if the stream lives on another event loop
   */
  public void addStream(NoiseSecretStream stream) {
    if (stream.connection().eventLoop() != loop) {
      throw new IllegalArgumentException("stream lives on another event loop than the swarm");
    }
    checkLoop();
    watch(stream);
    stream.whenOpen(() -> attach(stream));
  }

  /** The topics, in creation order. */
  public List<WakeupTopic> topics() {
    checkLoop();
    return List.copyOf(topics.values());
  }

  /**
   * The counters. On the loop, exact; from any other thread, without waiting on the loop, the
   * snapshot the loop published at the end of its last turn that changed one.
   */
  public WakeupStats stats() {
    return counters.read();
  }

  /** Tears down every topic (closing their channels, calling onDestroy) and stops the GC timer. */
  public void destroy() {
    checkLoop();
    destroyed = true;
    stopGcTimer();
    for (WakeupTopic topic : List.copyOf(topics.values())) {
      topic.teardown();
    }
  }

  /** Whether {@link #destroy()} was called. */
  public boolean isDestroyed() {
    checkLoop();
    return destroyed;
  }

  private void attach(NoiseSecretStream stream) {
    if (destroyed || muxers.containsKey(stream)) {
      return;
    }
    Protomux mux = mux(stream);
    mux.pair(WakeupMessages.PROTOCOL, null, id -> onPair(id, stream));
    muxers.put(stream, mux);
    remoteTopics.put(stream, new HashSet<>());
    counters.streamsOpened++;
    counters.changed();
    stream.whenClosed(
        cause -> {
          muxers.remove(stream);
          remoteTopics.remove(stream);
          counters.streamsClosed++;
          counters.changed();
        });
    for (WakeupTopic topic : List.copyOf(topics.values())) {
      if (topic.isActive) {
        topic.open(stream, true);
      }
    }
  }

  private void onPair(byte[] id, NoiseSecretStream stream) {
    if (id == null || id.length != Key32.LENGTH) {
      return; // not a topic id: left unclaimed, so protomux rejects it
    }
    Key32 topicId = Key32.of(id);
    Set<Key32> opened = remoteTopics.get(stream);
    if (opened != null && !opened.contains(topicId) && opened.size() >= maxTopicsPerConnection) {
      // Thrown into Protomux, which destroys the stream with it.
      throw new WakeupLimitException(
          Limit.TOPICS_PER_CONNECTION,
          "too many topics: the remote opened more than maxTopicsPerConnection="
              + maxTopicsPerConnection
              + " on this connection");
    }
    WakeupTopic topic = topics.get(topicId);
    if (topic == null || topic.sessions.isEmpty()) {
      safely(() -> onWakeup.onWakeup(topicId, stream));
    } else {
      topic.open(stream, false);
    }
    WakeupTopic now = topics.get(topicId);
    if (opened != null && now != null && now.peersByStream.containsKey(stream)) {
      opened.add(topicId);
    }
  }

  /** A peer left its topic: the remote no longer holds that topic on the stream. */
  void onPeerRemoved(WakeupPeer peer) {
    Set<Key32> opened = remoteTopics.get(peer.stream);
    if (opened != null) {
      opened.remove(peer.topic.id());
    }
  }

  /** The stream's mux, created with the swarm's limits if it has none yet. */
  Protomux mux(NoiseSecretStream stream) {
    return Protomux.from(stream, protomuxOptions);
  }

  /** Counts the stream's close if a limit caused it (once per stream). */
  void watch(NoiseSecretStream stream) {
    if (stream.isClosed() || !watched.add(stream)) {
      return;
    }
    stream.whenClosed(
        cause -> {
          watched.remove(stream);
          Limit limit = Limit.of(cause);
          if (limit != null) {
            counters.limitClose(limit);
            LOG.log(
                System.Logger.Level.INFO,
                "closed the stream with {0} at a limit: {1}",
                stream.connection().remoteDescription(),
                cause.getMessage());
          }
          if (cause != null && stream.handshakeHash() == null) {
            counters.handshakeFailures++;
            counters.changed();
            LOG.log(
                System.Logger.Level.INFO,
                "handshake with {0} failed: {1}",
                stream.connection().remoteDescription(),
                cause.toString());
          }
        });
  }

  void onTopicActive(WakeupTopic topic) {
    for (NoiseSecretStream stream : List.copyOf(muxers.keySet())) {
      topic.open(stream, false);
    }
  }

  void forgetTopic(WakeupTopic topic) {
    topics.remove(topic.id());
    removeGc(topic);
  }

  void addGc(WakeupTopic topic) {
    if (topic.destroyed) {
      return;
    }
    topicsGc.add(topic);
    if (gcTimer == null) {
      gcTimer = loop.schedule(gcTickMillis, this::gcTick);
    }
  }

  void removeGc(WakeupTopic topic) {
    topicsGc.remove(topic);
    if (topicsGc.isEmpty()) {
      stopGcTimer();
    }
  }

  private void gcTick() {
    gcTimer = null;
    List<WakeupTopic> expired = new ArrayList<>();
    for (WakeupTopic topic : topicsGc) {
      if (++topic.idleTicks >= GC_IDLE_TICKS) {
        expired.add(topic);
      }
    }
    // Re-arm first, as setInterval would: teardown may empty the set and cancel it again.
    if (!topicsGc.isEmpty()) {
      gcTimer = loop.schedule(gcTickMillis, this::gcTick);
    }
    for (WakeupTopic topic : expired) {
      topic.teardown();
    }
  }

  private void stopGcTimer() {
    if (gcTimer != null) {
      gcTimer.cancel();
      gcTimer = null;
    }
  }

  byte[] capabilityProof(boolean initiatorRole, Capability capability, byte[] handshakeHash) {
    return hashing.hash(proofNamespace[initiatorRole ? 0 : 1], capability.raw(), handshakeHash);
  }

  private Key32 topicId(Capability capability, SessionOptions options) {
    return options.discoveryKey() != null
        ? options.discoveryKey()
        : Key32.of(hashing.discoveryKey(capability.raw()));
  }

  void safely(Runnable handlerCall) {
    try {
      handlerCall.run();
    } catch (RuntimeException e) {
      handlerFailed(e);
    }
  }

  /** What {@link #safely} does with a failure, for callers that catch it themselves. */
  void handlerFailed(RuntimeException e) {
    try {
      errorHandler.accept(e);
    } catch (RuntimeException ignored) {
      // The error handler itself failed; there is nobody left to tell.
    }
  }

  void checkLoop() {
    LoopConfinement.check(loop, "WakeupSwarm");
  }
}
