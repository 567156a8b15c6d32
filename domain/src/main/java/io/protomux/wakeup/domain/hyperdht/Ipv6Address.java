package io.protomux.wakeup.domain.hyperdht;

import io.protomux.wakeup.domain.encoding.EncodingException;
import io.protomux.wakeup.domain.encoding.State;
import java.util.Arrays;
import java.util.Objects;

/**
 * An IPv6 address as hyperdht puts it in a noise payload's {@code addresses6} ({@code
 * ipv6Address} of compact-encoding-net): the 16 address bytes in network order, then the port as
 * uint16 <b>little-endian</b>, 18 bytes in all. hyperdht 6.34 never fills that list; it is here so
 * that a payload carrying one decodes and encodes again unchanged.
 *
 * @param address 16 bytes, network order (copied in and out)
 * @param port 0..65535
 */
public record Ipv6Address(byte[] address, int port) {
  /** Bytes in the address part. */
  public static final int ADDRESS_BYTES = 16;
  /** Encoded size: address and port. */
  public static final int ENCODED_LENGTH = ADDRESS_BYTES + 2;

  /** @throws IllegalArgumentException if the address is not 16 bytes or the port not 0..65535 */
  public Ipv6Address {
    Objects.requireNonNull(address, "address");
    if (address.length != ADDRESS_BYTES) {
      throw new IllegalArgumentException("IPv6 address must be 16 bytes, got " + address.length);
    }
    if (port < 0 || port > 0xffff) {
      throw new IllegalArgumentException("port outside 0..65535: " + port);
    }
    address = address.clone();
  }

  /**
   * Parses a textual address: eight groups of up to four hex digits, or fewer with one {@code
   * ::} standing for the zero groups left out (no embedded IPv4, no zone).
   *
   * @throws IllegalArgumentException if the text is not such an address
   */
  public static Ipv6Address parse(String host, int port) {
    Objects.requireNonNull(host, "host");
    int gap = host.indexOf("::");
    if (gap >= 0 && host.indexOf("::", gap + 1) >= 0) {
      throw new IllegalArgumentException("more than one '::' in \"" + host + "\"");
    }
    int[] head = gap >= 0 ? groups(host.substring(0, gap), host) : groups(host, host);
    int[] tail = gap >= 0 ? groups(host.substring(gap + 2), host) : new int[0];
    int total = head.length + tail.length;
    if (gap < 0 ? total != 8 : total > 7) {
      throw new IllegalArgumentException("not an IPv6 address: \"" + host + "\"");
    }
    byte[] bytes = new byte[ADDRESS_BYTES];
    for (int i = 0; i < head.length; i++) {
      bytes[2 * i] = (byte) (head[i] >>> 8);
      bytes[2 * i + 1] = (byte) head[i];
    }
    for (int i = 0; i < tail.length; i++) {
      int at = 2 * (8 - tail.length + i);
      bytes[at] = (byte) (tail[i] >>> 8);
      bytes[at + 1] = (byte) tail[i];
    }
    return new Ipv6Address(bytes, port);
  }

  private static int[] groups(String part, String host) {
    if (part.isEmpty()) {
      return new int[0];
    }
    String[] texts = part.split(":", -1);
    if (texts.length > 8) {
      throw new IllegalArgumentException("not an IPv6 address: \"" + host + "\"");
    }
    int[] out = new int[texts.length];
    for (int i = 0; i < texts.length; i++) {
      String t = texts[i];
      if (t.isEmpty() || t.length() > 4) {
        throw new IllegalArgumentException("not an IPv6 address: \"" + host + "\"");
      }
      for (int j = 0; j < t.length(); j++) {
        if (Character.digit(t.charAt(j), 16) < 0) {
          throw new IllegalArgumentException("not an IPv6 address: \"" + host + "\"");
        }
      }
      out[i] = Integer.parseInt(t, 16);
    }
    return out;
  }

  @Override
  public byte[] address() {
    return address.clone();
  }

  /**
   * The host as compact-encoding-net decodes it: all eight groups in lowercase hex without
   * leading zeros and without {@code ::} compression, e.g. {@code 2001:db8:0:0:0:0:0:1}.
   */
  public String host() {
    StringBuilder out = new StringBuilder(39);
    for (int i = 0; i < ADDRESS_BYTES; i += 2) {
      if (i > 0) {
        out.append(':');
      }
      out.append(Integer.toHexString((address[i] & 0xff) << 8 | address[i + 1] & 0xff));
    }
    return out.toString();
  }

  /** Encode step: writes the 18 bytes at the state's position. */
  public void encode(State state) {
    int at = state.reserve(ENCODED_LENGTH);
    byte[] out = state.buffer();
    System.arraycopy(address, 0, out, at, ADDRESS_BYTES);
    out[at + ADDRESS_BYTES] = (byte) port;
    out[at + ADDRESS_BYTES + 1] = (byte) (port >>> 8);
  }

  /**
   * Decode step: reads 18 bytes; any 18 bytes form an address.
   *
   * @throws EncodingException if fewer than 18 bytes remain
   */
  public static Ipv6Address decode(State state) {
    int at = state.take(ENCODED_LENGTH, "ipv6 address");
    byte[] in = state.buffer();
    byte[] bytes = Arrays.copyOfRange(in, at, at + ADDRESS_BYTES);
    int port = (in[at + ADDRESS_BYTES] & 0xff) | (in[at + ADDRESS_BYTES + 1] & 0xff) << 8;
    return new Ipv6Address(bytes, port);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Ipv6Address that && port == that.port && Arrays.equals(address, that.address);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(address) * 31 + port;
  }

  @Override
  public String toString() {
    return "[" + host() + "]:" + port;
  }
}
