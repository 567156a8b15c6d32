package io.protomux.wakeup.domain.protomux;

/** Receives one type of message on a channel. */
@FunctionalInterface
public interface MessageHandler<T> {
  /**
   * @param value the decoded message
   * @param channel the channel it arrived on
   */
  void onMessage(T value, Channel<?> channel);
}
