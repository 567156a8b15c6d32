package io.protomux.wakeup.adapters.bouncycastle;

import io.protomux.wakeup.ports.crypto.RandomSource;
import java.security.SecureRandom;
import org.bouncycastle.crypto.engines.ChaCha7539Engine;
import org.bouncycastle.crypto.params.KeyParameter;
import org.bouncycastle.crypto.params.ParametersWithIV;

/** The two kinds of {@link RandomSource}: the system's secure one, and a seeded one for replays. */
public final class RandomSources {
  private RandomSources() {}

  /** Draws from the platform's {@link SecureRandom}; use this for real keys. */
  public static RandomSource secure() {
    SecureRandom random = new SecureRandom();
    return random::nextBytes;
  }

  /**
   * A deterministic stream (the ChaCha20 keystream of a key derived from the seed): the same seed
   * gives the same bytes on every run and platform. Only for tests and simulations: anyone who
   * knows the seed knows every key drawn from it. Thread-safe.
   */
  public static RandomSource seeded(long seed) {
    byte[] key = new byte[32];
    for (int i = 0; i < 8; i++) {
      key[i] = (byte) (seed >>> (8 * i));
    }
    ChaCha7539Engine keystream = new ChaCha7539Engine();
    keystream.init(true, new ParametersWithIV(new KeyParameter(key), new byte[12]));
    return bytes -> {
      synchronized (keystream) {
        // Encrypting zeros yields the raw keystream.
        java.util.Arrays.fill(bytes, (byte) 0);
        keystream.processBytes(bytes, 0, bytes.length, bytes, 0);
      }
    };
  }
}
