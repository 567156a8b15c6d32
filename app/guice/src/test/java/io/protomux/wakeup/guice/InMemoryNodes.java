package io.protomux.wakeup.guice;

import com.google.inject.Guice;
import com.google.inject.Injector;
import com.google.inject.Module;
import com.google.inject.util.Modules;
import io.protomux.wakeup.adapters.bouncycastle.BouncyCastleCrypto;
import io.protomux.wakeup.adapters.bouncycastle.RandomSources;
import io.protomux.wakeup.adapters.inmemory.InMemoryNetwork;
import io.protomux.wakeup.adapters.inmemory.NetworkOptions;
import io.protomux.wakeup.adapters.inmemory.VirtualTimeLoop;
import io.protomux.wakeup.domain.wakeup.Capability;
import io.protomux.wakeup.node.WakeupNode;
import java.util.Arrays;

/** Nodes injected the way a host would, on one simulated network and its virtual clock. */
final class InMemoryNodes {
  final VirtualTimeLoop loop = new VirtualTimeLoop();
  // Small chunks, so every message crosses several deliveries.
  final InMemoryNetwork network =
      new InMemoryNetwork(loop, NetworkOptions.defaults().withSeed(7).withChunking(61));

  /** A node named {@code host}, replayable from {@code seed}, with {@code overrides} applied. */
  Injector node(String host, long seed, Module... overrides) {
    Module base =
        new WakeupNodeModule(
            WakeupNode.builder()
                .transport(network.transport(host), loop)
                .crypto(new BouncyCastleCrypto(RandomSources.seeded(seed))));
    return Guice.createInjector(Modules.override(base).with(overrides));
  }

  /** Runs the simulation until the condition holds; fails the test if it never does. */
  void runUntil(java.util.function.BooleanSupplier condition) {
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
