package io.protomux.wakeup.domain.protomux;

/** The remote broke the Protomux protocol; the stream is destroyed with this as the reason. */
public class ProtomuxException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** @param message what the remote did wrong */
  public ProtomuxException(String message) {
    super(message);
  }
}
