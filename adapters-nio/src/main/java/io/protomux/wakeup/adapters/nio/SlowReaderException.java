package io.protomux.wakeup.adapters.nio;

import java.io.IOException;

/**
 * Why a connection was closed when its remote stopped reading: the bytes queued for it went over
 * {@link NioOptions#maxQueuedBytes()}. Only that connection is closed; the queue is dropped with it.
 */
public final class SlowReaderException extends IOException {
  private static final long serialVersionUID = 1L;

  private final long queuedBytes;
  private final long limit;

  SlowReaderException(String remote, long queuedBytes, long limit) {
    super(
        "peer is not reading: "
            + queuedBytes
            + " bytes queued, limit maxQueuedBytes="
            + limit
            + " (remote "
            + remote
            + ")");
    this.queuedBytes = queuedBytes;
    this.limit = limit;
  }

  /** The bytes that would have been queued with the write that went over the limit. */
  public long queuedBytes() {
    return queuedBytes;
  }

  /** The limit, {@link NioOptions#maxQueuedBytes()}. */
  public long limit() {
    return limit;
  }
}
