package io.protomux.wakeup.node;

import io.protomux.wakeup.adapters.bouncycastle.BouncyCastleCrypto;
import io.protomux.wakeup.adapters.bouncycastle.RandomSources;
import io.protomux.wakeup.adapters.inmemory.InMemoryNetwork;
import io.protomux.wakeup.adapters.inmemory.NetworkOptions;
import io.protomux.wakeup.adapters.inmemory.VirtualTimeLoop;
import io.protomux.wakeup.domain.wakeup.Capability;
import java.util.Arrays;
import java.util.function.BooleanSupplier;

/**
 * Nodes on one simulated network and its virtual clock, driven by the test's thread: for the
 * tests of this and the other app modules.
 */
public final class InMemoryNodes {
  public final VirtualTimeLoop loop = new VirtualTimeLoop();
  // Small chunks, so every message crosses several deliveries.
  public final InMemoryNetwork network = new InMemoryNetwork(loop, NetworkOptions.defaults().withSeed(7).withChunking(61));

  /** A builder for a node named {@code host} on the network, replayable from {@code seed}. */
  public WakeupNodeBuilder builder(String host, long seed) {
    return WakeupNode.builder()
        .transport(network.transport(host), loop)
        .crypto(new BouncyCastleCrypto(RandomSources.seeded(seed)));
  }

  public WakeupNode node(String host, long seed) {
    return builder(host, seed).build();
  }

  public void runUntil(BooleanSupplier condition) {
    if (!loop.runUntil(condition, 60_000)) {
      throw new AssertionError("the condition never held within a virtual minute");
    }
  }

  public static Capability capability(int fill) {
    return Capability.of(filled(fill));
  }

  public static byte[] filled(int fill) {
    byte[] bytes = new byte[32];
    Arrays.fill(bytes, (byte) fill);
    return bytes;
  }
}
