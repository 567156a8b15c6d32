package io.protomux.wakeup.domain.hyperdht;

import io.protomux.wakeup.domain.dht.PeerAddress;
import io.protomux.wakeup.domain.encoding.EncodingException;
import io.protomux.wakeup.domain.encoding.State;
import java.util.List;

/**
 * The {@link NoisePayload} codec, byte-exact with hyperdht 6.34.0's {@code noisePayload}:
 *
 * <pre>
 * uint version || uint flags || uint error || uint firewall || [holepunch] || [addresses4] ||
 * [addresses6] || [udx] || [secretStream] || [relayThrough] || [relayAddresses]
 * </pre>
 *
 * <p>Two quirks of the reference are kept. A version other than 1 ends decoding: the rest is not
 * read, and the result is {@link NoisePayload#unsupportedVersion(long)}. The encoder leaves out
 * {@code addresses4} and {@code addresses6} when they are empty but writes {@code
 * relayAddresses} whenever it is non-null, empty or not.
 *
 * <p>The sections are written with the numbers their records hold; the reference writes its
 * constant 1 for the udx, secretStream and relayThrough versions and 0 for relayThrough's flags,
 * which is what those records hold unless they were decoded from another sender. Unknown flag and
 * udx feature bits are ignored when decoding and so are trailing bytes. Decoding throws only
 * {@link EncodingException}.
 */
public final class NoisePayloads {
  private NoisePayloads() {}

  /** Encodes a payload; one of another version than 1 is its version alone. */
  public static byte[] encode(NoisePayload m) {
    State state = new State();
    write(state, m);
    state.allocate();
    write(state, m);
    return state.buffer();
  }

  /**
   * The same pass does preencode (no buffer yet) and encode, so the two cannot disagree on what
   * is written.
   */
  private static void write(State state, NoisePayload m) {
    boolean counting = state.buffer() == null;
    uint(state, counting, m.version());
    if (m.version() != NoisePayload.VERSION) {
      return;
    }
    uint(state, counting, m.flags());
    uint(state, counting, m.error());
    uint(state, counting, m.firewall());
    NoisePayload.Holepunch holepunch = m.holepunch();
    if (holepunch != null) {
      uint(state, counting, holepunch.id());
      uint(state, counting, holepunch.relays().size());
      for (NoisePayload.RelayInfo relay : holepunch.relays()) {
        address(state, counting, relay.relayAddress());
        address(state, counting, relay.peerAddress());
      }
    }
    if (!m.addresses4().isEmpty()) {
      addresses(state, counting, m.addresses4());
    }
    if (!m.addresses6().isEmpty()) {
      uint(state, counting, m.addresses6().size());
      for (Ipv6Address a : m.addresses6()) {
        if (counting) {
          state.add(Ipv6Address.ENCODED_LENGTH);
        } else {
          a.encode(state);
        }
      }
    }
    NoisePayload.Udx udx = m.udx();
    if (udx != null) {
      uint(state, counting, udx.version());
      uint(state, counting, udx.reusableSocket() ? NoisePayload.Udx.FEATURE_REUSABLE_SOCKET : 0);
      uint(state, counting, udx.id());
      uint(state, counting, udx.seq());
    }
    if (m.secretStream() != null) {
      uint(state, counting, m.secretStream().version());
    }
    NoisePayload.RelayThrough through = m.relayThrough();
    if (through != null) {
      uint(state, counting, through.version());
      uint(state, counting, through.flags());
      fixed(state, counting, through.publicKey());
      fixed(state, counting, through.token());
    }
    if (m.relayAddresses() != null) {
      addresses(state, counting, m.relayAddresses());
    }
  }

  private static void uint(State state, boolean counting, long value) {
    if (counting) {
      Wire.preencodeUint(state, value);
    } else {
      Wire.encodeUint(state, value);
    }
  }

  private static void address(State state, boolean counting, PeerAddress address) {
    if (counting) {
      state.add(PeerAddress.ENCODED_LENGTH);
    } else {
      address.encode(state);
    }
  }

