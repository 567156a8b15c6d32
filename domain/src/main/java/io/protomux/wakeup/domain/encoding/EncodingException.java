package io.protomux.wakeup.domain.encoding;

/**
 * Bytes could not be decoded: they end too early, claim a length or count beyond what they hold or
 * what is allowed, or carry a number outside the range the reference accepts. It is the only
 * exception decoding throws for bad input, so a caller can treat it as "the peer sent garbage".
 */
public class EncodingException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** @param message what was wrong with the input */
  public EncodingException(String message) {
    super(message);
  }
}
