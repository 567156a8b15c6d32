package io.protomux.wakeup.domain.protomux;

import io.protomux.wakeup.domain.encoding.State;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A channel the remote opened, by its id: the open's handshake bytes until a local channel takes
 * it, and the messages that arrive before that. Both are copied out of the frame they came in, so
 * what a slot holds is what it counts, never a whole frame behind a few bytes.
 */
final class RemoteSlot {
  /** One message held for a channel that is not paired yet. */
  record Pending(int type, byte[] bytes) {
    /** What it counts against the buffering limits, as the reference counts it. */
    int weight() {
      return weight(bytes.length);
    }

    static int weight(int length) {
      return 512 + length;
    }
  }

  State handshake;
  List<Pending> pending;
  Channel<?> session;
  /** Waiting for a local channel: counts against {@link ProtomuxOptions#maxPendingOpens()}. */
  boolean awaiting;

  static RemoteSlot awaitingLocal(State handshake) {
    RemoteSlot slot = new RemoteSlot();
    slot.handshake =
        State.wrap(Arrays.copyOfRange(handshake.buffer(), handshake.start(), handshake.end()));
    slot.pending = new ArrayList<>();
    slot.awaiting = true;
    return slot;
  }

  static RemoteSlot paired(State handshake) {
    RemoteSlot slot = new RemoteSlot();
    slot.handshake = handshake;
    return slot;
  }

  int pendingWeight() {
    int total = 0;
    if (pending != null) {
      for (Pending p : pending) {
        total += p.weight();
      }
    }
    return total;
  }
}
