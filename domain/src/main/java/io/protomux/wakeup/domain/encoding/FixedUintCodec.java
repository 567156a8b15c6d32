package io.protomux.wakeup.domain.encoding;

/**
 * A fixed-width little-endian unsigned integer (uint8 ... uint64).
 *
 * <p>Unlike the reference, which silently keeps the low bits of a number too wide for the field,
 * encoding refuses it: a truncated number on the wire is always a bug.
 */
final class FixedUintCodec implements LongCodec {
  private final int width;
  private final long max;
  private final String name;

  FixedUintCodec(int width) {
    this.width = width;
    this.max = width == 8 ? CompactEncoding.MAX_SAFE_INTEGER : (1L << (8 * width)) - 1;
    this.name = "uint" + (8 * width);
  }

  @Override
  public void preencodeLong(State state, long value) {
    Uints.checkEncodable(value, max, name);
    state.add(width);
  }

  @Override
  public void encodeLong(State state, long value) {
    Uints.checkEncodable(value, max, name);
    Uints.writeLittleEndian(state, value, width);
  }

  @Override
  public long decodeLong(State state) {
    long value = Uints.readLittleEndian(state, width, name);
    return width == 8 ? Uints.checkSafeDecoded(value) : value;
  }

  @Override
  public String toString() {
    return name;
  }
}
