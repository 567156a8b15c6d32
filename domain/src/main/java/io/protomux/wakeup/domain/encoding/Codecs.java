package io.protomux.wakeup.domain.encoding;

import java.util.List;

/**
 * The codecs of compact-encoding that the wakeup stack uses, under the reference's names. All are
 * stateless and safe to share between threads.
 */
public final class Codecs {
  /** {@code uint}: 1, 3, 5 or 9 bytes for 0..2^53-1 (see {@link CompactEncoding}). */
  public static final LongCodec UINT = UintCodec.INSTANCE;

  /** {@code uint8}: one byte, 0..255. */
  public static final LongCodec UINT8 = new FixedUintCodec(1);

  /** {@code uint16}: two bytes little-endian, 0..65535. */
  public static final LongCodec UINT16 = new FixedUintCodec(2);

  /** {@code uint24}: three bytes little-endian. */
  public static final LongCodec UINT24 = new FixedUintCodec(3);

  /** {@code uint32}: four bytes little-endian. */
  public static final LongCodec UINT32 = new FixedUintCodec(4);

  /** {@code uint64}: eight bytes little-endian, limited to 0..2^53-1 like the reference. */
  public static final LongCodec UINT64 = new FixedUintCodec(8);

  /** {@code bool}: one byte; only 1 decodes to true. */
  public static final Codec<Boolean> BOOL = BoolCodec.INSTANCE;

  /** {@code buffer}: uint length, then the bytes; decodes to a fresh array. */
  public static final Codec<byte[]> BUFFER = BufferCodec.INSTANCE;

  /**
   * {@code buffer} decoded as a view into the input instead of a copy, for handing payloads on;
   * same wire format as {@link #BUFFER}.
   */
  public static final Codec<ByteSlice> BUFFER_VIEW = BufferViewCodec.INSTANCE;

  /** {@code optionalBuffer}: like {@link #BUFFER}; null is written as, and read from, length 0. */
  public static final Codec<byte[]> OPTIONAL_BUFFER = OptionalBufferCodec.INSTANCE;

  /** {@code raw}: bytes without a length; decodes everything left in the state, as a view. */
  public static final Codec<ByteSlice> RAW_VIEW = RawViewCodec.INSTANCE;

  /** {@code string}: uint byte length, then UTF-8; invalid UTF-8 decodes to U+FFFD. */
  public static final Codec<String> STRING = StringCodec.INSTANCE;

  /** {@code fixed32}: exactly 32 raw bytes; encoding any other length is refused. */
  public static final Codec<byte[]> FIXED32 = Fixed32Codec.INSTANCE;

  private Codecs() {}

  /**
   * {@code array(items)}: uint count, then each item. Decodes to an unmodifiable list; counts
   * above {@link CompactEncoding#MAX_ARRAY_LENGTH} are refused when encoding and decoding.
   */
  public static <T> Codec<List<T>> array(Codec<T> items) {
    return new ArrayCodec<>(items);
  }
}
