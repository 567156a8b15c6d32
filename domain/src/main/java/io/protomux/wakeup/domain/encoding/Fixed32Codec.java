package io.protomux.wakeup.domain.encoding;

import java.util.Arrays;
import java.util.Objects;

/** {@code fixed32}: exactly 32 raw bytes, no length prefix; decodes to a copy. */
final class Fixed32Codec implements Codec<byte[]> {
  static final Fixed32Codec INSTANCE = new Fixed32Codec();
  static final int LENGTH = 32;

  private Fixed32Codec() {}

  @Override
  public void preencode(State state, byte[] value) {
    check(value);
    state.add(LENGTH);
  }

  @Override
  public void encode(State state, byte[] value) {
    check(value);
    state.writeBytes(value, 0, LENGTH);
  }

  @Override
  public byte[] decode(State state) {
    int at = state.take(LENGTH, "fixed32");
    return Arrays.copyOfRange(state.buffer(), at, at + LENGTH);
  }

  private static void check(byte[] value) {
    Objects.requireNonNull(value, "fixed32");
    if (value.length != LENGTH) {
      throw new IllegalArgumentException(
          "fixed32 needs exactly 32 bytes, got " + value.length);
    }
  }

  @Override
  public String toString() {
    return "fixed32";
  }
}
