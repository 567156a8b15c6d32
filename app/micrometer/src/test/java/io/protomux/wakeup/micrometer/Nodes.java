package io.protomux.wakeup.micrometer;

import io.protomux.wakeup.adapters.bouncycastle.BouncyCastleCrypto;
import io.protomux.wakeup.adapters.bouncycastle.RandomSources;
import io.protomux.wakeup.adapters.inmemory.InMemoryNetwork;
import io.protomux.wakeup.adapters.inmemory.NetworkOptions;
import io.protomux.wakeup.adapters.inmemory.VirtualTimeLoop;
import io.protomux.wakeup.domain.wakeup.Capability;
import io.protomux.wakeup.node.WakeupNode;
import io.protomux.wakeup.node.WakeupNodeBuilder;
import java.util.Arrays;
import java.util.function.BooleanSupplier;

/** Nodes on one simulated network and its virtual clock, driven by the test's thread. */
final class Nodes {
  final VirtualTimeLoop loop = new VirtualTimeLoop();
  final InMemoryNetwork network = new InMemoryNetwork(loop, NetworkOptions.defaults().withSeed(7));

  /** A builder for a node named {@code host} on the network, replayable from {@code seed}. */
  WakeupNodeBuilder builder(String host, long seed) {
    return WakeupNode.builder()
        .transport(network.transport(host), loop)
        .crypto(new BouncyCastleCrypto(RandomSources.seeded(seed)));
  }

  WakeupNode node(String host, long seed) {
    return builder(host, seed).build();
  }

  void runUntil(BooleanSupplier condition) {
    if (!loop.runUntil(condition, 60_000)) {
      throw new AssertionError("the condition never held within a virtual minute");
    }
  }

  static Capability capability(int fill) {
    return Capability.of(filled(fill));
  }

  static byte[] filled(int fill) {
    byte[] bytes = new byte[32];
    Arrays.fill(bytes, (byte) fill);
    return bytes;
  }
}
