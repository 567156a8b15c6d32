package io.protomux.wakeup.domain.noise;

/** The Noise handshake cannot go on: a malformed or unauthentic message, or a call out of turn. */
public final class NoiseException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** @param message what went wrong, without secret bytes */
  public NoiseException(String message) {
    super(message);
  }

  /**
   * @param message what went wrong, without secret bytes
   * @param cause the refusal from the crypto layer
   */
  public NoiseException(String message, Throwable cause) {
    super(message, cause);
  }
}
