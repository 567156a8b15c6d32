package io.protomux.wakeup.adapters.inmemory;

import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.NavigableSet;
import java.util.TreeSet;

/**
 * One direction of a {@link Link}: the wire carrying what one connection writes to the other,
 * with its latency, its backpressure accounting and the fault hooks simulations use.
 *
 * <p>Stream offsets count the bytes written in this direction since the link opened, from 0.
 * Every method must be called on the network's loop thread.
 */
public final class LinkDirection {
  private final Link link;
  private final VirtualTimeLoop loop;
  private final String description;
  private final int highWaterMark;
  private final int lowWaterMark;
  private final ArrayDeque<Segment> wire = new ArrayDeque<>();
  private final NavigableSet<Long> corruptOffsets = new TreeSet<>();
  private InMemoryConnection reader;
  private long latencyMillis;
  // Deliveries never overtake earlier ones, even when the latency drops: each arrives no sooner
  // than the one before.
  private long lastArrival;
  private boolean stalled;
  private long bytesWritten;
  private long bytesTransferred;
  private long bytesInFlight;
  private boolean writableWanted;

  LinkDirection(Link link, String description, NetworkOptions options) {
    this.link = link;
    this.loop = link.network().loop();
    this.description = description;
    this.highWaterMark = options.highWaterMark();
    this.lowWaterMark = options.lowWaterMark();
    this.latencyMillis = options.latencyMillis();
  }

  void connect(InMemoryConnection reader) {
    this.reader = reader;
  }

  /** The one-way latency of this direction, in virtual milliseconds. */
  public long latencyMillis() {
    return latencyMillis;
  }

  /** Sets the latency of what is written from now on; nothing in flight is sped up or delayed. */
  public void setLatencyMillis(long latencyMillis) {
    if (latencyMillis < 0) {
      throw new IllegalArgumentException("negative latency: " + latencyMillis);
    }
    this.latencyMillis = latencyMillis;
  }

  /** Holds everything on this wire, however long its latency, until {@link #unstall()}. */
  public void stall() {
    stalled = true;
  }

  /** Lets the held data through: what was due arrives at once, in order; the rest when due. */
  public void unstall() {
    if (stalled) {
      stalled = false;
      loop.execute(this::land);
    }
  }

  /** Whether this direction is stalled. */
  public boolean isStalled() {
    return stalled;
  }

  /**
   * Flips (XORs with 0xff) the byte at {@code streamOffset} as it crosses the wire, once.
   *
   * @throws IllegalArgumentException if that byte crossed already
   */
  public void corruptByteAt(long streamOffset) {
    if (streamOffset < bytesTransferred) {
      throw new IllegalArgumentException(
          "byte " + streamOffset + " crossed already (" + bytesTransferred + " bytes did)");
    }
    corruptOffsets.add(streamOffset);
  }

  /** Flips the next byte to cross the wire: the oldest in flight, or the next written. */
  public void corruptNextByte() {
    corruptByteAt(bytesTransferred);
  }

  /** How many bytes were written in this direction. */
  public long bytesWritten() {
    return bytesWritten;
  }

  /** How many bytes crossed the wire (arrived at the reader, whether or not it took them). */
  public long bytesTransferred() {
    return bytesTransferred;
  }

  /** How many written bytes the reader's handler has not taken yet: what backpressure counts. */
  public long bytesInFlight() {
    return bytesInFlight;
  }

  /** The writer's and reader's local descriptions, e.g. {@code "a:49152 -> b:7000"}. */
  @Override
  public String toString() {
    return description;
  }

  /** Puts a write on the wire; returns whether the writer may go on writing. */
  boolean send(byte[] bytes) {
    if (bytes.length > 0) {
      bytesWritten += bytes.length;
      bytesInFlight += bytes.length;
      put(Segment.data(bytes));
    }
    boolean belowHighWater = bytesInFlight < highWaterMark;
    writableWanted |= !belowHighWater;
    return belowHighWater;
  }

  void signal(Segment.Type type) {
    put(Segment.signal(type));
  }

  /** The reader's handler took (or the reader discarded) {@code count} bytes. */
  void consumed(int count) {
    bytesInFlight -= count;
    if (writableWanted && bytesInFlight <= lowWaterMark) {
      writableWanted = false;
      link.writerOf(this).notifyWritable();
    }
  }

  /** Forgets everything in flight: the link is gone. */
  void clear() {
    wire.clear();
  }

  private void put(Segment segment) {
    long now = loop.nowMillis();
    long arriveAt = Math.max(lastArrival, saturatedAdd(now, latencyMillis));
    segment.arriveAt = arriveAt;
    lastArrival = arriveAt;
    wire.add(segment);
    loop.schedule(arriveAt - now, this::land);
  }

  // Each segment schedules one landing; a landing takes every segment due, so after a stall the
  // first one brings the backlog and the later ones find nothing.
  private void land() {
    long now = loop.nowMillis();
    while (!stalled && !wire.isEmpty() && wire.peek().arriveAt <= now) {
      Segment segment = wire.poll();
      if (segment.type == Segment.Type.DATA) {
        corrupt(segment);
        bytesTransferred += segment.bytes.length;
      }
      reader.arrive(segment);
    }
  }

  private void corrupt(Segment segment) {
    long end = bytesTransferred + segment.bytes.length;
    Iterator<Long> due = corruptOffsets.headSet(end, false).iterator();
    while (due.hasNext()) {
      long offset = due.next();
      segment.bytes[(int) (offset - bytesTransferred)] ^= (byte) 0xff;
      due.remove();
    }
  }

  private static long saturatedAdd(long a, long b) {
    long sum = a + b;
    return sum < a ? Long.MAX_VALUE : sum;
  }
}
