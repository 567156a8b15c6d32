package io.protomux.wakeup.domain.encoding;

import java.util.Objects;

/**
 * {@code string} (the reference's {@code utf8}): a uint byte length, then UTF-8. Invalid UTF-8 is
 * not an error: like the reference it decodes to U+FFFD replacement characters.
 */
final class StringCodec implements Codec<String> {
  static final StringCodec INSTANCE = new StringCodec();

  private StringCodec() {}

  @Override
  public void preencode(State state, String value) {
    Objects.requireNonNull(value, "string");
    long length = Utf8.encodedLength(value);
    UintCodec.INSTANCE.preencodeLong(state, length);
    state.add(length);
  }

  @Override
  public void encode(State state, String value) {
    long length = Utf8.encodedLength(value);
    UintCodec.INSTANCE.encodeLong(state, length);
    int at = state.reserve(Math.toIntExact(length));
    Utf8.write(value, state.buffer(), at);
  }

  @Override
  public String decode(State state) {
    long length = UintCodec.INSTANCE.decodeLong(state);
    int at = state.take(length, "string");
    return Utf8.decode(state.buffer(), at, state.start());
  }

  @Override
  public String toString() {
    return "string";
  }
}
