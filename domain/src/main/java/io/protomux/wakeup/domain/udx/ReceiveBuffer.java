package io.protomux.wakeup.domain.udx;

import java.util.ArrayDeque;

/**
 * The receive side's bookkeeping: the cumulative ack, packets held out of order, the peer's END,
 * and bytes delivered in order while the application paused reading. Unlike libudx, everything it
 * holds is bounded: packets further than {@code maxOutOfOrderPackets} ahead of the ack are refused,
 * and so is anything that would make the held bytes exceed the advertised window.
 */
final class ReceiveBuffer {
  private static final byte[] END_ONLY = new byte[0];

  enum Outcome { DELIVERABLE, HELD, DUPLICATE, BEYOND_WINDOW }

  private final int maxWindowBytes;
  private final int mask;
  private byte[][] held; // lazily: an idle stream pays nothing for its bound
  private int heldPackets;
  private long heldBytes;
  private int highestHeld;
  private int ack;
  private boolean endKnown;
  private int endSeq;
  private boolean eofDelivered;
  private final ArrayDeque<byte[]> paused = new ArrayDeque<>();
  private int[] runStarts = new int[64];
  private int[] runEnds = new int[64];
  private long pausedBytes;

  ReceiveBuffer(int maxWindowBytes, int maxOutOfOrderPackets, int initialAck) {
    this.maxWindowBytes = maxWindowBytes;
    this.mask = maxOutOfOrderPackets - 1;
    this.ack = initialAck;
  }

  int ack() {
    return ack;
  }

  /** Where the peer's seqs start; only before anything was received. */
  void startAt(int firstSeq) {
    if (heldPackets == 0 && paused.isEmpty()) {
      ack = firstSeq;
    }
  }

  /**
   * The window to advertise: libudx's, the maximum minus what the application has not read.
   * Out-of-order bytes are not subtracted (udx-native always says 4 MiB); they are bounded by
   * the same maximum all the same, in {@link #offer}.
   */
  int window() {
    return (int) Math.max(0, maxWindowBytes - pausedBytes);
  }

  boolean eofDelivered() {
    return eofDelivered;
  }

  /** Whether the peer's END has been received in order, so EOF is due. */
  boolean eofDue() {
    return endKnown && !eofDelivered && Seq.gt(ack, endSeq);
  }

  void markEofDelivered() {
    eofDelivered = true;
  }

  /** Remembers that the peer ends at {@code seq} (END seen, in order or not). */
  void noteEnd(int seq) {
    if (!endKnown) {
      endKnown = true;
      endSeq = seq;
    }
  }

  /**
   * Classifies a DATA/END packet at {@code seq}: in order and with data (deliver it now and call
   * {@link #advance}), or held for later, or a duplicate, or too far ahead to keep.
   */
  Outcome offer(int seq, boolean data, byte[] payload, int offset, int length) {
    int ahead = seq - ack;
    if (ahead < 0 || eofDelivered) {
      return Outcome.DUPLICATE;
    }
    if (ahead == 0 && data) {
      return Outcome.DELIVERABLE;
    }
    if (ahead > mask || heldBytes + pausedBytes + length > maxWindowBytes) {
      return Outcome.BEYOND_WINDOW;
    }
    if (held == null) {
      held = new byte[mask + 1][];
    }
    int slot = seq & mask;
    if (held[slot] != null) {
      return Outcome.DUPLICATE;
    }
    byte[] copy = END_ONLY;
    if (data && length > 0) {
      copy = new byte[length];
      System.arraycopy(payload, offset, copy, 0, length);
    }
    held[slot] = copy;
    heldPackets++;
    heldBytes += copy.length;
    if (heldPackets == 1 || Seq.gt(seq, highestHeld)) {
      highestHeld = seq;
    }
    return Outcome.HELD;
  }

  /** The in-order packet was delivered: the ack moves past it. */
  void advance() {
    ack++;
  }

  /**
   * The next held payload if it is now in order (END-only packets come back as empty arrays), or
   * null; the ack moves past it.
   */
  byte[] pollInOrder() {
    if (heldPackets == 0) {
      return null;
    }
    int slot = ack & mask;
    byte[] next = held[slot];
    if (next == null) {
      return null;
    }
    held[slot] = null;
    heldPackets--;
    heldBytes -= next.length;
    ack++;
    return next;
  }

  int heldPackets() {
    return heldPackets;
  }

  /**
   * Writes up to {@code maxBlocks} SACK blocks for the held runs into {@code out} at {@code at},
   * ascending; returns how many. With more runs than blocks, the lowest run (next to the hole the
   * sender must fill first) and the highest ones (what arrived last, which RACK needs to tell loss
   * from lateness) are reported; libudx reports the lowest ones, so beyond 50 holes its sender
   * sees nothing new and declares what is merely unreported lost. With 50 runs or fewer the two
   * are the same.
   */
  int writeSacks(byte[] out, int at, int maxBlocks) {
    if (heldPackets == 0) {
      return 0;
    }
    int runs = 0;
    int seq = ack + 1;
    int last = highestHeld;
    while (Seq.le(seq, last)) {
      if (held[seq & mask] == null) {
        seq++;
        continue;
      }
      int start = seq;
      while (Seq.le(seq, last) && held[seq & mask] != null) {
        seq++;
      }
      if (runs == runStarts.length) {
        runStarts = java.util.Arrays.copyOf(runStarts, runs * 2);
        runEnds = java.util.Arrays.copyOf(runEnds, runs * 2);
      }
      runStarts[runs] = start;
      runEnds[runs] = seq;
      runs++;
    }
    int blocks = Math.min(runs, maxBlocks);
    for (int i = 0; i < blocks; i++) {
      int run = i == 0 || runs <= maxBlocks ? i : runs - blocks + i;
      UdxHeader.writeInt(out, at, runStarts[run]);
      UdxHeader.writeInt(out, at + 4, runEnds[run]);
      at += SackBlock.BYTES;
    }
    return blocks;
  }

  /** Keeps a copy of in-order bytes the application is not reading yet. */
  void holdPaused(byte[] payload, int offset, int length) {
    byte[] copy = new byte[length];
    System.arraycopy(payload, offset, copy, 0, length);
    holdPaused(copy);
  }

  void holdPaused(byte[] copy) {
    paused.add(copy);
    pausedBytes += copy.length;
  }

  boolean hasPaused() {
    return !paused.isEmpty();
  }

  byte[] pollPaused() {
    byte[] next = paused.poll();
    if (next != null) {
      pausedBytes -= next.length;
    }
    return next;
  }

  /** Whether an in-order payload of {@code length} still fits while paused. */
  boolean pausedRoomFor(int length) {
    return heldBytes + pausedBytes + length <= maxWindowBytes;
  }

  /** Drops everything (the stream closed). */
  void clear() {
    held = null;
    heldPackets = 0;
    heldBytes = 0;
    paused.clear();
    pausedBytes = 0;
  }

  long bufferedBytes() {
    return heldBytes + pausedBytes;
  }
}
