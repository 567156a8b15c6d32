package io.protomux.wakeup.guice;

import io.protomux.wakeup.node.WakeupConnector;
import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import io.protomux.wakeup.domain.protomux.ProtomuxOptions;
import io.protomux.wakeup.domain.stream.StreamOptions;
import io.protomux.wakeup.domain.wakeup.OnWakeup;
import io.protomux.wakeup.domain.wakeup.WakeupSwarm;
import io.protomux.wakeup.ports.crypto.Blake2b;
import io.protomux.wakeup.ports.crypto.Crypto;
import io.protomux.wakeup.ports.crypto.KeyPair;
import io.protomux.wakeup.ports.loop.EventLoop;
import jakarta.inject.Singleton;
import java.util.Objects;

/**
 * Binds a {@link WakeupSwarm} on the injected {@link EventLoop}, the node's static {@link
 * KeyPair}, the {@link StreamOptions} of its secret streams, and a {@link WakeupConnector} that
 * adds connections to the swarm. Needs a transport module and a crypto module beside it.
 *
 * <p>The swarm's {@link OnWakeup} (a remote opened a topic the swarm has no session for) is
 * bound to {@link OnWakeup#IGNORE}; a host replaces it, or the key pair, with {@code
 * Modules.override(new WakeupSwarmModule()).with(...)}. A handler that accepts such topics needs
 * the swarm: inject a {@code Provider<WakeupSwarm>} into it, since the swarm itself needs the
 * handler.
 */
public final class WakeupSwarmModule extends AbstractModule {
  private final long gcTickMillis;
  private final StreamOptions streamOptions;
  private final ProtomuxOptions protomuxOptions;
  private final int maxTopicsPerConnection;
  private final int maxWakeupsPerAnnounce;
  private final byte[] keySeed;

  /** The reference's defaults and a random key pair. */
  public WakeupSwarmModule() {
    this(builder());
  }

  private WakeupSwarmModule(Builder builder) {
    this.gcTickMillis = builder.gcTickMillis;
    this.streamOptions = builder.streamOptions;
    this.protomuxOptions = builder.protomuxOptions;
    this.maxTopicsPerConnection = builder.maxTopicsPerConnection;
    this.maxWakeupsPerAnnounce = builder.maxWakeupsPerAnnounce;
    this.keySeed = builder.keySeed;
  }

  /** Starts from the defaults of {@link #WakeupSwarmModule()}. */
  public static Builder builder() {
    return new Builder();
  }

  /** Options of a {@link WakeupSwarmModule}. */
  public static final class Builder {
    private long gcTickMillis = WakeupSwarm.DEFAULT_GC_TICK_MILLIS;
    private StreamOptions streamOptions = StreamOptions.DEFAULTS;
    private ProtomuxOptions protomuxOptions = ProtomuxOptions.DEFAULTS;
    private int maxTopicsPerConnection = WakeupSwarm.DEFAULT_MAX_TOPICS_PER_CONNECTION;
    private int maxWakeupsPerAnnounce = WakeupSwarm.DEFAULT_MAX_WAKEUPS_PER_ANNOUNCE;
    private byte[] keySeed;

    private Builder() {}

    /** How often idle topics are checked for collection (default 2000 ms, as the reference). */
    public Builder gcTickMillis(long millis) {
      if (millis <= 0) {
        throw new IllegalArgumentException("gcTickMillis must be positive, got " + millis);
      }
      this.gcTickMillis = millis;
      return this;
    }

    /**
     * Limits and timers of every secret stream (default {@link StreamOptions#DEFAULTS}, the
     * reference's; a node that accepts connections from anyone wants {@link
     * StreamOptions#PUBLIC_NODE}).
     */
    public Builder streamOptions(StreamOptions options) {
      this.streamOptions = Objects.requireNonNull(options, "options");
      return this;
    }

    /** Limits of each connection's Protomux (default {@link ProtomuxOptions#DEFAULTS}). */
    public Builder protomuxOptions(ProtomuxOptions options) {
      this.protomuxOptions = Objects.requireNonNull(options, "options");
      return this;
    }

    /** See {@link WakeupSwarm.Builder#maxTopicsPerConnection(int)} (default 4096). */
    public Builder maxTopicsPerConnection(int topics) {
      if (topics < 1) {
        throw new IllegalArgumentException("maxTopicsPerConnection must be positive, got " + topics);
      }
      this.maxTopicsPerConnection = topics;
      return this;
    }

    /** See {@link WakeupSwarm.Builder#maxWakeupsPerAnnounce(int)} (default 4096). */
    public Builder maxWakeupsPerAnnounce(int wakeups) {
      if (wakeups < 1) {
        throw new IllegalArgumentException("maxWakeupsPerAnnounce must be positive, got " + wakeups);
      }
      this.maxWakeupsPerAnnounce = wakeups;
      return this;
    }

    /**
     * Derives the node's key pair from this 32-byte seed, so its public key stays the same
     * across runs (default: a fresh random key pair).
     */
    public Builder keySeed(byte[] seed) {
      if (seed.length != 32) {
        throw new IllegalArgumentException("key seed must be 32 bytes, got " + seed.length);
      }
      this.keySeed = seed.clone();
      return this;
    }

    /** The module. */
    public WakeupSwarmModule build() {
      return new WakeupSwarmModule(this);
    }
  }

  @Override
  protected void configure() {
    bind(OnWakeup.class).toInstance(OnWakeup.IGNORE);
    bind(StreamOptions.class).toInstance(streamOptions);
  }

  @Provides
  @Singleton
  WakeupConnector connector(
      io.protomux.wakeup.ports.transport.Transport transport,
      Crypto crypto,
      KeyPair keyPair,
      StreamOptions options,
      WakeupSwarm swarm) {
    return new WakeupConnector(transport, crypto, keyPair, options, swarm);
  }

  @Provides
  @Singleton
  KeyPair keyPair(Crypto crypto) {
    return keySeed == null ? crypto.keyPair() : crypto.keyPair(keySeed);
  }

  @Provides
  @Singleton
  WakeupSwarm swarm(Blake2b hashing, EventLoop loop, OnWakeup onWakeup) {
    return WakeupSwarm.builder(hashing, loop)
        .onWakeup(onWakeup)
        .gcTickMillis(gcTickMillis)
        .protomuxOptions(protomuxOptions)
        .maxTopicsPerConnection(maxTopicsPerConnection)
        .maxWakeupsPerAnnounce(maxWakeupsPerAnnounce)
        .build();
  }
}
