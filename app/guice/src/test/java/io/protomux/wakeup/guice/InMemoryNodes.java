package io.protomux.wakeup.guice;

import com.google.inject.Guice;
import com.google.inject.Injector;
import com.google.inject.Module;
import com.google.inject.util.Modules;
import io.protomux.wakeup.adapters.inmemory.InMemoryNetwork;
import io.protomux.wakeup.adapters.inmemory.VirtualTimeLoop;
import io.protomux.wakeup.domain.wakeup.Capability;
import java.util.function.BooleanSupplier;

/** Nodes injected the way a host would, on the node tests' simulated network. */
final class InMemoryNodes {
  private final io.protomux.wakeup.node.InMemoryNodes sim = new io.protomux.wakeup.node.InMemoryNodes();
  final VirtualTimeLoop loop = sim.loop;
  final InMemoryNetwork network = sim.network;

  /** A node named {@code host}, replayable from {@code seed}, with {@code overrides} applied. */
  Injector node(String host, long seed, Module... overrides) {
    Module base = new WakeupNodeModule(sim.builder(host, seed));
    return Guice.createInjector(Modules.override(base).with(overrides));
  }

  void runUntil(BooleanSupplier condition) {
    sim.runUntil(condition);
  }

  static Capability capability(int fill) {
    return io.protomux.wakeup.node.InMemoryNodes.capability(fill);
  }

  static byte[] filled(int fill) {
    return io.protomux.wakeup.node.InMemoryNodes.filled(fill);
  }
}
