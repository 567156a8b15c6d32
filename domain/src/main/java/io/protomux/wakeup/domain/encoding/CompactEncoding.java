package io.protomux.wakeup.domain.encoding;

import java.util.Objects;

/**
 * One-call encoding and decoding with any {@link Codec}, and the limits the reference enforces.
 *
 * <p>Decoding reads one value from the start of the input and ignores any bytes after it, like the
 * reference's {@code c.decode}; use a {@link State} to see where the value ended.
 */
public final class CompactEncoding {
  /**
   * The largest uint the reference can encode or decode: JavaScript's {@code
   * Number.MAX_SAFE_INTEGER}, 2^53-1.
   */
  public static final long MAX_SAFE_INTEGER = (1L << 53) - 1;

  /** The largest item count an array may have: 0x100000. */
  public static final int MAX_ARRAY_LENGTH = 0x100000;

  private CompactEncoding() {}

  /** The exact number of bytes {@link #encode} produces for {@code value}. */
  public static <T> int encodedLength(Codec<T> codec, T value) {
    State state = new State();
    codec.preencode(state, value);
    return state.end();
  }

  /**
   * Encodes {@code value} into a new array of exactly its encoded size.
   *
   * @throws IllegalArgumentException if the value cannot be encoded (e.g. a negative uint)
   * @throws IllegalStateException if the codec's encode and preencode disagree on the size
   */
  public static <T> byte[] encode(Codec<T> codec, T value) {
    Objects.requireNonNull(codec, "codec");
    State state = new State();
    codec.preencode(state, value);
    state.allocate();
    codec.encode(state, value);
    if (state.start() != state.end()) {
      throw new IllegalStateException(
          codec + " wrote " + state.start() + " bytes but preencoded " + state.end());
    }
    return state.buffer();
  }

  /**
   * Decodes one value from the start of {@code bytes}; trailing bytes are ignored.
   *
   * @throws EncodingException if the bytes are not a valid encoding
   */
  public static <T> T decode(Codec<T> codec, byte[] bytes) {
    return codec.decode(State.wrap(bytes));
  }

  /**
   * Decodes one value from {@code bytes[offset..offset+length)}, without copying and without
   * reading outside that range; trailing bytes in the range are ignored.
   *
   * @throws EncodingException if the range does not start with a valid encoding
   * @throws IndexOutOfBoundsException if the range is not inside the array
   */
  public static <T> T decode(Codec<T> codec, byte[] bytes, int offset, int length) {
    Objects.requireNonNull(bytes, "bytes");
    Objects.checkFromIndexSize(offset, length, bytes.length);
    return codec.decode(State.wrap(bytes, offset, offset + length));
  }

  /**
   * Decodes one value from the bytes of {@code slice}; trailing bytes are ignored.
   *
   * @throws EncodingException if the slice does not start with a valid encoding
   */
  public static <T> T decode(Codec<T> codec, ByteSlice slice) {
    return codec.decode(State.wrap(slice));
  }
}
