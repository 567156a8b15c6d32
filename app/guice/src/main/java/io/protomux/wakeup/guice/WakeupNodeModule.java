package io.protomux.wakeup.guice;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.TypeLiteral;
import io.protomux.wakeup.domain.wakeup.OnWakeup;
import io.protomux.wakeup.node.WakeupNode;
import io.protomux.wakeup.node.WakeupNodeBuilder;
import jakarta.inject.Singleton;
import java.util.List;
import java.util.Objects;

/**
 * Binds a {@link WakeupNode} (a singleton, built from a {@link WakeupNodeBuilder}) and the {@link
 * OnWakeup} it tells about topics it has no session for (default {@link OnWakeup#IGNORE}). The
 * node is the whole stack; the host injects it and closes it on shutdown.
 *
 * <p>To accept such topics, override the {@code OnWakeup} binding with {@code
 * Modules.override(new WakeupNodeModule()).with(...)}; since the node needs the handler and the
 * handler needs the node, the handler takes a {@code Provider<WakeupNode>}.
 *
 * <p>The HyperDHT bootstrap nodes are a binding too, the {@code List<String>} qualified with
 * {@link DhtBootstrap} (default: empty, which leaves the builder's {@code bootstrap} as it is);
 * override it to put the node on the DHT. The other DHT options go through the builder ({@code
 * dhtHost}, {@code joinSessionTopics}...).
 */
public final class WakeupNodeModule extends AbstractModule {
  /** The type of the {@link DhtBootstrap} binding, for {@code bind(...)} in a host's module. */
  public static final TypeLiteral<List<String>> BOOTSTRAP = new TypeLiteral<>() {};

  private final WakeupNodeBuilder builder;

  /** A node with the defaults: TCP, Bouncy Castle, one loop, a random key pair. */
  public WakeupNodeModule() {
    this(WakeupNode.builder());
  }

  /**
   * A node with these options. Its {@code onWakeup} is replaced by the bound {@link OnWakeup};
   * the builder must not be changed once the injector exists.
   */
  public WakeupNodeModule(WakeupNodeBuilder builder) {
    this.builder = Objects.requireNonNull(builder, "builder");
  }

  @Override
  protected void configure() {
    bind(OnWakeup.class).toInstance(OnWakeup.IGNORE);
    bind(BOOTSTRAP).annotatedWith(DhtBootstrap.class).toInstance(List.of());
  }

  @Provides
  @Singleton
  WakeupNode node(OnWakeup onWakeup, @DhtBootstrap List<String> bootstrap) {
    if (!bootstrap.isEmpty()) {
      builder.bootstrap(bootstrap);
    }
    return builder.onWakeup(onWakeup).build();
  }
}
