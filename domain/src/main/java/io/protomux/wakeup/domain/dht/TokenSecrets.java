package io.protomux.wakeup.domain.dht;

import io.protomux.wakeup.ports.crypto.Blake2b;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Objects;

/**
 * The two secrets a dht-rpc node keys its tokens with ({@code _secrets} in the reference's
 * {@code lib/io.js}), and the tokens they give.
 *
 * <p>{@code token(host, i) = BLAKE2b-256(UTF-8 of the dotted-decimal host; key = secret i)}: only
 * the host is covered, not the port, so a token survives a NAT changing the requester's port.
 * Replies carry {@code token(host, 1)}; a request's token is accepted against either secret, and
 * {@link #rotate} (every 10 drains of 750 ms, i.e. 7.5 s, in the reference) turns the secrets
 * into {@code [s1, H(s0)]}: a token is thus honoured for 7.5 to 15 s. This class holds no clock
 * and draws no randomness: the caller creates the secrets and decides when to rotate.
 *
 * @param secret0 the older secret, 32 bytes
 * @param secret1 the current secret, 32 bytes
 */
public record TokenSecrets(byte[] secret0, byte[] secret1) {
  /** Length of each secret and each token. */
  public static final int LENGTH = Blake2b.HASH_BYTES;

  /** Copies both secrets, refusing any length but 32. */
  public TokenSecrets {
    secret0 = Bytes.fixed32(Objects.requireNonNull(secret0, "secret0"), "secret0");
    secret1 = Bytes.fixed32(Objects.requireNonNull(secret1, "secret1"), "secret1");
  }

  /** A copy of the older secret. */
  @Override
  public byte[] secret0() {
    return secret0.clone();
  }

  /** A copy of the current secret. */
  @Override
  public byte[] secret1() {
    return secret1.clone();
  }

  /**
   * The reference's {@code token(addr, i)}.
   *
   * @param host the requester's dotted-decimal host, as {@link PeerAddress#host()} spells it
   * @param index 0 (older secret) or 1 (current secret)
   */
  public byte[] token(String host, int index, Blake2b blake2b) {
    if (index != 0 && index != 1) {
      throw new IllegalArgumentException("secret index must be 0 or 1, got " + index);
    }
    // The dotted string, not the 4 address bytes: this is what the reference hashes.
    return blake2b.keyedHash(
        LENGTH, index == 0 ? secret0 : secret1, host.getBytes(StandardCharsets.UTF_8));
  }

  /** The token a reply to a requester on {@code host} carries: {@code token(host, 1)}. */
  public byte[] replyToken(String host, Blake2b blake2b) {
    return token(host, 1, blake2b);
  }

  /**
   * Whether a request from {@code host} carrying {@code token} may run a write command: it must
   * equal the token of either secret (the previous one too, so a rotation between reply and
   * request does not break a query). Compared in constant time, since a token is a MAC.
   */
  public boolean accepts(String host, byte[] token, Blake2b blake2b) {
    if (token == null || token.length != LENGTH) {
      return false;
    }
    // Both comparisons always run, so timing does not reveal which secret matched.
    boolean current = MessageDigest.isEqual(token, token(host, 1, blake2b));
    boolean previous = MessageDigest.isEqual(token, token(host, 0, blake2b));
    return current | previous;
  }

  /** The reference's rotation: the secrets become {@code [s1, BLAKE2b-256(s0)]}. */
  public TokenSecrets rotate(Blake2b blake2b) {
    return new TokenSecrets(secret1, blake2b.hash(secret0));
  }

  /** Equal when both secrets are, by content. */
  @Override
  public boolean equals(Object o) {
    return o instanceof TokenSecrets t
        && MessageDigest.isEqual(secret0, t.secret0)
        && MessageDigest.isEqual(secret1, t.secret1);
  }

  @Override
  public int hashCode() {
    return 31 * Arrays.hashCode(secret0) + Arrays.hashCode(secret1);
  }

  /** Never prints the secrets. */
  @Override
  public String toString() {
    return "TokenSecrets[redacted]";
  }
}
