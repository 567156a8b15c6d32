package io.protomux.wakeup.ports.crypto;

/**
 * Where key seeds, ephemeral keys and stream headers come from. Production uses a secure source;
 * tests and simulations pass a seeded one so that a run can be replayed.
 */
@FunctionalInterface
public interface RandomSource {
  /** Fills the array with random bytes. */
  void nextBytes(byte[] bytes);

  /** A new array of {@code count} random bytes. */
  default byte[] bytes(int count) {
    byte[] out = new byte[count];
    nextBytes(out);
    return out;
  }
}
