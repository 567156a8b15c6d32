package io.protomux.wakeup.domain.encoding;

/**
 * A codec for unsigned integers with primitive entry points, so that message codecs, which read
 * many of them, do not box every number.
 */
public interface LongCodec extends Codec<Long> {
  /** Adds the encoded size of {@code value} to {@code state.end()}. */
  void preencodeLong(State state, long value);

  /** Writes {@code value} at {@code state.start()}. */
  void encodeLong(State state, long value);

  /**
   * Reads one value at {@code state.start()}.
   *
   * @throws EncodingException if the bytes are truncated or the value is out of range
   */
  long decodeLong(State state);

  @Override
  default void preencode(State state, Long value) {
    preencodeLong(state, value);
  }

  @Override
  default void encode(State state, Long value) {
    encodeLong(state, value);
  }

  @Override
  default Long decode(State state) {
    return decodeLong(state);
  }
}
