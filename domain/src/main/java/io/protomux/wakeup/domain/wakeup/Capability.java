package io.protomux.wakeup.domain.wakeup;

import io.protomux.wakeup.domain.Key32;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * The 32-byte secret that peers of a topic share. Whoever holds it can join the topic, so it
 * never shows up in {@link #toString()} or logs.
 */
public final class Capability {
  private final byte[] bytes;

  private Capability(byte[] bytes) {
    this.bytes = bytes;
  }

  /**
   * @param bytes exactly 32 bytes (copied)
   * @throws IllegalArgumentException for another length
   */
  public static Capability of(byte[] bytes) {
    if (bytes.length != Key32.LENGTH) {
      throw new IllegalArgumentException("capability must be 32 bytes, got " + bytes.length);
    }
    return new Capability(bytes.clone());
  }

  /** From 64 hex digits. */
  public static Capability fromHex(String hex) {
    if (hex.length() != 2 * Key32.LENGTH) {
      throw new IllegalArgumentException("capability must be 64 hex digits, got " + hex.length());
    }
    return of(HexFormat.of().parseHex(hex));
  }

  /** A copy of the secret bytes. */
  public byte[] bytes() {
    return bytes.clone();
  }

  byte[] raw() {
    return bytes;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof Capability that && MessageDigest.isEqual(bytes, that.bytes);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(bytes);
  }

  @Override
  public String toString() {
    return "Capability[<redacted>]";
  }
}
