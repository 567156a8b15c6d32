package io.protomux.wakeup.ports.crypto;

import java.util.Arrays;

/**
 * An Ed25519 key pair in libsodium's layout: the 64-byte secret key is {@code seed || publicKey}.
 * The arrays are copied in and out, so a key pair cannot be changed after construction; its
 * {@link #toString()} never shows the secret key.
 */
public final class KeyPair {
  /** Bytes in a public key. */
  public static final int PUBLIC_KEY_BYTES = 32;
  /** Bytes in a libsodium secret key (seed followed by public key). */
  public static final int SECRET_KEY_BYTES = 64;

  private final byte[] publicKey;
  private final byte[] secretKey;

  /**
   * @param publicKey 32 bytes
   * @param secretKey 64 bytes, {@code seed || publicKey}
   */
  public KeyPair(byte[] publicKey, byte[] secretKey) {
    if (publicKey.length != PUBLIC_KEY_BYTES) {
      throw new IllegalArgumentException("public key must be 32 bytes, got " + publicKey.length);
    }
    if (secretKey.length != SECRET_KEY_BYTES) {
      throw new IllegalArgumentException("secret key must be 64 bytes, got " + secretKey.length);
    }
    this.publicKey = publicKey.clone();
    this.secretKey = secretKey.clone();
  }

  /** A copy of the 32-byte public key. */
  public byte[] publicKey() {
    return publicKey.clone();
  }

  /** A copy of the 64-byte secret key ({@code seed || publicKey}). */
  public byte[] secretKey() {
    return secretKey.clone();
  }

  /** A copy of the 32-byte seed the key pair derives from. */
  public byte[] seed() {
    return Arrays.copyOf(secretKey, 32);
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof KeyPair that
        && Arrays.equals(publicKey, that.publicKey)
        && Arrays.equals(secretKey, that.secretKey);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(publicKey);
  }

  @Override
  public String toString() {
    StringBuilder hex = new StringBuilder();
    for (byte b : publicKey) {
      hex.append(Character.forDigit((b >> 4) & 0xf, 16)).append(Character.forDigit(b & 0xf, 16));
    }
    return "KeyPair[publicKey=" + hex + ", secretKey=<redacted>]";
  }
}
