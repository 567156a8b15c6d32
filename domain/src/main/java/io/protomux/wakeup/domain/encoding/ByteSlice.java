package io.protomux.wakeup.domain.encoding;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Objects;

/**
 * A read-only view of a range of a byte array, so that decoded payloads can be handed on without
 * copying (the reference's {@code subarray}).
 *
 * <p>The view never writes to its array and offers no way to, but it does not own it either: it
 * shows whatever the array holds, so whoever owns the array must not change that range while the
 * view is in use. Call {@link #toByteArray()} to keep the bytes independently.
 *
 * <p>Equality is by content. {@link #toString()} prints only the length, because a slice may carry
 * a secret.
 */
public final class ByteSlice {
  /** The empty slice. */
  public static final ByteSlice EMPTY = new ByteSlice(new byte[0], 0, 0);

  private final byte[] array;
  private final int offset;
  private final int length;

  ByteSlice(byte[] array, int offset, int length) {
    this.array = array;
    this.offset = offset;
    this.length = length;
  }

  /** A view of all of {@code bytes}, without copying. */
  public static ByteSlice wrap(byte[] bytes) {
    return new ByteSlice(Objects.requireNonNull(bytes, "bytes"), 0, bytes.length);
  }

  /**
   * A view of {@code bytes[offset..offset+length)}, without copying.
   *
   * @throws IndexOutOfBoundsException if the range is not inside the array
   */
  public static ByteSlice wrap(byte[] bytes, int offset, int length) {
    Objects.requireNonNull(bytes, "bytes");
    Objects.checkFromIndexSize(offset, length, bytes.length);
    return new ByteSlice(bytes, offset, length);
  }

  /** The number of bytes in view. */
  public int length() {
    return length;
  }

  /** Whether the view holds no bytes. */
  public boolean isEmpty() {
    return length == 0;
  }

  /**
   * The byte at {@code index} (0-based within the view).
   *
   * @throws IndexOutOfBoundsException if index is not in 0..length-1
   */
  public byte get(int index) {
    Objects.checkIndex(index, length);
    return array[offset + index];
  }

  /** A view of {@code [from..to)} of this view, sharing the array. */
  public ByteSlice slice(int from, int to) {
    Objects.checkFromToIndex(from, to, length);
    return new ByteSlice(array, offset + from, to - from);
  }

  /** A new array holding a copy of the bytes. */
  public byte[] toByteArray() {
    return Arrays.copyOfRange(array, offset, offset + length);
  }

  /** Copies the bytes into {@code target} at {@code targetOffset}. */
  public void copyTo(byte[] target, int targetOffset) {
    System.arraycopy(array, offset, target, targetOffset, length);
  }

  /** A read-only {@link ByteBuffer} over the same bytes, positioned at 0, without copying. */
  public ByteBuffer asReadOnlyByteBuffer() {
    return ByteBuffer.wrap(array, offset, length).slice().asReadOnlyBuffer();
  }

  byte[] array() {
    return array;
  }

  int offset() {
    return offset;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof ByteSlice that
        && Arrays.equals(
            array, offset, offset + length, that.array, that.offset, that.offset + that.length);
  }

  @Override
  public int hashCode() {
    int hash = 1;
    for (int i = offset; i < offset + length; i++) {
      hash = 31 * hash + array[i];
    }
    return hash;
  }

  @Override
  public String toString() {
    return "ByteSlice[length=" + length + "]";
  }
}
