package io.protomux.wakeup.domain.wakeup;

import io.protomux.wakeup.domain.Limit;
import io.protomux.wakeup.domain.LimitExceeded;
import java.util.Objects;

/**
 * The remote went over one of the swarm's limits (wakeups per announce, topics per connection);
 * its stream is destroyed with this as the reason.
 */
public final class WakeupLimitException extends RuntimeException implements LimitExceeded {
  private static final long serialVersionUID = 1L;

  private final Limit limit;

  WakeupLimitException(Limit limit, String message) {
    super(message);
    this.limit = Objects.requireNonNull(limit, "limit");
  }

  @Override
  public Limit limit() {
    return limit;
  }
}
