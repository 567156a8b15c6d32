package io.protomux.wakeup.domain.encoding;

/**
 * {@code bool}: one byte, 1 for true and 0 for false. As in the reference, only the byte 1 decodes
 * to true; every other byte value decodes to false rather than being refused.
 */
final class BoolCodec implements Codec<Boolean> {
  static final BoolCodec INSTANCE = new BoolCodec();

  private BoolCodec() {}

  @Override
  public void preencode(State state, Boolean value) {
    state.add(1);
  }

  @Override
  public void encode(State state, Boolean value) {
    state.writeByte(value ? 1 : 0);
  }

  @Override
  public Boolean decode(State state) {
    return state.readByte("bool") == 1;
  }

  @Override
  public String toString() {
    return "bool";
  }
}
