package io.protomux.wakeup.guice;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import io.protomux.wakeup.domain.wakeup.OnWakeup;
import io.protomux.wakeup.node.WakeupNode;
import io.protomux.wakeup.node.WakeupNodeBuilder;
import jakarta.inject.Singleton;
import java.util.Objects;

/**
 * Binds a {@link WakeupNode} (a singleton, built from a {@link WakeupNodeBuilder}) and the {@link
 * OnWakeup} it tells about topics it has no session for (default {@link OnWakeup#IGNORE}). The
 * node is the whole stack; the host injects it and closes it on shutdown.
 *
 * <p>To accept such topics, override the {@code OnWakeup} binding with {@code
 * Modules.override(new WakeupNodeModule()).with(...)}; since the node needs the handler and the
 * handler needs the node, the handler takes a {@code Provider<WakeupNode>}.
 */
public final class WakeupNodeModule extends AbstractModule {
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
  }

  @Provides
  @Singleton
  WakeupNode node(OnWakeup onWakeup) {
    return builder.onWakeup(onWakeup).build();
  }
}
