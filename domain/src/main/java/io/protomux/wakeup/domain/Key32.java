package io.protomux.wakeup.domain;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;

/**
 * An immutable 32-byte value: a topic (discovery key), a hash, a public key, a capability proof.
 * Bytes are copied in and out, so no caller can change a key after the fact. Equality is by
 * content.
 *
 * <p>{@link #toString()} prints the bytes in hex: use this type for public values only, and a
 * redacting type for secrets such as a capability. Equality is not constant-time, for the same
 * reason.
 */
public final class Key32 {
  /** The size of a key in bytes. */
  public static final int LENGTH = 32;

  private static final HexFormat HEX = HexFormat.of();

  private final byte[] bytes;

  private Key32(byte[] bytes) {
    this.bytes = bytes;
  }

  /**
   * A key holding a copy of {@code bytes}.
   *
   * @throws IllegalArgumentException if {@code bytes} is not exactly 32 bytes long
   */
  public static Key32 of(byte[] bytes) {
    Objects.requireNonNull(bytes, "bytes");
    if (bytes.length != LENGTH) {
      throw new IllegalArgumentException("Key32 needs exactly 32 bytes, got " + bytes.length);
    }
    return new Key32(bytes.clone());
  }

  /**
   * A key holding a copy of the 32 bytes of {@code source} from {@code offset}; lets a decoder
   * read a key straight out of a larger array.
   *
   * @throws IndexOutOfBoundsException if fewer than 32 bytes follow {@code offset}
   */
  public static Key32 of(byte[] source, int offset) {
    Objects.requireNonNull(source, "source");
    Objects.checkFromIndexSize(offset, LENGTH, source.length);
    return new Key32(Arrays.copyOfRange(source, offset, offset + LENGTH));
  }

  /**
   * Parses 64 hex digits (either case).
   *
   * @throws IllegalArgumentException if the text is not 64 hex digits
   */
  public static Key32 fromHex(String hex) {
    Objects.requireNonNull(hex, "hex");
    if (hex.length() != 2 * LENGTH) {
      throw new IllegalArgumentException(
          "Key32 needs 64 hex digits, got " + hex.length() + " characters");
    }
    return new Key32(HEX.parseHex(hex));
  }

  /** A copy of the 32 bytes. */
  public byte[] bytes() {
    return bytes.clone();
  }

  /**
   * Writes the 32 bytes into {@code target} at {@code offset}, so an encoder need not make an
   * intermediate copy.
   *
   * @throws IndexOutOfBoundsException if fewer than 32 bytes of room follow {@code offset}
   */
  public void copyTo(byte[] target, int offset) {
    Objects.checkFromIndexSize(offset, LENGTH, target.length);
    System.arraycopy(bytes, 0, target, offset, LENGTH);
  }

  /** The bytes as 64 lowercase hex digits. */
  public String toHex() {
    return HEX.formatHex(bytes);
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof Key32 that && Arrays.equals(bytes, that.bytes);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(bytes);
  }

  /** The bytes in hex: this type is for public values (see the class comment). */
  @Override
  public String toString() {
    return toHex();
  }
}
