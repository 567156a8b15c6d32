package io.protomux.wakeup.domain.hyperdht;

import io.protomux.wakeup.domain.dht.PeerAddress;
import io.protomux.wakeup.domain.encoding.Codecs;
import io.protomux.wakeup.domain.encoding.EncodingException;
import io.protomux.wakeup.domain.encoding.State;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.function.Function;

/**
 * The pieces the hyperdht codecs share: uints, fixed-size fields, and arrays whose count is
 * checked against a cap and against the bytes left before anything is allocated for it.
 */
final class Wire {
  /** Largest value of compact-encoding's uint (a JavaScript safe integer). */
  static final long MAX_UINT = (1L << 53) - 1;

  private static final HexFormat HEX = HexFormat.of();

  private Wire() {}

  // ---- checks made by record constructors (programming errors, not bad input)

  static long uint(long value, String name) {
    if (value < 0 || value > MAX_UINT) {
      throw new IllegalArgumentException(name + " outside 0..2^53-1: " + value);
    }
    return value;
  }

  static byte[] fixed(byte[] value, int length, String name) {
    if (value == null) {
      return null;
    }
    if (value.length != length) {
      throw new IllegalArgumentException(
          name + " needs exactly " + length + " bytes, got " + value.length);
    }
    return value.clone();
  }

  static byte[] copy(byte[] value) {
    return value == null ? null : value.clone();
  }

  static <T> List<T> list(List<T> items, int max, String name) {
    if (items == null) {
      return null;
    }
    if (items.size() > max) {
      throw new IllegalArgumentException(
          name + " has " + items.size() + " entries, more than the cap of " + max);
    }
    return List.copyOf(items);
  }

  static String hex(byte[] value) {
    return value == null ? "null" : HEX.formatHex(value);
  }

  // ---- preencode / encode

  static void preencodeUint(State state, long value) {
    Codecs.UINT.preencodeLong(state, value);
  }

  static void encodeUint(State state, long value) {
    Codecs.UINT.encodeLong(state, value);
  }

  static void preencodeBuffer(State state, byte[] value) {
    Codecs.BUFFER.preencode(state, value);
  }

  static void encodeBuffer(State state, byte[] value) {
    Codecs.BUFFER.encode(state, value);
  }

  static void encodeFixed(State state, byte[] value) {
    state.writeBytes(value, 0, value.length);
  }

  static void preencodeIpv4s(State state, List<PeerAddress> list) {
    preencodeUint(state, list.size());
    state.add((long) list.size() * PeerAddress.ENCODED_LENGTH);
  }

  static void encodeIpv4s(State state, List<PeerAddress> list) {
    encodeUint(state, list.size());
    for (PeerAddress a : list) {
      a.encode(state);
    }
  }

  // ---- decode

  static long readUint(State state) {
    return Codecs.UINT.decodeLong(state);
  }

  static byte[] readBuffer(State state) {
    return Codecs.BUFFER.decode(state);
  }

  static byte[] readFixed(State state, int length, String what) {
    int at = state.take(length, what);
    return Arrays.copyOfRange(state.buffer(), at, at + length);
  }

  static List<PeerAddress> readIpv4s(State state, int max, String what) {
    return readArray(state, max, PeerAddress.ENCODED_LENGTH, what, PeerAddress::decode);
  }

  /**
   * A uint count, then that many items of at least {@code minItemBytes} each. The count is
   * refused above {@code max}, and when the bytes left cannot hold that many items, so a short
   * input never sizes a list by what it claims.
   */
  static <T> List<T> readArray(
      State state, int max, int minItemBytes, String what, Function<State, T> item) {
    long count = readUint(state);
    if (count > max) {
      throw new EncodingException(what + " count " + count + " is above the cap of " + max);
    }
    if (count * minItemBytes > state.remaining()) {
      throw new EncodingException(
          "out of bounds: " + count + " " + what + " need at least " + count * minItemBytes
              + " bytes, " + state.remaining() + " left");
    }
    List<T> out = new ArrayList<>((int) count);
    for (long i = 0; i < count; i++) {
      out.add(item.apply(state));
    }
    return List.copyOf(out);
  }

  /** A state over {@code bytes[offset..offset+length)}; a bad range is the caller's mistake. */
  static State wrap(byte[] bytes, int offset, int length) {
    return State.wrap(bytes, offset, offset + length);
  }
}
