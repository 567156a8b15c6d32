package io.protomux.wakeup.domain.protomux;

/**
 * Told when the remote opens a channel nobody here has created yet, so that the application can
 * create (and so accept) it. If nothing takes the open by the time the call has returned and the
 * loop has moved on, the open is rejected.
 */
@FunctionalInterface
public interface PairHandler {
  /**
   * @param id the channel id the remote used (null for none)
   */
  void onPair(byte[] id);
}
