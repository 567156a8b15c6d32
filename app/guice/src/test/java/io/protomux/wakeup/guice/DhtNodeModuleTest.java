package io.protomux.wakeup.guice;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.inject.Guice;
import com.google.inject.Injector;
import com.google.inject.util.Modules;
import io.protomux.wakeup.node.DhtNodeService;
import io.protomux.wakeup.node.WakeupNode;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** {@link DhtNodeModule}: a serving DHT node in the host's injector, alone or with the node. */
class DhtNodeModuleTest {
  @Test
  void aFirstNodeAloneAndANodeJoiningThroughTheBoundBootstrapList() throws Exception {
    Injector firstInjector = Guice.createInjector(
        new DhtNodeModule(DhtNodeService.builder().host("127.0.0.1").port(0)));
    try (DhtNodeService first = firstInjector.getInstance(DhtNodeService.class)) {
      assertThat(firstInjector.getInstance(DhtNodeService.class)).isSameAs(first);
      first.bootstrapped().get(10, TimeUnit.SECONDS);
      String bootstrap = "127.0.0.1:" + first.address().getPort();
      Injector both = Guice.createInjector(Modules.override(
              new WakeupNodeModule(WakeupNode.builder().dhtHost("127.0.0.1").dhtPort(0)),
              new DhtNodeModule(DhtNodeService.builder().host("127.0.0.1").port(0)))
          .with(binder -> binder.bind(WakeupNodeModule.BOOTSTRAP).annotatedWith(DhtBootstrap.class)
              .toInstance(List.of(bootstrap))));
      try (DhtNodeService joined = both.getInstance(DhtNodeService.class);
          WakeupNode node = both.getInstance(WakeupNode.class)) {
        joined.bootstrapped().get(10, TimeUnit.SECONDS);
        node.dhtBootstrapped().get(10, TimeUnit.SECONDS);
        assertThat(joined.currentStats().get(5, TimeUnit.SECONDS).persistent()).isTrue();
        assertThat(first.currentStats().get(5, TimeUnit.SECONDS).tableSize()).isEqualTo(1);
      }
    }
  }
}
