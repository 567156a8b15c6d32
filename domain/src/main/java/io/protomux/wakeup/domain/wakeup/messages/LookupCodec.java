package io.protomux.wakeup.domain.wakeup.messages;

import io.protomux.wakeup.domain.Key32;
import io.protomux.wakeup.domain.encoding.Codec;
import io.protomux.wakeup.domain.encoding.State;
import java.util.Optional;

final class LookupCodec implements Codec<Lookup> {
  static final LookupCodec INSTANCE = new LookupCodec();

  private LookupCodec() {}

  @Override
  public void preencode(State state, Lookup m) {
    Flags.preencode(state);
    if (m.hash().isPresent()) {
      Key32Codec.INSTANCE.preencode(state, m.hash().get());
    }
  }

  @Override
  public void encode(State state, Lookup m) {
    Flags.encode(state, m.hash().isPresent());
    if (m.hash().isPresent()) {
      Key32Codec.INSTANCE.encode(state, m.hash().get());
    }
  }

  @Override
  public Lookup decode(State state) {
    boolean hasHash = Flags.decodeBit0(state);
    Optional<Key32> hash =
        hasHash ? Optional.of(Key32Codec.INSTANCE.decode(state)) : Optional.empty();
    return new Lookup(hash);
  }
}
