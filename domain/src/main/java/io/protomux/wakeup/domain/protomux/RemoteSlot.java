package io.protomux.wakeup.domain.protomux;

import io.protomux.wakeup.domain.encoding.State;
import java.util.ArrayList;
import java.util.List;

/**
 * A channel the remote opened, by its id: the open's handshake bytes until a local channel takes
 * it, and the messages that arrive before that.
 */
final class RemoteSlot {
  /** One message held for a channel that is not paired yet. */
  record Pending(int type, byte[] buffer, int start, int end) {
    /** What it counts against the buffering limit, as the reference counts it. */
    int weight() {
      return 512 + (end - start);
    }
  }

  State handshake;
  List<Pending> pending;
  Channel<?> session;

  static RemoteSlot awaitingLocal(State handshake) {
    RemoteSlot slot = new RemoteSlot();
    slot.handshake = handshake;
    slot.pending = new ArrayList<>();
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
