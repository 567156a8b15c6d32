package io.protomux.wakeup.domain.wakeup;

import io.protomux.wakeup.domain.Limit;
import io.protomux.wakeup.domain.encoding.Codec;
import io.protomux.wakeup.domain.encoding.Codecs;
import io.protomux.wakeup.domain.encoding.State;
import io.protomux.wakeup.domain.wakeup.messages.Announce;
import io.protomux.wakeup.domain.wakeup.messages.WakeupMessages;

/**
 * {@code @wakeup/announce} with a cap on its entries, checked on the count before any entry is
 * decoded; encoding is the plain codec's (the cap is on what the remote sends).
 */
final class LimitedAnnounceCodec implements Codec<Announce> {
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
    long count = peekCount(state);
    if (count > maxWakeups) {
      throw new WakeupLimitException(
          Limit.WAKEUPS_PER_ANNOUNCE,
          "announce of " + count + " wakeups exceeds maxWakeupsPerAnnounce=" + maxWakeups);
    }
    return WakeupMessages.ANNOUNCE.decode(state);
  }

  /** The uint at the state's start, without consuming it. */
  private static long peekCount(State state) {
    if (state.remaining() > 0) {
      int first = state.buffer()[state.start()] & 0xff;
      if (first < 0xfd) {
        return first; // the one-byte form, without a state of its own
      }
    }
    return Codecs.UINT.decodeLong(State.wrap(state.buffer(), state.start(), state.end()));
  }

  @Override
  public String toString() {
    return "@wakeup/announce(max " + maxWakeups + ")";
  }
}
