package io.protomux.wakeup.domain.encoding;

import java.util.Objects;

/**
 * The reference's {@code raw}: bytes with no length prefix. Decoding takes everything up to the
 * state's end, as a view; it is meant for the last field of a frame, such as a Protomux payload.
 */
final class RawViewCodec implements Codec<ByteSlice> {
  static final RawViewCodec INSTANCE = new RawViewCodec();

  private RawViewCodec() {}

  @Override
  public void preencode(State state, ByteSlice value) {
    Objects.requireNonNull(value, "raw");
    state.add(value.length());
  }

  @Override
  public void encode(State state, ByteSlice value) {
    state.writeBytes(value.array(), value.offset(), value.length());
  }

  @Override
  public ByteSlice decode(State state) {
    return state.takeSlice(state.remaining(), "raw");
  }

  @Override
  public String toString() {
    return "raw";
  }
}
