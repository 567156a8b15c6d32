package io.protomux.wakeup.domain.wakeup;

import io.protomux.wakeup.domain.Limit;
import io.protomux.wakeup.domain.encoding.Codecs;
import io.protomux.wakeup.domain.encoding.State;
import io.protomux.wakeup.domain.wakeup.messages.Announce;
import io.protomux.wakeup.domain.wakeup.messages.WakeupMessages;

/**
 * {@code @wakeup/announce} with a cap on its entries, checked on the count before any entry is
 * decoded; encoding is the plain codec's (the cap is on what the remote sends).
 */
final class LimitedAnnounceCodec implements io.protomux.wakeup.domain.encoding.Codec<Announce> {
  private final int maxWakeups;

  LimitedAnnounceCodec(int maxWakeups) {
    this.maxWakeups = maxWakeups;
  }

  @Override
  public void preencode(State state, Announce announce) {
    WakeupMessages.ANNOUNCE.preencode(state, announce);
  }

  @Override
  public void encode(State state, Announce announce) {
    WakeupMessages.ANNOUNCE.encode(state, announce);
  }

  @Override
  public Announce decode(State state) {
    long count = Codecs.UINT.decodeLong(State.wrap(state.buffer(), state.start(), state.end()));
    if (count > maxWakeups) {
      throw new WakeupLimitException(
          Limit.WAKEUPS_PER_ANNOUNCE,
          "announce of " + count + " wakeups exceeds maxWakeupsPerAnnounce=" + maxWakeups);
    }
    return WakeupMessages.ANNOUNCE.decode(state);
  }

  @Override
  public String toString() {
    return "@wakeup/announce(max " + maxWakeups + ")";
  }
}
