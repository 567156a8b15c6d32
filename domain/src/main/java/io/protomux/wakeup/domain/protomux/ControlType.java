package io.protomux.wakeup.domain.protomux;

/** Message types of the control channel (channel 0). */
final class ControlType {
  static final int BATCH = 0;
  static final int OPEN = 1;
  static final int REJECT = 2;
  static final int CLOSE = 3;

  private ControlType() {}
}
