package io.protomux.wakeup.ports.crypto;

/**
 * A cryptographic operation refused its input: a failed authentication tag, a public key that is
 * not a usable curve point, a ciphertext too short to hold its tag. Arguments of the wrong size are
 * caller bugs and throw {@link IllegalArgumentException} instead. Never carries secret material in
 * its message.
 */
public class CryptoException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** @param message what was refused, without any secret bytes */
  public CryptoException(String message) {
    super(message);
  }

  /**
   * @param message what was refused, without any secret bytes
   * @param cause the underlying failure
   */
  public CryptoException(String message, Throwable cause) {
    super(message, cause);
  }
}
