package io.protomux.wakeup.domain.encoding;

/**
 * The variable-length {@code uint}: one byte up to 0xfc, else a marker byte (0xfd, 0xfe, 0xff)
 * followed by a 2, 4 or 8-byte little-endian number.
 *
 * <p>Like the reference, decoding accepts a wider form than needed (e.g. {@code fd 05 00} for 5):
 * only encoding is canonical.
 */
final class UintCodec implements LongCodec {
  static final UintCodec INSTANCE = new UintCodec();

  private UintCodec() {}

  static int encodedLength(long value) {
    return value <= 0xfc ? 1 : value <= 0xffff ? 3 : value <= 0xffffffffL ? 5 : 9;
  }

  @Override
  public void preencodeLong(State state, long value) {
    Uints.checkEncodable(value, CompactEncoding.MAX_SAFE_INTEGER, "uint");
    state.add(encodedLength(value));
  }

  @Override
  public void encodeLong(State state, long value) {
    Uints.checkEncodable(value, CompactEncoding.MAX_SAFE_INTEGER, "uint");
    if (value <= 0xfc) {
      state.writeByte((int) value);
    } else if (value <= 0xffff) {
      state.writeByte(0xfd);
      Uints.writeLittleEndian(state, value, 2);
    } else if (value <= 0xffffffffL) {
      state.writeByte(0xfe);
      Uints.writeLittleEndian(state, value, 4);
    } else {
      state.writeByte(0xff);
      Uints.writeLittleEndian(state, value, 8);
    }
  }

  @Override
  public long decodeLong(State state) {
    int first = state.readByte("uint");
    switch (first) {
      case 0xfd:
        return Uints.readLittleEndian(state, 2, "uint16");
      case 0xfe:
        return Uints.readLittleEndian(state, 4, "uint32");
      case 0xff:
        return Uints.checkSafeDecoded(Uints.readLittleEndian(state, 8, "uint64"));
      default:
        return first;
    }
  }

  @Override
  public String toString() {
    return "uint";
  }
}
