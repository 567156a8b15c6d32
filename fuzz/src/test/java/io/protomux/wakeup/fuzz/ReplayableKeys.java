package io.protomux.wakeup.fuzz;

import io.protomux.wakeup.adapters.bouncycastle.BouncyCastleCrypto;
import io.protomux.wakeup.ports.crypto.Crypto;
import io.protomux.wakeup.ports.crypto.KeyPair;
import io.protomux.wakeup.ports.crypto.RandomSource;
import java.util.Arrays;

/**
 * The key pairs of {@code domain/src/test/resources/extra/noise-xx-replayable.json}: handshake
 * {@code i} uses the Ed25519 seeds {@code 4i+1} (initiator static), {@code 4i+2} (initiator
 * ephemeral), {@code 4i+3} (responder static) and {@code 4i+4} (responder ephemeral), each byte
 * repeated 32 times. Deriving them here keeps the targets independent of that file; the seed
 * generator checks them against it.
 */
final class ReplayableKeys {
  /** How many handshakes the file holds. */
  static final int HANDSHAKES = 3;

  /** A provider whose random bytes are never used by the targets but must not be secure-random. */
  static final Crypto CRYPTO = new BouncyCastleCrypto(constant(0));

  private static final KeyPair[][] PAIRS = new KeyPair[HANDSHAKES][4];

  static {
    for (int i = 0; i < HANDSHAKES; i++) {
      for (int role = 0; role < 4; role++) {
        byte[] seed = new byte[32];
        Arrays.fill(seed, (byte) (4 * i + role + 1));
        PAIRS[i][role] = CRYPTO.keyPair(seed);
      }
    }
  }

  private ReplayableKeys() {}

  static KeyPair initiatorStatic(int handshake) {
    return PAIRS[handshake][0];
  }

  static KeyPair initiatorEphemeral(int handshake) {
    return PAIRS[handshake][1];
  }

  static KeyPair responderStatic(int handshake) {
    return PAIRS[handshake][2];
  }

  static KeyPair responderEphemeral(int handshake) {
    return PAIRS[handshake][3];
  }

  /**
   * A random source that always yields {@code value}: a provider built on it draws the ephemeral
   * key of seed {@code value}, so {@code constant(4)} makes a responder whose ephemeral key is that
   * of replayable handshake 0 and the vector's messages replay against it.
   */
  static RandomSource constant(int value) {
    return bytes -> Arrays.fill(bytes, (byte) value);
  }
}
