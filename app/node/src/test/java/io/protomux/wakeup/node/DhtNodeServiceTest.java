package io.protomux.wakeup.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** {@link DhtNodeService} on loopback: a first node, a node joining it, the table events. */
class DhtNodeServiceTest {
  @Test
  void aFirstNodeIsPersistentAtOnceAndANodeJoiningItEntersItsTable() throws Exception {
    List<DhtNodeService.TableChange> changes = new CopyOnWriteArrayList<>();
    try (DhtNodeService first =
            DhtNodeService.builder().host("127.0.0.1").port(0).onTableChange(changes::add).build()) {
      first.bootstrapped().get(10, TimeUnit.SECONDS);
      DhtNodeStats stats = first.currentStats().get(5, TimeUnit.SECONDS);
      assertThat(stats.persistent()).isTrue();
      assertThat(stats.publicHost()).isEqualTo("127.0.0.1");
      assertThat(stats.publicPort()).isEqualTo(first.address().getPort());
      String bootstrap = "127.0.0.1:" + first.address().getPort();
      try (DhtNodeService second =
              DhtNodeService.builder().host("127.0.0.1").port(0).bootstrap(List.of(bootstrap))
                  .build()) {
        second.bootstrapped().get(10, TimeUnit.SECONDS);
        DhtNodeStats joined = second.currentStats().get(5, TimeUnit.SECONDS);
        assertThat(joined.persistent()).isTrue();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (changes.isEmpty() && System.nanoTime() < deadline) {
          Thread.sleep(20);
        }
        assertThat(changes).hasSize(1);
        DhtNodeService.TableChange change = changes.get(0);
        assertThat(change.added()).isTrue();
        assertThat(change.port()).isEqualTo(second.address().getPort());
        assertThat(HexFormat.of().formatHex(change.id())).isEqualTo(joined.id());
        assertThat(first.currentStats().get(5, TimeUnit.SECONDS).tableSize()).isEqualTo(1);
      }
    }
  }

  @Test
  void aFirstNodeNeedsTheAddressItIsReachedAt() {
    assertThatThrownBy(() -> DhtNodeService.builder().port(0).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("needs the IPv4 address others reach it at, not 0.0.0.0");
    assertThatThrownBy(() -> DhtNodeService.builder().port(70000))
        .hasMessageContaining("port must be 0..65535, got 70000");
  }

  @Test
  void closingTwiceIsHarmless() throws Exception {
    DhtNodeService node = DhtNodeService.builder().host("127.0.0.1").port(0).build();
    node.bootstrapped().get(10, TimeUnit.SECONDS);
    node.close();
    node.close();
    assertThat(node.stats().persistent()).isTrue();
  }
}
