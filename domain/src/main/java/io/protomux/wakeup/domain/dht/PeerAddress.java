package io.protomux.wakeup.domain.dht;

import io.protomux.wakeup.domain.encoding.EncodingException;
import io.protomux.wakeup.domain.encoding.State;
import java.util.Objects;

/**
 * An IPv4 peer address as dht-rpc puts it on the wire ({@code ipv4} in compact-encoding-net, the
 * {@code peer} of the reference's {@code messages.js}): the four octets in written order, then
 * the port as uint16 <b>little-endian</b>, not network order. {@code 127.0.0.1:49737} is
 * {@code 7f000001 49c2}.
 *
 * <p>{@link #host()} is the canonical dotted-decimal spelling because tokens hash exactly that
 * string (see {@link TokenSecrets}); the constructor therefore refuses any other spelling
 * (leading zeros, spaces, out-of-range octets) instead of normalising it.
 *
 * <p>A value class (equal by host and port) rather than a record so that it can keep the host's
 * 32 bits, parsed once when it is made: a reply carries up to 20 closer nodes, and parsing each
 * host again to encode it was the largest single cost of serving FIND_NODE.
 */
public final class PeerAddress {
  /** Encoded size: 4 host bytes and 2 port bytes. */
  public static final int ENCODED_LENGTH = 6;

  private final int port;
  private final int bits;
  // Spelled out on first use (the racy single-check of String.hashCode: every thread computes the
  // same string). A table entry or a decoded closer node is encoded from the bits alone, so most
  // addresses never need one, and 56 bytes less per routing-table entry.
  private String host;

  /**
   * @param host dotted-decimal IPv4 host, e.g. {@code "10.0.0.1"}
   * @param port 0..65535
   * @throws IllegalArgumentException if the host is not canonical dotted-decimal IPv4 or the
   *     port is outside 0..65535
   */
  public PeerAddress(String host, int port) {
    this(parseHost(Objects.requireNonNull(host, "host")), host, port);
  }

  private PeerAddress(int bits, String host, int port) {
    if (port < 0 || port > 0xffff) {
      throw new IllegalArgumentException("port outside 0..65535: " + port);
    }
    this.host = host;
    this.port = port;
    this.bits = bits;
  }

  /** The address of the 4 octets {@code bits} (big-endian) and {@code port}. */
  public static PeerAddress of(int bits, int port) {
    return new PeerAddress(bits, null, port);
  }

  /** The dotted-decimal host. */
  public String host() {
    String spelled = host;
    if (spelled == null) {
      spelled =
          (bits >>> 24) + "." + (bits >>> 16 & 0xff) + "." + (bits >>> 8 & 0xff) + "." + (bits & 0xff);
      host = spelled;
    }
    return spelled;
  }

  /** The port. */
  public int port() {
    return port;
  }

  /** The host's 4 octets, big-endian. */
  int bits() {
    return bits;
  }

  /** Writes the host's 4 octets at {@code out[at]}. */
  void writeOctets(byte[] out, int at) {
    out[at] = (byte) (bits >>> 24);
    out[at + 1] = (byte) (bits >>> 16);
    out[at + 2] = (byte) (bits >>> 8);
    out[at + 3] = (byte) bits;
  }

  /** The 4 octets at {@code in[at]} as a host's bits. */
  static int bitsAt(byte[] in, int at) {
    return (in[at] & 0xff) << 24 | (in[at + 1] & 0xff) << 16 | (in[at + 2] & 0xff) << 8
        | (in[at + 3] & 0xff);
  }

  /** The 6-byte encoding; what a node id hashes. */
  public byte[] encode() {
    State state = new State();
    state.add(ENCODED_LENGTH);
    state.allocate();
    encode(state);
    return state.buffer();
  }

  /** Encode step: writes the 6 bytes at the state's position. */
  public void encode(State state) {
    int at = state.reserve(ENCODED_LENGTH);
    byte[] out = state.buffer();
    writeOctets(out, at);
    out[at + 4] = (byte) port;
    out[at + 5] = (byte) (port >>> 8);
  }

  /**
   * Decode step: reads 6 bytes. Any 6 bytes form a valid address (port 0 included; whether a
   * port-0 source is usable is the caller's decision, as in the reference).
   *
   * @throws EncodingException if fewer than 6 bytes remain
   */
  public static PeerAddress decode(State state) {
    int at = state.take(ENCODED_LENGTH, "ipv4 address");
    byte[] in = state.buffer();
    int port = (in[at + 4] & 0xff) | (in[at + 5] & 0xff) << 8;
    return of(bitsAt(in, at), port);
  }

  /** Decodes exactly one address from 6 bytes (e.g. a DOWN_HINT value). */
  public static PeerAddress decode(byte[] bytes) {
    if (bytes.length != ENCODED_LENGTH) {
      throw new EncodingException("ipv4 address needs 6 bytes, got " + bytes.length);
    }
    return decode(State.wrap(bytes));
  }

  /** Whether {@code host} is a canonical dotted-decimal IPv4 address. */
  public static boolean isIpv4(String host) {
    try {
      parseHost(host);
      return true;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  /** The host's 32 bits, big-endian; refuses anything but canonical dotted-decimal. */
  private static int parseHost(String host) {
    int bits = 0;
    int octets = 0;
    int i = 0;
    int n = host.length();
    while (i <= n) {
      int begin = i;
      int value = 0;
      while (i < n && host.charAt(i) >= '0' && host.charAt(i) <= '9' && i - begin < 3) {
        value = value * 10 + (host.charAt(i) - '0');
        i++;
      }
      int digits = i - begin;
      boolean leadingZero = digits > 1 && host.charAt(begin) == '0';
      if (digits == 0 || leadingZero || value > 255 || octets == 4) {
        throw new IllegalArgumentException("not a dotted-decimal IPv4 host: \"" + host + "\"");
      }
      bits = bits << 8 | value;
      octets++;
      if (i == n) {
        break;
      }
      if (host.charAt(i) != '.') {
        throw new IllegalArgumentException("not a dotted-decimal IPv4 host: \"" + host + "\"");
      }
      i++;
    }
    if (octets != 4) {
      throw new IllegalArgumentException("not a dotted-decimal IPv4 host: \"" + host + "\"");
    }
    return bits;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof PeerAddress other && bits == other.bits && port == other.port;
  }

  @Override
  public int hashCode() {
    return bits * 31 + port;
  }

  @Override
  public String toString() {
    return host() + ":" + port;
  }
}
