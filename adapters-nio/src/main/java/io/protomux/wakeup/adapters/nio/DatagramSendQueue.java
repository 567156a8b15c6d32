package io.protomux.wakeup.adapters.nio;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * The datagrams a socket accepted while the system's send buffer was full, oldest first, each
 * copied into a slot of one fixed size. Slots are direct buffers, so that the system sends
 * straight from them (the JDK would copy a heap buffer into a direct one first), and are recycled
 * rather than freed: queueing allocates only while the queue is deeper than it has ever been.
 */
final class DatagramSendQueue {
  private final int slotBytes;
  // A ring of the waiting datagrams and, index for index, where each goes.
  private final ByteBuffer[] ring;
  private final InetSocketAddress[] targets;
  // The slots not in use: a stack, so the same few slots serve a queue that stays shallow.
  private final ByteBuffer[] spare;
  private int head;
  private int size;
  private int spareCount;
  private int allocated;

  /** A queue of at most {@code capacity} datagrams of at most {@code slotBytes} each. */
  DatagramSendQueue(int capacity, int slotBytes) {
    this.slotBytes = slotBytes;
    this.ring = new ByteBuffer[capacity];
    this.targets = new InetSocketAddress[capacity];
    this.spare = new ByteBuffer[capacity];
  }

  int size() {
    return size;
  }

  boolean isEmpty() {
    return size == 0;
  }

  boolean isFull() {
    return size == ring.length;
  }

  /** Slots allocated and not yet released by {@link #clear}: the most ever queued at once. */
  int allocatedSlots() {
    return allocated;
  }

  /**
   * Copies the datagram's remaining bytes in behind the others, advancing its position to its
   * limit; the datagram buffer itself is not kept.
   *
   * @throws IllegalStateException if the queue is full
   * @throws IllegalArgumentException if the datagram is longer than a slot
   */
  void add(ByteBuffer datagram, InetSocketAddress target) {
    if (isFull()) {
      throw new IllegalStateException("send queue full: " + size + " datagrams");
    }
    if (datagram.remaining() > slotBytes) {
      throw new IllegalArgumentException(
          "datagram of " + datagram.remaining() + " bytes is longer than a slot of " + slotBytes);
    }
    ByteBuffer slot;
    if (spareCount > 0) {
      slot = spare[--spareCount];
      spare[spareCount] = null;
    } else {
      slot = ByteBuffer.allocateDirect(slotBytes);
      allocated++;
    }
    slot.clear();
    slot.put(datagram).flip();
    int tail = head + size;
    if (tail >= ring.length) {
      tail -= ring.length;
    }
    ring[tail] = slot;
    targets[tail] = target;
    size++;
  }

  /** The oldest datagram (position to limit), null if none; it stays queued until {@link #remove}. */
  ByteBuffer peek() {
    return size == 0 ? null : ring[head];
  }

  /** Where the oldest datagram goes, null if none. */
  InetSocketAddress peekTarget() {
    return size == 0 ? null : targets[head];
  }

  /** Takes the oldest datagram off the queue, keeping its slot for a later one. */
  void remove() {
    if (size == 0) {
      throw new IllegalStateException("send queue empty");
    }
    spare[spareCount++] = ring[head];
    ring[head] = null;
    targets[head] = null;
    head = head + 1 == ring.length ? 0 : head + 1;
    size--;
  }

  /**
   * Forgets every datagram and every slot, so that their memory can be reclaimed.
   *
   * @return how many datagrams were still waiting
   */
  int clear() {
    int discarded = size;
    Arrays.fill(ring, null);
    Arrays.fill(targets, null);
    Arrays.fill(spare, null);
    head = 0;
    size = 0;
    spareCount = 0;
    allocated = 0;
    return discarded;
  }
}
