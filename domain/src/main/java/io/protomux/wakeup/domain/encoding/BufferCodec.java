package io.protomux.wakeup.domain.encoding;

import java.util.Arrays;
import java.util.Objects;

/** {@code buffer}: a uint length, then that many bytes; decodes to a copy the caller owns. */
final class BufferCodec implements Codec<byte[]> {
  static final BufferCodec INSTANCE = new BufferCodec();

  private BufferCodec() {}

  @Override
  public void preencode(State state, byte[] value) {
    Objects.requireNonNull(value, "buffer");
    UintCodec.INSTANCE.preencodeLong(state, value.length);
    state.add(value.length);
  }

  @Override
  public void encode(State state, byte[] value) {
    UintCodec.INSTANCE.encodeLong(state, value.length);
    state.writeBytes(value, 0, value.length);
  }

  @Override
  public byte[] decode(State state) {
    long length = UintCodec.INSTANCE.decodeLong(state);
    int at = state.take(length, "buffer");
    return Arrays.copyOfRange(state.buffer(), at, state.start());
  }

  @Override
  public String toString() {
    return "buffer";
  }
}
