package io.protomux.wakeup.domain.wakeup.messages;

import io.protomux.wakeup.domain.encoding.Codec;
import io.protomux.wakeup.domain.encoding.Codecs;
import io.protomux.wakeup.domain.encoding.State;

final class HandshakeCodec implements Codec<Handshake> {
  static final HandshakeCodec INSTANCE = new HandshakeCodec();

  private HandshakeCodec() {}

  @Override
  public void preencode(State state, Handshake m) {
    Codecs.UINT.preencodeLong(state, m.version());
    Key32Codec.INSTANCE.preencode(state, m.capability());
    Flags.preencode(state);
  }

  @Override
  public void encode(State state, Handshake m) {
    Codecs.UINT.encodeLong(state, m.version());
    Key32Codec.INSTANCE.encode(state, m.capability());
    Flags.encode(state, m.active());
  }

  @Override
  public Handshake decode(State state) {
    long version = Codecs.UINT.decodeLong(state);
    var capability = Key32Codec.INSTANCE.decode(state);
    boolean active = Flags.decodeBit0(state);
    return new Handshake(version, capability, active);
  }
}
