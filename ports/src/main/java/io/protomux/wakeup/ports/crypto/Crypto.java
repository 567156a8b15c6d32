package io.protomux.wakeup.ports.crypto;

/**
 * Every primitive the wakeup stack uses, from one provider. Implementations are thread-safe;
 * the stream states they hand out ({@link SecretStream.Push}, {@link SecretStream.Pull}) are not.
 */
public interface Crypto extends Blake2b, Ed25519, ChaChaPoly, SecretStream {
  /** The random source this provider draws keys and headers from. */
  RandomSource random();
}
