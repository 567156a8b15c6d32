package io.protomux.wakeup.domain.protomux;

import static io.protomux.wakeup.domain.encoding.Codecs.UINT;

import io.protomux.wakeup.domain.encoding.State;
import java.util.ArrayList;
import java.util.List;

/**
 * Messages collected while corked, sent as one batch frame:
 * {@code 0 0 uint(channel) (uint(len) bytes)* [0 uint(channel) (uint(len) bytes)*]*}.
 * The encoded size is kept as items arrive so the frame is allocated once, exactly.
 */
final class Batch {
  /** The reference flushes a batch early once it reaches this size. */
  static final int MAX_BYTES = 8 * 1024 * 1024;

  private record Item(int localId, byte[] message) {}

  private final List<Item> items = new ArrayList<>();
  private final State size = new State();

  Batch() {
    size.add(1); // the control channel id; the batch type byte is counted with the first channel
  }

  boolean isEmpty() {
    return items.isEmpty();
  }

  boolean isFull() {
    return size.end() >= MAX_BYTES;
  }

  void add(int localId, byte[] message) {
    if (items.isEmpty() || items.get(items.size() - 1).localId != localId) {
      size.add(1);
      UINT.preencodeLong(size, localId);
    }
    UINT.preencodeLong(size, message.length);
    size.add(message.length);
    items.add(new Item(localId, message));
  }

  byte[] encode() {
    State out = new State();
    out.add(size.end());
    out.allocate();
    out.writeByte(0);
    out.writeByte(0);
    int current = items.get(0).localId;
    UINT.encodeLong(out, current);
    for (Item item : items) {
      if (item.localId != current) {
        current = item.localId;
        out.writeByte(0);
        UINT.encodeLong(out, current);
      }
      UINT.encodeLong(out, item.message.length);
      out.writeBytes(item.message, 0, item.message.length);
    }
    return out.buffer();
  }
}
