package io.protomux.wakeup.fuzz;

import io.protomux.wakeup.domain.encoding.Codec;
import io.protomux.wakeup.domain.encoding.CompactEncoding;
import io.protomux.wakeup.domain.encoding.EncodingException;
import io.protomux.wakeup.domain.encoding.State;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * The property every codec must have on arbitrary input, checked by the compact-encoding and
 * wakeup-message targets:
 *
 * <ol>
 *   <li>decoding either returns a value or throws {@link EncodingException}; anything else
 *       escapes and is a finding;
 *   <li>decoding reads nothing outside {@code [start, end)}: the same bytes wrapped inside a larger
 *       array, between garbage, decode to the same value and end at the same place (or fail alike);
 *   <li>a decoded value encodes (no refusal), to exactly {@link CompactEncoding#encodedLength}
 *       bytes, and those bytes decode, completely, to an equal value that encodes to the same
 *       bytes again.
 * </ol>
 */
final class RoundTrip {
  private static final int PAD = 7;

  private RoundTrip() {}

  /** Checks {@code codec} on {@code input}; returns whether it decoded. */
  static <T> boolean check(Codec<T> codec, byte[] input) {
    State exact = State.wrap(input);
    T value;
    try {
      value = codec.decode(exact);
    } catch (EncodingException refused) {
      expectRefusedInsideLargerArray(codec, input, refused);
      return false;
    }
    int consumed = exact.start();
    if (consumed < 0 || consumed > input.length) {
      throw new AssertionError(codec + " ended at " + consumed + " of " + input.length + " bytes");
    }
    expectSameInsideLargerArray(codec, input, value, consumed);

    byte[] encoded = CompactEncoding.encode(codec, value);
    if (encoded.length != CompactEncoding.encodedLength(codec, value)) {
      throw new AssertionError(codec + ": encodedLength disagrees with encode for " + show(value));
    }
    State again = State.wrap(encoded);
    T decodedAgain;
    try {
      decodedAgain = codec.decode(again);
    } catch (EncodingException e) {
      throw new AssertionError(codec + " cannot decode its own encoding of " + show(value), e);
    }
    if (again.start() != encoded.length) {
      throw new AssertionError(
          codec + " read " + again.start() + " of the " + encoded.length + " bytes it wrote");
    }
    if (!deepEquals(value, decodedAgain)) {
      throw new AssertionError(
          codec + " round trip changed " + show(value) + " into " + show(decodedAgain));
    }
    if (!Arrays.equals(encoded, CompactEncoding.encode(codec, decodedAgain))) {
      throw new AssertionError(codec + " encodes " + show(value) + " two ways");
    }
    return true;
  }

  private static <T> void expectSameInsideLargerArray(
      Codec<T> codec, byte[] input, T value, int consumed) {
    byte[] padded = padded(input);
    State inside = State.wrap(padded, PAD, PAD + input.length);
    T other;
    try {
      other = codec.decode(inside);
    } catch (EncodingException e) {
      throw new AssertionError(codec + " decodes the bytes alone but not inside a larger array", e);
    }
    if (inside.start() - PAD != consumed || !deepEquals(value, other)) {
      throw new AssertionError(codec + " read outside its range: " + show(value) + " vs " + show(other));
    }
  }

  private static <T> void expectRefusedInsideLargerArray(
      Codec<T> codec, byte[] input, EncodingException refused) {
    byte[] padded = padded(input);
    try {
      T other = codec.decode(State.wrap(padded, PAD, PAD + input.length));
      throw new AssertionError(
          codec + " refused the bytes alone (" + refused.getMessage() + ") but read "
              + show(other) + " from them inside a larger array");
    } catch (EncodingException expected) {
      // Same outcome.
    }
  }

  /** The input between runs of bytes that would decode as large numbers and lengths. */
  private static byte[] padded(byte[] input) {
    byte[] padded = new byte[input.length + 2 * PAD];
    Arrays.fill(padded, (byte) 0xfd);
    System.arraycopy(input, 0, padded, PAD, input.length);
    return padded;
  }

  static boolean deepEquals(Object a, Object b) {
    if (a instanceof List<?> la && b instanceof List<?> lb) {
      if (la.size() != lb.size()) {
        return false;
      }
      for (int i = 0; i < la.size(); i++) {
        if (!deepEquals(la.get(i), lb.get(i))) {
          return false;
        }
      }
      return true;
    }
    return Objects.deepEquals(a, b);
  }

  static String show(Object value) {
    if (value instanceof byte[] bytes) {
      return bytes.length > 64
          ? "bytes[" + bytes.length + "]"
          : "bytes " + java.util.HexFormat.of().formatHex(bytes);
    }
    String text = String.valueOf(value);
    return text.length() > 200 ? text.substring(0, 200) + "..." : text;
  }
}
