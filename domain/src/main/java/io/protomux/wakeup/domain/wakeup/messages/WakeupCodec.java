package io.protomux.wakeup.domain.wakeup.messages;

import io.protomux.wakeup.domain.encoding.Codec;
import io.protomux.wakeup.domain.encoding.Codecs;
import io.protomux.wakeup.domain.encoding.State;

final class WakeupCodec implements Codec<Wakeup> {
  static final WakeupCodec INSTANCE = new WakeupCodec();

  private WakeupCodec() {}

  @Override
  public void preencode(State state, Wakeup m) {
    Key32Codec.INSTANCE.preencode(state, m.key());
    Codecs.UINT.preencodeLong(state, m.length());
  }

  @Override
  public void encode(State state, Wakeup m) {
    Key32Codec.INSTANCE.encode(state, m.key());
    Codecs.UINT.encodeLong(state, m.length());
  }

  @Override
  public Wakeup decode(State state) {
    var key = Key32Codec.INSTANCE.decode(state);
    long length = Codecs.UINT.decodeLong(state);
    return new Wakeup(key, length);
  }
}
