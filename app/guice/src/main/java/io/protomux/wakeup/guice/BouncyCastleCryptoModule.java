package io.protomux.wakeup.guice;

import com.google.inject.AbstractModule;
import io.protomux.wakeup.adapters.bouncycastle.BouncyCastleCrypto;
import io.protomux.wakeup.adapters.bouncycastle.RandomSources;
import io.protomux.wakeup.ports.crypto.Blake2b;
import io.protomux.wakeup.ports.crypto.Crypto;
import io.protomux.wakeup.ports.crypto.RandomSource;
import java.util.Objects;

/**
 * Binds {@link Crypto} (and {@link Blake2b}, the part the swarm needs) to one {@link
 * BouncyCastleCrypto} instance.
 */
public final class BouncyCastleCryptoModule extends AbstractModule {
  private final RandomSource random;

  /** Keys and stream headers from the platform's secure random source. */
  public BouncyCastleCryptoModule() {
    this(RandomSources.secure());
  }

  /**
   * Keys and stream headers from {@code random}: pass {@link RandomSources#seeded(long)} to
   * replay a simulation, never in production.
   */
  public BouncyCastleCryptoModule(RandomSource random) {
    this.random = Objects.requireNonNull(random, "random");
  }

  @Override
  protected void configure() {
    BouncyCastleCrypto crypto = new BouncyCastleCrypto(random);
    bind(Crypto.class).toInstance(crypto);
    bind(Blake2b.class).toInstance(crypto);
  }
}
