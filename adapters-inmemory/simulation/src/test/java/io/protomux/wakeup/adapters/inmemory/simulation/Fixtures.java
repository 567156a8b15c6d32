package io.protomux.wakeup.adapters.inmemory.simulation;

import io.protomux.wakeup.adapters.bouncycastle.BouncyCastleCrypto;
import io.protomux.wakeup.adapters.bouncycastle.RandomSources;
import io.protomux.wakeup.domain.wakeup.Capability;

/** What every simulation test starts from. */
final class Fixtures {
  private Fixtures() {}

  /** A simulation builder with seeded Bouncy Castle crypto per node. */
  static Simulation.Builder simulation(long seed) {
    return Simulation.builder(seed)
        .crypto(nodeSeed -> new BouncyCastleCrypto(RandomSources.seeded(nodeSeed)));
  }

  /** Capability number {@code n}: its bytes are {@code n} (big-endian) and a fixed fill. */
  static Capability capability(int n) {
    byte[] bytes = new byte[32];
    for (int i = 4; i < bytes.length; i++) {
      bytes[i] = (byte) (0x5a + i);
    }
    bytes[0] = (byte) (n >>> 24);
    bytes[1] = (byte) (n >>> 16);
    bytes[2] = (byte) (n >>> 8);
    bytes[3] = (byte) n;
    return Capability.of(bytes);
  }
}
