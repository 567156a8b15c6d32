package io.protomux.wakeup.domain.protomux;

import io.protomux.wakeup.domain.Limit;
import io.protomux.wakeup.domain.LimitExceeded;
import java.util.Objects;

/**
 * The remote went over one of the mux's {@link ProtomuxOptions}; the stream is destroyed with
 * this as the reason.
 */
public final class ProtomuxLimitException extends ProtomuxException implements LimitExceeded {
  private static final long serialVersionUID = 1L;

  private final Limit limit;

  ProtomuxLimitException(Limit limit, String message) {
    super(message);
    this.limit = Objects.requireNonNull(limit, "limit");
  }

  @Override
  public Limit limit() {
    return limit;
  }
}
