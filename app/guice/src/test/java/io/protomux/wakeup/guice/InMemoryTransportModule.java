package io.protomux.wakeup.guice;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import io.protomux.wakeup.adapters.inmemory.InMemoryNetwork;
import io.protomux.wakeup.adapters.inmemory.InMemoryTransport;
import io.protomux.wakeup.ports.loop.EventLoop;
import io.protomux.wakeup.ports.transport.Transport;
import jakarta.inject.Singleton;
import java.util.Objects;

/**
 * Binds {@link Transport} to one node's transport on a simulated {@link InMemoryNetwork}, and
 * {@link EventLoop} to the network's virtual-time loop. Give every node (injector) of a test the
 * same network and its own host name; the test drives time through the network's loop, and
 * injects and calls everything on that loop's thread.
 */
public final class InMemoryTransportModule extends AbstractModule {
  private final InMemoryNetwork network;
  private final String host;

  /**
   * @param network the network shared by every node of the simulation
   * @param host this node's name: where its dials come from, and where it normally listens
   */
  public InMemoryTransportModule(InMemoryNetwork network, String host) {
    this.network = Objects.requireNonNull(network, "network");
    this.host = Objects.requireNonNull(host, "host");
  }

  @Override
  protected void configure() {
    bind(EventLoop.class).toInstance(network.loop());
    bind(Transport.class).to(InMemoryTransport.class);
  }

  @Provides
  @Singleton
  InMemoryTransport transport() {
    return network.transport(host);
  }
}
