package io.protomux.wakeup.domain.stream;

import io.protomux.wakeup.ports.crypto.SecretStream;
import io.protomux.wakeup.ports.transport.Connection;
import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * The outgoing side of a secret stream: frames ({@code uint24 LE length || body}) written in one
 * loop turn are gathered and handed to the connection as one buffer at the end of the turn (or
 * once {@link #STAGING_LIMIT_BYTES} have gathered). One system call for a burst of small
 * messages instead of one each, and no wire array per message; and the remote wakes up once for,
 * say, the header and the first channel open instead of once for each.
 */
final class FrameWriter {
  // A frame bigger than this goes out on its own.
  static final int STAGING_LIMIT_BYTES = 16 * 1024;
  // A staging buffer bigger than this is dropped at the end of a turn that gathered less than
  // this, so a stream holds little once its bursts are over (and does not grow it again and
  // again while they last).
  private static final int STAGING_KEEP_BYTES = 1024;
  private static final int STAGING_FIRST_BYTES = 256;

  private final Connection connection;
  private final Runnable endOfTurnFlush = this::flushAtEndOfTurn;
  private byte[] staging;
  private int staged;
  private boolean flushScheduled;
  private int stagedThisTurn;
  // The connection refused more (above its high-water mark) and has not drained since.
  private boolean congested;
  private boolean discarded;

  FrameWriter(Connection connection) {
    this.connection = connection;
  }

  /**
   * Encrypts one message under {@code push} into a frame.
   *
   * @return false when the transport is congested
   */
  boolean encrypt(SecretStream.Push push, byte[] message, int offset, int length) {
    int frameLength = 3 + SecretStream.ABYTES + length;
    if (frameLength > STAGING_LIMIT_BYTES) {
      // Too big to gather: what is gathered goes first, then this in an array of its own.
      flush();
      byte[] wire = new byte[frameLength];
      writeUint24(wire, 0, SecretStream.ABYTES + length);
      push.push(message, offset, length, SecretStream.TAG_MESSAGE, wire, 3);
      return writeToConnection(wire);
    }
    int at = reserve(frameLength);
    writeUint24(staging, at, SecretStream.ABYTES + length);
    push.push(message, offset, length, SecretStream.TAG_MESSAGE, staging, at + 3);
    staged += frameLength;
    stagedThisTurn += frameLength;
    scheduleFlush();
    return !congested;
  }

  /** Gathers a frame that needs no encryption (a handshake message, the header) with the rest. */
  void plain(byte[] body) {
    int frameLength = 3 + body.length;
    int at = reserve(frameLength);
    writeUint24(staging, at, body.length);
    System.arraycopy(body, 0, staging, at + 3, body.length);
    staged += frameLength;
    stagedThisTurn += frameLength;
    scheduleFlush();
  }

  /** Hands what is gathered to the connection now, in one exact-size array. */
  boolean flush() {
    if (staged == 0) {
      return !congested;
    }
    byte[] wire = Arrays.copyOf(staging, staged);
    staged = 0;
    return writeToConnection(wire);
  }

  /** The connection drained: writes are welcome again. */
  void onWritable() {
    congested = false;
  }

  /** The stream closed: what is gathered is dropped and nothing more reaches the connection. */
  void discard() {
    discarded = true;
    staging = null;
    staged = 0;
  }

  /** Room for a frame of at most {@code STAGING_LIMIT_BYTES}; returns where it starts. */
  private int reserve(int frameLength) {
    if (staged + frameLength > STAGING_LIMIT_BYTES) {
      flush();
    }
    if (staging == null || staging.length - staged < frameLength) {
      int capacity = staging == null ? STAGING_FIRST_BYTES : staging.length;
      while (capacity - staged < frameLength) {
        capacity *= 2;
      }
      staging = staging == null ? new byte[capacity] : Arrays.copyOf(staging, capacity);
    }
    return staged;
  }

  private void scheduleFlush() {
    if (!flushScheduled) {
      flushScheduled = true;
      connection.eventLoop().execute(endOfTurnFlush);
    }
  }

  private boolean writeToConnection(byte[] wire) {
    if (discarded) {
      return false;
    }
    boolean accepted = connection.write(ByteBuffer.wrap(wire));
    if (!accepted) {
      congested = true;
    }
    return accepted && !congested;
  }

  private void flushAtEndOfTurn() {
    flushScheduled = false;
    flush();
    if (staging != null && staging.length > STAGING_KEEP_BYTES && stagedThisTurn < STAGING_KEEP_BYTES) {
      staging = null;
    }
    stagedThisTurn = 0;
  }

  private static void writeUint24(byte[] out, int at, int value) {
    out[at] = (byte) value;
    out[at + 1] = (byte) (value >>> 8);
    out[at + 2] = (byte) (value >>> 16);
  }
}
