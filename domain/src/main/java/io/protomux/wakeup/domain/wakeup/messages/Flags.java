package io.protomux.wakeup.domain.wakeup.messages;

import io.protomux.wakeup.domain.encoding.Codecs;
import io.protomux.wakeup.domain.encoding.State;

/** The schema's packed boolean field: a uint whose bit 0 is the only flag in use. */
final class Flags {
  private Flags() {}

  static void preencode(State state) {
    state.add(1); // the only flag is bit 0, so the uint is always one byte
  }

  static void encode(State state, boolean bit0) {
    Codecs.UINT.encodeLong(state, bit0 ? 1 : 0);
  }

  /** Reads the whole uint, as the reference does, so a malformed one is refused. */
  static boolean decodeBit0(State state) {
    return (Codecs.UINT.decodeLong(state) & 1) != 0;
  }
}
