package io.protomux.wakeup.adapters.bouncycastle;

import io.protomux.wakeup.ports.crypto.RandomSource;
import io.protomux.wakeup.ports.crypto.SecretStream;
import java.util.Objects;

/**
 * libsodium's {@code crypto_secretstream_xchacha20poly1305} on Bouncy Castle's ChaCha20 and
 * Poly1305, byte for byte what libsodium (and so sodium-secretstream) produces and accepts.
 *
 * <p>This object is stateless and thread-safe; the {@link SecretStream.Push} and {@link
 * SecretStream.Pull} states it creates are not.
 */
public final class XChaChaSecretStream implements SecretStream {
  private final RandomSource random;

  /** @param random where the headers of {@link #initPush(byte[])} come from */
  public XChaChaSecretStream(RandomSource random) {
    this.random = Objects.requireNonNull(random, "random");
  }

  /**
   * {@inheritDoc}
   *
   * @throws IllegalArgumentException if the key is not {@value SecretStream#KEY_BYTES} bytes
   */
  @Override
  public Push initPush(byte[] key) {
    checkKey(key);
    return initPush(key, random.bytes(HEADER_BYTES));
  }

  /**
   * {@inheritDoc}
   *
   * @throws IllegalArgumentException if the key is not {@value SecretStream#KEY_BYTES} bytes or
   *     the header not {@value SecretStream#HEADER_BYTES}
   */
  @Override
  public Push initPush(byte[] key, byte[] header) {
    checkKey(key);
    checkHeader(header);
    return new XChaChaPush(new XChaChaStreamState(key, header), header);
  }

  /**
   * {@inheritDoc}
   *
   * @throws IllegalArgumentException if the key is not {@value SecretStream#KEY_BYTES} bytes or
   *     the header not {@value SecretStream#HEADER_BYTES}
   */
  @Override
  public Pull initPull(byte[] key, byte[] header) {
    checkKey(key);
    checkHeader(header);
    return new XChaChaPull(new XChaChaStreamState(key, header));
  }

  private static void checkKey(byte[] key) {
    Objects.requireNonNull(key, "key");
    if (key.length != KEY_BYTES) {
      throw new IllegalArgumentException(
          "secretstream key must be " + KEY_BYTES + " bytes, got " + key.length);
    }
  }

  private static void checkHeader(byte[] header) {
    Objects.requireNonNull(header, "header");
    if (header.length != HEADER_BYTES) {
      throw new IllegalArgumentException(
          "secretstream header must be " + HEADER_BYTES + " bytes, got " + header.length);
    }
  }
}
