package io.protomux.wakeup.guice;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.inject.Guice;
import com.google.inject.Injector;
import com.google.inject.ProvisionException;
import com.google.inject.util.Modules;
import io.protomux.wakeup.node.WakeupNode;
import java.net.InetSocketAddress;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The {@link DhtBootstrap} binding puts the injected node on the DHT; unbound, it has none. */
class DhtBindingTest {
  @Test
  void withoutTheBindingTheNodeHasNoDht() {
    WakeupNode node = Guice.createInjector(new WakeupNodeModule()).getInstance(WakeupNode.class);
    try (node) {
      assertThat(node.dhtAddress()).isNull();
      assertThat(node.listenOnDht()).isCompletedExceptionally();
    }
  }

  @Test
  void theBoundBootstrapNodesGiveTheNodeItsDht() {
    // Nobody answers on the discard port: the node binds its sockets and tries, on loopback only.
    Injector injector = Guice.createInjector(Modules.override(
            new WakeupNodeModule(WakeupNode.builder().dhtHost("127.0.0.1").dhtPort(0)))
        .with(binder -> binder.bind(WakeupNodeModule.BOOTSTRAP).annotatedWith(DhtBootstrap.class)
            .toInstance(List.of("127.0.0.1:9"))));
    WakeupNode node = injector.getInstance(WakeupNode.class);
    try (node) {
      InetSocketAddress dht = node.dhtAddress();
      assertThat(dht).isNotNull();
      assertThat(dht.getAddress().getHostAddress()).isEqualTo("127.0.0.1");
      assertThat(dht.getPort()).isPositive();
      assertThat(injector.getInstance(WakeupNode.class)).isSameAs(node);
    }
  }

  @Test
  void aBadBootstrapNodeFailsTheInjection() {
    Injector injector = Guice.createInjector(Modules.override(new WakeupNodeModule())
        .with(binder -> binder.bind(WakeupNodeModule.BOOTSTRAP).annotatedWith(DhtBootstrap.class)
            .toInstance(List.of("no-port"))));
    assertThatThrownBy(() -> injector.getInstance(WakeupNode.class))
        .isInstanceOf(ProvisionException.class)
        .hasMessageContaining("bootstrap node needs HOST:PORT, got \"no-port\"");
  }
}
