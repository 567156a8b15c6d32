package io.protomux.wakeup.domain.stream;

import io.protomux.wakeup.domain.Limit;
import io.protomux.wakeup.domain.LimitExceeded;
import java.util.Objects;

/**
 * A secret stream was destroyed because the remote went over one of its {@link StreamOptions}:
 * the handshake or idle timeout, or the frame size.
 */
public class StreamLimitException extends SecretStreamException implements LimitExceeded {
  private static final long serialVersionUID = 1L;

  private final Limit limit;

  /**
   * @param limit which limit
   * @param message the reason, naming the limit's value
   */
  public StreamLimitException(Limit limit, String message) {
    super(message);
    this.limit = Objects.requireNonNull(limit, "limit");
  }

  @Override
  public Limit limit() {
    return limit;
  }
}
