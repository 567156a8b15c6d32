package io.protomux.wakeup.domain.wakeup.messages;

import io.protomux.wakeup.domain.encoding.Codec;
import io.protomux.wakeup.domain.encoding.State;

final class InfoCodec implements Codec<Info> {
  static final InfoCodec INSTANCE = new InfoCodec();

  private InfoCodec() {}

  @Override
  public void preencode(State state, Info m) {
    Flags.preencode(state);
  }

  @Override
  public void encode(State state, Info m) {
    Flags.encode(state, m.active());
  }

  @Override
  public Info decode(State state) {
    return new Info(Flags.decodeBit0(state));
  }
}
