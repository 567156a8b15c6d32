package io.protomux.wakeup.domain.encoding;

import java.util.Objects;

/**
 * A cursor over a byte array, as in the reference: {@code buffer}, a {@code start} position and an
 * {@code end} limit.
 *
 * <p>To encode, start from {@link #State()} (no buffer, start = end = 0), let codecs {@code
 * preencode} (which grows {@code end} by the exact size), call {@link #allocate()}, then let the
 * same codecs {@code encode}. To decode, {@link #wrap(byte[], int, int)} the bytes; codecs read
 * from {@code start} and never past {@code end}, which may lie before the end of the array.
 *
 * <p>A state is mutable and not thread-safe. It does not copy the array it wraps: bytes decoded as
 * views ({@link ByteSlice}) keep pointing into it.
 */
public final class State {
  private byte[] buffer;
  private int start;
  private int end;

  /** An empty state to preencode into: no buffer yet, start and end at 0. */
  public State() {}

  private State(byte[] buffer, int start, int end) {
    this.buffer = buffer;
    this.start = start;
    this.end = end;
  }

  /** A state over all of {@code bytes}, without copying them. */
  public static State wrap(byte[] bytes) {
    return new State(Objects.requireNonNull(bytes, "bytes"), 0, bytes.length);
  }

  /**
   * A state over {@code bytes[start..end)}, without copying them.
   *
   * @throws IndexOutOfBoundsException if the range is not inside the array
   */
  public static State wrap(byte[] bytes, int start, int end) {
    Objects.requireNonNull(bytes, "bytes");
    Objects.checkFromToIndex(start, end, bytes.length);
    return new State(bytes, start, end);
  }

  /** A state over the bytes of {@code slice}, without copying them. */
  public static State wrap(ByteSlice slice) {
    return new State(slice.array(), slice.offset(), slice.offset() + slice.length());
  }

  /** The array this state reads or writes, or null before {@link #allocate()}; not a copy. */
  public byte[] buffer() {
    return buffer;
  }

  /** The position of the next byte to read or write. */
  public int start() {
    return start;
  }

  /** The limit: while preencoding, the size so far; otherwise the position reads must stop at. */
  public int end() {
    return end;
  }

  /** How many bytes lie between start and end. */
  public int remaining() {
    return end - start;
  }

  /**
   * Preencode step: counts {@code size} more bytes.
   *
   * @throws IllegalArgumentException if the total would not fit in a Java array
   */
  public void add(long size) {
    if (size < 0) {
      throw new IllegalArgumentException("negative size: " + size);
    }
    if (size > Integer.MAX_VALUE - end) {
      throw new IllegalArgumentException(
          "encoded size too large for one array: " + end + " + " + size + " bytes");
    }
    end += (int) size;
  }

  /** Allocates the output array of exactly {@code end} bytes that encoding will fill. */
  public void allocate() {
    buffer = new byte[end];
  }

  /**
   * Instead of {@link #allocate()}: encoding fills the first {@code end} bytes of {@code reused},
   * an array the caller keeps for the next message (bytes past {@code end} are left as they are).
   *
   * @throws IllegalArgumentException if the array is shorter than {@code end}
   */
  public void allocateInto(byte[] reused) {
    if (reused.length < end) {
      throw new IllegalArgumentException(
          "array of " + reused.length + " bytes is too short for " + end + " bytes");
    }
    buffer = reused;
  }

  /** Forgets the buffer and sets start and end back to 0, to preencode another value. */
  public void reset() {
    buffer = null;
    start = 0;
    end = 0;
  }

  /**
   * Encode step: claims the next {@code size} bytes for the caller to fill and returns their
   * offset in {@link #buffer()}.
   *
   * @throws IllegalStateException if a codec writes more than it preencoded
   */
  public int reserve(int size) {
    if (buffer == null) {
      throw new IllegalStateException("encode before allocate(): preencode, then allocate");
    }
    if (size < 0 || size > end - start) {
      throw new IllegalStateException(
          "encode overran the preencoded size: needs " + size + " bytes, " + remaining() + " left");
    }
    int at = start;
    start += size;
    return at;
  }

  /** Encode step: writes the low 8 bits of {@code value}. */
  public void writeByte(int value) {
    buffer[reserve(1)] = (byte) value;
  }

  /** Encode step: writes {@code length} bytes of {@code source} from {@code offset}. */
  public void writeBytes(byte[] source, int offset, int length) {
    System.arraycopy(source, offset, buffer, reserve(length), length);
  }

  /**
   * Decode step: consumes the next {@code size} bytes and returns their offset in {@link
   * #buffer()}. Takes a long so that a length read from the wire is checked before any narrowing
   * or allocation.
   *
   * @param what the name of the value being read, for the error message
   * @throws EncodingException if fewer than {@code size} bytes remain
   */
  public int take(long size, String what) {
    if (size < 0 || size > end - start) {
      throw new EncodingException(
          "out of bounds: " + what + " needs " + bytes(size) + ", " + remaining() + " left");
    }
    int at = start;
    start += (int) size;
    return at;
  }

  /**
   * Decode step: consumes one byte and returns it as 0..255.
   *
   * @param what the name of the value being read, for the error message
   * @throws EncodingException if no byte remains
   */
  public int readByte(String what) {
    return buffer[take(1, what)] & 0xff;
  }

  /**
   * Decode step: consumes the next {@code size} bytes and returns them as a view, without copying.
   *
   * @throws EncodingException if fewer than {@code size} bytes remain
   */
  public ByteSlice takeSlice(long size, String what) {
    int at = take(size, what);
    return new ByteSlice(buffer, at, start - at);
  }

  private static String bytes(long n) {
    return n == 1 ? "1 byte" : Long.toUnsignedString(n) + " bytes";
  }

  @Override
  public String toString() {
    return "State[start=" + start + ", end=" + end + "]";
  }
}
