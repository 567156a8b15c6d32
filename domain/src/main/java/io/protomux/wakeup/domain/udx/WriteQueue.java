package io.protomux.wakeup.domain.udx;

import java.nio.ByteBuffer;
import java.util.ArrayDeque;

/** Bytes written but not yet put in a packet, in the buffers the application handed over. */
final class WriteQueue {
  private final ArrayDeque<ByteBuffer> buffers = new ArrayDeque<>();
  private long bytes;

  void add(ByteBuffer buffer) {
    if (buffer.hasRemaining()) {
      buffers.add(buffer);
      bytes += buffer.remaining();
    }
  }

  long bytes() {
    return bytes;
  }

  boolean isEmpty() {
    return bytes == 0;
  }

  /** Moves up to {@code max} bytes into {@code out} at {@code at}; returns how many. */
  int take(byte[] out, int at, int max) {
    int taken = 0;
    while (taken < max && !buffers.isEmpty()) {
      ByteBuffer head = buffers.peek();
      int n = Math.min(max - taken, head.remaining());
      head.get(out, at + taken, n);
      taken += n;
      if (!head.hasRemaining()) {
        buffers.poll();
      }
    }
    bytes -= taken;
    return taken;
  }

  void clear() {
    buffers.clear();
    bytes = 0;
  }
}
