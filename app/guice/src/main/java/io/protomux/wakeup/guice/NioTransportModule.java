package io.protomux.wakeup.guice;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import io.protomux.wakeup.adapters.nio.NioOptions;
import io.protomux.wakeup.adapters.nio.NioTransport;
import io.protomux.wakeup.ports.loop.EventLoop;
import io.protomux.wakeup.ports.transport.Transport;
import jakarta.inject.Singleton;
import java.util.Objects;

/**
 * Binds {@link Transport} to a {@link NioTransport} (TCP) and {@link EventLoop} to its one loop,
 * which the swarm then shares with every connection. The transport's loop thread starts when the
 * transport is first injected; the host closes it ({@code Transport.close()}) on shutdown, after
 * destroying the swarm.
 */
public final class NioTransportModule extends AbstractModule {
  private final NioOptions options;

  /** {@link NioOptions#defaults()}. */
  public NioTransportModule() {
    this(NioOptions.defaults());
  }

  /**
   * @param options transport settings; the loop count must be 1
   * @throws IllegalArgumentException for more loops: a swarm and all its streams must share one
   *     loop, and the transport would spread connections over the others
   */
  public NioTransportModule(NioOptions options) {
    Objects.requireNonNull(options, "options");
    if (options.loopCount() != 1) {
      throw new IllegalArgumentException(
          "a swarm needs all its connections on its own loop: loopCount must be 1, got "
              + options.loopCount());
    }
    this.options = options;
  }

  @Override
  protected void configure() {
    bind(Transport.class).to(NioTransport.class);
  }

  @Provides
  @Singleton
  NioTransport transport() {
    return new NioTransport(options);
  }

  @Provides
  @Singleton
  EventLoop eventLoop(NioTransport transport) {
    return transport.eventLoops().get(0);
  }
}
