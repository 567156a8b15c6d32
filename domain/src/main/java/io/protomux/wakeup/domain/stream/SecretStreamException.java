package io.protomux.wakeup.domain.stream;

/** Why a secret stream was destroyed: a protocol violation by the peer, or a local refusal. */
public class SecretStreamException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** @param message the reason, without secret bytes */
  public SecretStreamException(String message) {
    super(message);
  }

  /**
   * @param message the reason, without secret bytes
   * @param cause what failed underneath
   */
  public SecretStreamException(String message, Throwable cause) {
    super(message, cause);
  }
}
