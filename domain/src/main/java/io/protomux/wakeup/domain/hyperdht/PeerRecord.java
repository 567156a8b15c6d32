package io.protomux.wakeup.domain.hyperdht;

import io.protomux.wakeup.domain.dht.PeerAddress;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;

/**
 * A peer record as hyperdht stores and returns it ({@code peer} in the reference's
 * {@code messages.js}): a server's 32-byte Ed25519 public key and up to a few DHT nodes through
 * which its handshakes can be relayed. Records from lookups are unauthenticated hints: the Noise
 * IK handshake is what proves a peer's key.
 *
 * @param publicKey 32 bytes (copied in and out)
 * @param relayAddresses where the server can be reached through (never null)
 */
public record PeerRecord(byte[] publicKey, List<PeerAddress> relayAddresses) {
  /** Bytes in a public key. */
  public static final int PUBLIC_KEY_BYTES = 32;

  /** @throws IllegalArgumentException if the key is not 32 bytes */
  public PeerRecord {
    Objects.requireNonNull(publicKey, "publicKey");
    if (publicKey.length != PUBLIC_KEY_BYTES) {
      throw new IllegalArgumentException("public key must be 32 bytes, got " + publicKey.length);
    }
    publicKey = publicKey.clone();
    relayAddresses = List.copyOf(relayAddresses);
  }

  @Override
  public byte[] publicKey() {
    return publicKey.clone();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof PeerRecord that
        && Arrays.equals(publicKey, that.publicKey)
        && relayAddresses.equals(that.relayAddresses);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(publicKey) * 31 + relayAddresses.hashCode();
  }

  @Override
  public String toString() {
    return "PeerRecord[" + HexFormat.of().formatHex(publicKey) + ", relays=" + relayAddresses + "]";
  }
}
