package io.protomux.wakeup.domain.udx;

import static org.assertj.core.api.Assertions.assertThat;

import io.protomux.wakeup.adapters.inmemory.VirtualTimeLoop;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class StreamTableTest {
  @Test
  void behavesAsAMapUnderRandomPutsAndRemovesIncludingCollidingClusters() {
    VirtualTimeLoop loop = new VirtualTimeLoop();
    Udx udx = new Udx(loop, bytes -> {});
    StreamTable table = new StreamTable();
    Map<Integer, UdxStream> model = new HashMap<>();
    Random random = new Random(5);
    for (int step = 0; step < 20_000; step++) {
      int id = random.nextInt(512) * 1024; // many ids, few distinct low bits
      if (model.containsKey(id) && random.nextBoolean()) {
        table.remove(id, model.remove(id));
      } else if (!model.containsKey(id)) {
        UdxStream stream = new UdxStream(udx, id, UdxStreamOptions.DEFAULTS);
        model.put(id, stream);
        table.put(id, stream);
      }
      if (step % 97 == 0) {
        for (int probe = 0; probe < 512; probe++) {
          assertThat(table.get(probe * 1024)).isSameAs(model.get(probe * 1024));
        }
        assertThat(table.size()).isEqualTo(model.size());
      }
    }
    assertThat(table.values()).containsExactlyInAnyOrderElementsOf(model.values());
  }

  @Test
  void removeOfAStaleEntryLeavesTheLiveOneInPlace() {
    VirtualTimeLoop loop = new VirtualTimeLoop();
    Udx udx = new Udx(loop, bytes -> {});
    StreamTable table = new StreamTable();
    UdxStream live = new UdxStream(udx, 7, UdxStreamOptions.DEFAULTS);
    UdxStream stale = new UdxStream(udx, 7, UdxStreamOptions.DEFAULTS);
    table.put(7, live);
    table.remove(7, stale);
    assertThat(table.get(7)).isSameAs(live);
  }
}
