package io.protomux.wakeup.guice;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import io.protomux.wakeup.node.DhtNodeService;
import jakarta.inject.Singleton;
import java.util.List;
import java.util.Objects;

/**
 * Binds a {@link DhtNodeService} (a singleton): a HyperDHT node that serves the network, in the
 * host's process. Its bootstrap nodes are the {@link DhtBootstrap} binding, as for {@link
 * WakeupNodeModule} (both modules read the same one, so a node and its own DHT node join the same
 * network); with none bound the builder's list stands, and an empty one starts a new network. The
 * host closes the service on shutdown.
 */
public final class DhtNodeModule extends AbstractModule {
  private final DhtNodeService.Builder builder;

  /**
   * A node with these settings; its bootstrap list is replaced by a non-empty {@link
   * DhtBootstrap} binding. The builder must not be changed once the injector exists.
   */
  public DhtNodeModule(DhtNodeService.Builder builder) {
    this.builder = Objects.requireNonNull(builder, "builder");
  }

  @Override
  protected void configure() {
    // The same binding as WakeupNodeModule's, which Guice takes once when both are installed, so
    // that this module also works alone.
    bind(WakeupNodeModule.BOOTSTRAP).annotatedWith(DhtBootstrap.class).toInstance(List.of());
  }

  @Provides
  @Singleton
  DhtNodeService dhtNode(@DhtBootstrap List<String> bootstrap) {
    if (!bootstrap.isEmpty()) {
      builder.bootstrap(bootstrap);
    }
    return builder.build();
  }
}
