package io.protomux.wakeup.domain;

/**
 * Implemented by the exceptions that close a stream because the remote went over a {@link Limit};
 * {@link Limit#of(Throwable)} finds it in a close cause. Their messages name the limit and its
 * value, never secret bytes.
 */
public interface LimitExceeded {
  /** Which limit was exceeded. */
  Limit limit();
}
