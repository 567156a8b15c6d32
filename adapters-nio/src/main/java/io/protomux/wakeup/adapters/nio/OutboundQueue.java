package io.protomux.wakeup.adapters.nio;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.GatheringByteChannel;
import java.util.ArrayDeque;
import java.util.Arrays;

/**
 * The bytes a connection has accepted but the kernel has not: buffers kept as handed over (never
 * copied), written oldest first, with gathering writes when several are queued.
 */
final class OutboundQueue {
  // The JDK copies every heap buffer it writes into a temporary direct buffer of the buffer's
  // full remaining size, however little the kernel then takes; capping one write call bounds that
  // copy (and the direct memory the JDK caches per thread) for multi-megabyte buffers.
  static final int MAX_BYTES_PER_WRITE = 256 * 1024;

  private final ArrayDeque<ByteBuffer> buffers = new ArrayDeque<>();
  private long bytes;

  void add(ByteBuffer buffer) {
    if (buffer.hasRemaining()) {
      buffers.addLast(buffer);
      bytes += buffer.remaining();
    }
  }

  boolean isEmpty() {
    return buffers.isEmpty();
  }

  /** The bytes still queued. */
  long bytes() {
    return bytes;
  }

  /** Drops everything queued. */
  void clear() {
    buffers.clear();
    bytes = 0;
  }

  /**
   * Writes until the queue is empty or the channel takes less than offered (its buffer is full).
   *
   * @param scratch room for the buffers of one gathering write; left all null on return
   * @return whether the queue is now empty
   */
  boolean writeTo(GatheringByteChannel channel, ByteBuffer[] scratch) throws IOException {
    while (!buffers.isEmpty()) {
      if (!writeOnce(channel, scratch)) {
        return false;
      }
    }
    return true;
  }

  /** One write system call; returns whether the channel took everything offered. */
  private boolean writeOnce(GatheringByteChannel channel, ByteBuffer[] scratch) throws IOException {
    int count = 0;
    long offered = 0;
    ByteBuffer cut = null;
    ByteBuffer cutFrom = null;
    for (ByteBuffer buffer : buffers) {
      long room = MAX_BYTES_PER_WRITE - offered;
      int remaining = buffer.remaining();
      if (remaining > room) {
        // Only the last buffer offered is ever cut; its position is advanced by hand afterwards.
        cutFrom = buffer;
        cut = buffer.slice(buffer.position(), (int) room);
        scratch[count++] = cut;
        offered += room;
        break;
      }
      scratch[count++] = buffer;
      offered += remaining;
      if (count == scratch.length || offered == MAX_BYTES_PER_WRITE) {
        break;
      }
    }
    long written;
    try {
      written = count == 1 ? channel.write(scratch[0]) : channel.write(scratch, 0, count);
    } finally {
      Arrays.fill(scratch, 0, count, null);
    }
    if (cut != null) {
      cutFrom.position(cutFrom.position() + cut.position());
    }
    bytes -= written;
    while (!buffers.isEmpty() && !buffers.peekFirst().hasRemaining()) {
      buffers.pollFirst();
    }
    return written == offered;
  }
}
