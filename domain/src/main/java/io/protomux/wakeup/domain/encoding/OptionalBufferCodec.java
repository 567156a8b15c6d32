package io.protomux.wakeup.domain.encoding;

import java.util.Arrays;

/**
 * {@code optionalBuffer}: null is written as length 0 and length 0 decodes to null. An empty array
 * is therefore written like null (as the reference does) and comes back as null.
 */
final class OptionalBufferCodec implements Codec<byte[]> {
  static final OptionalBufferCodec INSTANCE = new OptionalBufferCodec();

  private OptionalBufferCodec() {}

  @Override
  public void preencode(State state, byte[] value) {
    int length = value == null ? 0 : value.length;
    UintCodec.INSTANCE.preencodeLong(state, length);
    state.add(length);
  }

  @Override
  public void encode(State state, byte[] value) {
    if (value == null) {
      state.writeByte(0);
      return;
    }
    UintCodec.INSTANCE.encodeLong(state, value.length);
    state.writeBytes(value, 0, value.length);
  }

  @Override
  public byte[] decode(State state) {
    long length = UintCodec.INSTANCE.decodeLong(state);
    if (length == 0) {
      return null;
    }
    int at = state.take(length, "optionalBuffer");
    return Arrays.copyOfRange(state.buffer(), at, state.start());
  }

  @Override
  public String toString() {
    return "optionalBuffer";
  }
}