  private static void addresses(State state, boolean counting, List<PeerAddress> list) {
    if (counting) {
      Wire.preencodeIpv4s(state, list);
    } else {
      Wire.encodeIpv4s(state, list);
    }
  }

  private static void fixed(State state, boolean counting, byte[] value) {
    if (counting) {
      state.add(value.length);
    } else {
      Wire.encodeFixed(state, value);
    }
  }

  /**
   * Decodes the plaintext of a Noise IK message's payload.
   *
   * @throws EncodingException if the bytes are truncated or malformed, a list is longer than its
   *     cap in {@link HyperDhtLimits}, or the udx id is above 2^32-1
   */
  public static NoisePayload decode(byte[] bytes) {
    State state = State.wrap(bytes);
    long version = Wire.readUint(state);
    if (version != NoisePayload.VERSION) {
      return NoisePayload.unsupportedVersion(version);
    }
    long flags = Wire.readUint(state);
    long error = Wire.readUint(state);
    long firewall = Wire.readUint(state);
    NoisePayload.Holepunch holepunch =
        (flags & NoisePayload.FLAG_HOLEPUNCH) != 0 ? readHolepunch(state) : null;
    List<PeerAddress> addresses4 =
        (flags & NoisePayload.FLAG_ADDRESSES4) != 0
            ? Wire.readIpv4s(state, HyperDhtLimits.MAX_ADDRESSES, "addresses4")
            : List.of();
    List<Ipv6Address> addresses6 =
        (flags & NoisePayload.FLAG_ADDRESSES6) != 0
            ? Wire.readArray(
                state,
                HyperDhtLimits.MAX_ADDRESSES,
                Ipv6Address.ENCODED_LENGTH,
                "addresses6",
                Ipv6Address::decode)
            : List.of();
    NoisePayload.Udx udx = (flags & NoisePayload.FLAG_UDX) != 0 ? readUdx(state) : null;
    NoisePayload.SecretStream secretStream =
        (flags & NoisePayload.FLAG_SECRET_STREAM) != 0
            ? new NoisePayload.SecretStream(Wire.readUint(state))
            : null;
    NoisePayload.RelayThrough relayThrough =
        (flags & NoisePayload.FLAG_RELAY_THROUGH) != 0 ? readRelayThrough(state) : null;
    List<PeerAddress> relayAddresses =
        (flags & NoisePayload.FLAG_RELAY_ADDRESSES) != 0
            ? Wire.readIpv4s(state, HyperDhtLimits.MAX_ADDRESSES, "relayAddresses")
            : null;
    return new NoisePayload(
        version,
        error,
        firewall,
        holepunch,
        addresses4,
        addresses6,
        udx,
        secretStream,
        relayThrough,
        relayAddresses);
  }

  private static NoisePayload.Holepunch readHolepunch(State state) {
    long id = Wire.readUint(state);
    List<NoisePayload.RelayInfo> relays =
        Wire.readArray(
            state,
            HyperDhtLimits.MAX_RELAYS,
            NoisePayload.RelayInfo.ENCODED_LENGTH,
            "relays",
            s -> new NoisePayload.RelayInfo(PeerAddress.decode(s), PeerAddress.decode(s)));
    return new NoisePayload.Holepunch(id, relays);
  }

  private static NoisePayload.Udx readUdx(State state) {
    long version = Wire.readUint(state);
    long features = Wire.readUint(state);
    long id = Wire.readUint(state);
    if (id > NoisePayload.Udx.MAX_ID) {
      throw new EncodingException("udx id " + id + " is above 2^32-1");
    }
    long seq = Wire.readUint(state);
    return new NoisePayload.Udx(
        version, (features & NoisePayload.Udx.FEATURE_REUSABLE_SOCKET) != 0, id, seq);
  }

  private static NoisePayload.RelayThrough readRelayThrough(State state) {
    long version = Wire.readUint(state);
    long flags = Wire.readUint(state);
    byte[] publicKey = Wire.readFixed(state, 32, "relayThrough publicKey");
    byte[] token = Wire.readFixed(state, 32, "relayThrough token");
    return new NoisePayload.RelayThrough(version, flags, publicKey, token);
  }
}
