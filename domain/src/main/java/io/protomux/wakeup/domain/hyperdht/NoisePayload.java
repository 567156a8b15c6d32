package io.protomux.wakeup.domain.hyperdht;

import io.protomux.wakeup.domain.dht.PeerAddress;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * The plaintext inside each Noise IK handshake message ({@code noisePayload} in the reference's
 * {@code messages.js}): what a client and a server tell each other to set up the connection.
 *
 * <p>A payload whose version is not {@link #VERSION} carries nothing else: the reference stops
 * decoding after the version (and a server then answers {@code ERROR_VERSION_MISMATCH}), so such
 * a payload has error and firewall 0, empty address lists and null sections. See {@link
 * #unsupportedVersion(long)}.
 *
 * @param version 1 for every payload the reference sends
 * @param error an {@code ERROR_} constant of {@link HyperDhtConstants}
 * @param firewall the sender's view of itself: {@code FIREWALL_OPEN} or {@code FIREWALL_UNKNOWN}
 * @param holepunch a server's holepunch slot and relays, or null
 * @param addresses4 the sender's candidate IPv4 addresses (never null; empty is not sent)
 * @param addresses6 IPv6 candidates (never null; hyperdht 6.34 leaves it empty)
 * @param udx the sender's UDX stream for this connection, or null
 * @param secretStream the secret-stream version the sender speaks, or null
 * @param relayThrough a blind-relay meeting point, or null
 * @param relayAddresses a server's DHT nodes for the client to cache, or null (an empty list is
 *     sent as such)
 */
public record NoisePayload(
    long version,
    long error,
    long firewall,
    Holepunch holepunch,
    List<PeerAddress> addresses4,
    List<Ipv6Address> addresses6,
    Udx udx,
    SecretStream secretStream,
    RelayThrough relayThrough,
    List<PeerAddress> relayAddresses) {
  /** The only payload version the reference speaks. */
  public static final long VERSION = 1;

  /** Flag bit: a holepunch section follows. */
  public static final int FLAG_HOLEPUNCH = 1;
  /** Flag bit: IPv4 addresses follow. */
  public static final int FLAG_ADDRESSES4 = 2;
  /** Flag bit: IPv6 addresses follow. */
  public static final int FLAG_ADDRESSES6 = 4;
  /** Flag bit: a udx section follows. */
  public static final int FLAG_UDX = 8;
  /** Flag bit: a secretStream section follows. */
  public static final int FLAG_SECRET_STREAM = 16;
  /** Flag bit: a relayThrough section follows. */
  public static final int FLAG_RELAY_THROUGH = 32;
  /** Flag bit: relay addresses follow. */
  public static final int FLAG_RELAY_ADDRESSES = 64;

  /**
   * @throws IllegalArgumentException if a number is not a uint, a list is longer than its cap in
   *     {@link HyperDhtLimits}, or a payload of another version than 1 carries any field
   */
  public NoisePayload {
    Wire.uint(version, "version");
    Wire.uint(error, "error");
    Wire.uint(firewall, "firewall");
    addresses4 =
        Wire.list(
            Objects.requireNonNull(addresses4, "addresses4"),
            HyperDhtLimits.MAX_ADDRESSES,
            "addresses4");
    addresses6 =
        Wire.list(
            Objects.requireNonNull(addresses6, "addresses6"),
            HyperDhtLimits.MAX_ADDRESSES,
            "addresses6");
    relayAddresses = Wire.list(relayAddresses, HyperDhtLimits.MAX_ADDRESSES, "relayAddresses");
    if (version != VERSION
        && (error != 0
            || firewall != 0
            || holepunch != null
            || !addresses4.isEmpty()
            || !addresses6.isEmpty()
            || udx != null
            || secretStream != null
            || relayThrough != null
            || relayAddresses != null)) {
      throw new IllegalArgumentException(
          "a payload of version " + version + " carries nothing but its version");
    }
  }

  /** What a payload of another version decodes to: the version and nothing else. */
  public static NoisePayload unsupportedVersion(long version) {
    return new NoisePayload(
        version, 0, 0, null, List.of(), List.of(), null, null, null, null);
  }

  /**
   * The flags this payload is encoded with; as in the reference, an empty {@code addresses4} or
   * {@code addresses6} is left out but an empty {@code relayAddresses} is sent.
   */
  public int flags() {
    return (holepunch != null ? FLAG_HOLEPUNCH : 0)
        | (!addresses4.isEmpty() ? FLAG_ADDRESSES4 : 0)
        | (!addresses6.isEmpty() ? FLAG_ADDRESSES6 : 0)
        | (udx != null ? FLAG_UDX : 0)
        | (secretStream != null ? FLAG_SECRET_STREAM : 0)
        | (relayThrough != null ? FLAG_RELAY_THROUGH : 0)
        | (relayAddresses != null ? FLAG_RELAY_ADDRESSES : 0);
  }

  /**
   * A firewalled server's holepunch section.
   *
   * @param id the server's slot for this handshake, quoted back in PEER_HOLEPUNCH
   * @param relays the nodes storing the server's announce, with the server address each saw
   */
  public record Holepunch(long id, List<RelayInfo> relays) {
    /** @throws IllegalArgumentException if the id is not a uint or there are too many relays */
    public Holepunch {
      Wire.uint(id, "holepunch id");
      relays =
          Wire.list(
              Objects.requireNonNull(relays, "relays"), HyperDhtLimits.MAX_RELAYS, "relays");
    }
  }

  /**
   * One relay of a {@link Holepunch} section (12 bytes on the wire).
   *
   * @param relayAddress the DHT node that relays
   * @param peerAddress the server's address as that node saw it
   */
  public record RelayInfo(PeerAddress relayAddress, PeerAddress peerAddress) {
    /** Encoded size. */
    public static final int ENCODED_LENGTH = 2 * PeerAddress.ENCODED_LENGTH;

    /** Both addresses are required. */
    public RelayInfo {
      Objects.requireNonNull(relayAddress, "relayAddress");
      Objects.requireNonNull(peerAddress, "peerAddress");
    }
  }

  /**
   * The sender's UDX stream for the connection.
   *
   * @param version 1 as the reference sends it
   * @param reusableSocket the sender would reuse the connection's socket for later connections
   * @param id the sender's local stream id, which the peer sends to; 0..2^32-1, as UDX stream ids
   *     are 32-bit (a larger uint is refused rather than truncated)
   * @param seq the stream's initial sequence number (the reference sends 0)
   */
  public record Udx(long version, boolean reusableSocket, long id, long seq) {
    /** Feature bit: reusableSocket. */
    public static final int FEATURE_REUSABLE_SOCKET = 1;
    /** Largest stream id. */
    public static final long MAX_ID = 0xffffffffL;

    /** @throws IllegalArgumentException if a number is out of range */
    public Udx {
      Wire.uint(version, "udx version");
      if (id < 0 || id > MAX_ID) {
        throw new IllegalArgumentException("udx id outside 0..2^32-1: " + id);
      }
      Wire.uint(seq, "udx seq");
    }
  }

  /**
   * The secret-stream version the sender speaks over the UDX stream.
   *
   * @param version 1 as the reference sends it
   */
  public record SecretStream(long version) {
    /** @throws IllegalArgumentException if the version is not a uint */
    public SecretStream {
      Wire.uint(version, "secretStream version");
    }
  }

  /**
   * A request to meet at a blind-relay server.
   *
   * @param version 1 as the reference sends it
   * @param flags 0 as the reference sends it (kept so that a decoded section encodes unchanged)
   * @param publicKey the relay server's 32-byte key (copied in and out)
   * @param token the 32-byte pairing token (copied in and out)
   */
  public record RelayThrough(long version, long flags, byte[] publicKey, byte[] token) {
    /** @throws IllegalArgumentException if a number is not a uint or a key not 32 bytes */
    public RelayThrough {
      Wire.uint(version, "relayThrough version");
      Wire.uint(flags, "relayThrough flags");
      publicKey = Wire.fixed(Objects.requireNonNull(publicKey, "publicKey"), 32, "publicKey");
      token = Wire.fixed(Objects.requireNonNull(token, "token"), 32, "token");
    }

    @Override
    public byte[] publicKey() {
      return publicKey.clone();
    }

    @Override
    public byte[] token() {
      return token.clone();
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof RelayThrough that
          && version == that.version
          && flags == that.flags
          && Arrays.equals(publicKey, that.publicKey)
          && Arrays.equals(token, that.token);
    }

    @Override
    public int hashCode() {
      return Objects.hash(version, flags, Arrays.hashCode(publicKey), Arrays.hashCode(token));
    }

    @Override
    public String toString() {
      return "RelayThrough[version=" + version + ", flags=" + flags + ", publicKey="
          + Wire.hex(publicKey) + ", token=" + Wire.hex(token) + "]";
    }
  }
}
