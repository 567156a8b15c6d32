package io.protomux.wakeup.domain.encoding;

/**
 * Encodes and decodes values of one type, in the reference's three-step style.
 *
 * <p>{@link #preencode} must add exactly the number of bytes {@link #encode} will write, because
 * the output array is allocated from it. Both refuse a value that cannot be encoded with an
 * {@link IllegalArgumentException} (a caller bug, never input from the wire).
 *
 * @param <T> the decoded type
 */
public interface Codec<T> {
  /** Adds the encoded size of {@code value} to {@code state.end()}. */
  void preencode(State state, T value);

  /** Writes {@code value} at {@code state.start()} and moves start past it. */
  void encode(State state, T value);

  /**
   * Reads one value at {@code state.start()} and moves start past it, never reading at or beyond
   * {@code state.end()}.
   *
   * @throws EncodingException if the bytes are not a valid encoding
   */
  T decode(State state);
}
