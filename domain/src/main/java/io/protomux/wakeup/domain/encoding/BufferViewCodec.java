package io.protomux.wakeup.domain.encoding;

import java.util.Objects;

/**
 * {@code buffer} on the wire, decoded as a {@link ByteSlice} into the state's array instead of a
 * copy.
 */
final class BufferViewCodec implements Codec<ByteSlice> {
  static final BufferViewCodec INSTANCE = new BufferViewCodec();

  private BufferViewCodec() {}

  @Override
  public void preencode(State state, ByteSlice value) {
    Objects.requireNonNull(value, "buffer");
    UintCodec.INSTANCE.preencodeLong(state, value.length());
    state.add(value.length());
  }

  @Override
  public void encode(State state, ByteSlice value) {
    UintCodec.INSTANCE.encodeLong(state, value.length());
    state.writeBytes(value.array(), value.offset(), value.length());
  }

  @Override
  public ByteSlice decode(State state) {
    long length = UintCodec.INSTANCE.decodeLong(state);
    return state.takeSlice(length, "buffer");
  }

  @Override
  public String toString() {
    return "bufferView";
  }
}
