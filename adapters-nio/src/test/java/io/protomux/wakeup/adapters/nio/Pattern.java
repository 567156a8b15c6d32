package io.protomux.wakeup.adapters.nio;

import java.nio.ByteBuffer;
import java.util.Random;

/**
 * A deterministic endless byte stream (a random block, entered at a seed-dependent offset), so
 * senders can write gigabytes without allocating and receivers can check every byte and its
 * position.
 */
final class Pattern {
  // An odd length, so stream positions and write sizes rarely line up with the block.
  private static final byte[] BLOCK = new byte[1024 * 1024 + 7];

  static {
    new Random(42).nextBytes(BLOCK);
  }

  private final int shift;

  Pattern(int seed) {
    this.shift = Math.floorMod(seed * 7919, BLOCK.length);
  }

  byte at(long position) {
    return BLOCK[(int) ((position + shift) % BLOCK.length)];
  }

  /** Up to {@code max} bytes of the stream from {@code position}, sharing the block (read-only use). */
  ByteBuffer chunk(long position, int max) {
    int start = (int) ((position + shift) % BLOCK.length);
    return ByteBuffer.wrap(BLOCK, start, Math.min(max, BLOCK.length - start));
  }
}
