package io.protomux.wakeup.domain.wakeup.messages;

import io.protomux.wakeup.domain.encoding.Codec;
import io.protomux.wakeup.domain.encoding.Codecs;
import io.protomux.wakeup.domain.encoding.State;
import java.util.List;

final class AnnounceCodec implements Codec<Announce> {
  static final AnnounceCodec INSTANCE = new AnnounceCodec();

  private static final Codec<List<Wakeup>> ENTRIES = Codecs.array(WakeupCodec.INSTANCE);

  private AnnounceCodec() {}

  @Override
  public void preencode(State state, Announce m) {
    ENTRIES.preencode(state, m.wakeups());
  }

  @Override
  public void encode(State state, Announce m) {
    ENTRIES.encode(state, m.wakeups());
  }

  @Override
  public Announce decode(State state) {
    return new Announce(ENTRIES.decode(state));
  }
}
