package io.protomux.wakeup.adapters.nio;

import java.util.function.Consumer;

/**
 * How a {@link NioTransport} is set up. Start from {@link #defaults()} and change what differs.
 *
 * @param loopCount how many event loops (threads) share the connections, assigned round-robin
 * @param highWaterMark queued outgoing bytes above which {@code Connection.write} returns false
 * @param lowWaterMark queued outgoing bytes below which {@code onWritable} fires after that
 * @param readBufferBytes size of each loop's read buffer, the most one {@code onData} delivers
 * @param connectTimeoutMillis how long a dial may take before it fails; 0 for no limit beyond the
 *     operating system's
 * @param errorHandler receives failures no handler could be told about (a task or callback that
 *     threw); null to log them through {@link System.Logger}
 * @param maxConnectionsPerListener how many accepted connections each listener may have open at
 *     once; a connection accepted beyond that is closed at once (reset, before anyone sees it) and
 *     counted in {@link NioTransport#refusedConnections()}
 * @param maxQueuedBytes the most outgoing bytes one connection may hold queued for a remote that
 *     does not read them; a write that leaves more queued closes the connection with a {@link
 *     SlowReaderException} (far above {@code highWaterMark}, which only asks the writer to wait)
 */
public record NioOptions(
    int loopCount,
    int highWaterMark,
    int lowWaterMark,
    int readBufferBytes,
    long connectTimeoutMillis,
    Consumer<Throwable> errorHandler,
    int maxConnectionsPerListener,
    long maxQueuedBytes) {

  /** The default of {@link #maxConnectionsPerListener()}. */
  public static final int DEFAULT_MAX_CONNECTIONS_PER_LISTENER = 1024;

  /** The default of {@link #maxQueuedBytes()}: 16 MiB. */
  public static final long DEFAULT_MAX_QUEUED_BYTES = 16L * 1024 * 1024;

  /** Validates the options. */
  public NioOptions {
    if (loopCount < 1) {
      throw new IllegalArgumentException("loopCount must be at least 1: " + loopCount);
    }
    if (lowWaterMark < 0 || highWaterMark < lowWaterMark) {
      throw new IllegalArgumentException(
          "need 0 <= lowWaterMark <= highWaterMark: " + lowWaterMark + ", " + highWaterMark);
    }
    if (readBufferBytes < 1) {
      throw new IllegalArgumentException("readBufferBytes must be positive: " + readBufferBytes);
    }
    if (connectTimeoutMillis < 0) {
      throw new IllegalArgumentException("negative connectTimeoutMillis: " + connectTimeoutMillis);
    }
    if (maxConnectionsPerListener < 1) {
      throw new IllegalArgumentException(
          "maxConnectionsPerListener must be at least 1: " + maxConnectionsPerListener);
    }
    if (maxQueuedBytes < highWaterMark) {
      throw new IllegalArgumentException(
          "need highWaterMark <= maxQueuedBytes: " + highWaterMark + ", " + maxQueuedBytes);
    }
  }

  /**
   * The options before {@code maxQueuedBytes} existed, with its default.
   *
   * @see #defaults()
   */
  public NioOptions(
      int loopCount,
      int highWaterMark,
      int lowWaterMark,
      int readBufferBytes,
      long connectTimeoutMillis,
      Consumer<Throwable> errorHandler,
      int maxConnectionsPerListener) {
    this(
        loopCount,
        highWaterMark,
        lowWaterMark,
        readBufferBytes,
        connectTimeoutMillis,
        errorHandler,
        maxConnectionsPerListener,
        DEFAULT_MAX_QUEUED_BYTES);
  }

  /**
   * The options before {@code maxConnectionsPerListener} existed, with its default.
   *
   * @see #defaults()
   */
  public NioOptions(
      int loopCount,
      int highWaterMark,
      int lowWaterMark,
      int readBufferBytes,
      long connectTimeoutMillis,
      Consumer<Throwable> errorHandler) {
    this(
        loopCount,
        highWaterMark,
        lowWaterMark,
        readBufferBytes,
        connectTimeoutMillis,
        errorHandler,
        DEFAULT_MAX_CONNECTIONS_PER_LISTENER,
        DEFAULT_MAX_QUEUED_BYTES);
  }

  /**
   * One loop, 1 MiB / 256 KiB water marks, 64 KiB reads, 30 s connect timeout, logged errors,
   * 1024 connections per listener, 16 MiB queued per connection.
   */
  public static NioOptions defaults() {
    return new NioOptions(
        1,
        1024 * 1024,
        256 * 1024,
        64 * 1024,
        30_000,
        null,
        DEFAULT_MAX_CONNECTIONS_PER_LISTENER,
        DEFAULT_MAX_QUEUED_BYTES);
  }

  /** These options with another number of loops. */
  public NioOptions withLoopCount(int loops) {
    return new NioOptions(
        loops,
        highWaterMark,
        lowWaterMark,
        readBufferBytes,
        connectTimeoutMillis,
        errorHandler,
        maxConnectionsPerListener,
        maxQueuedBytes);
  }

  /** These options with other water marks. */
  public NioOptions withWaterMarks(int high, int low) {
    return new NioOptions(
        loopCount,
        high,
        low,
        readBufferBytes,
        connectTimeoutMillis,
        errorHandler,
        maxConnectionsPerListener,
        maxQueuedBytes);
  }

  /** These options with another read buffer size. */
  public NioOptions withReadBufferBytes(int bytes) {
    return new NioOptions(
        loopCount,
        highWaterMark,
        lowWaterMark,
        bytes,
        connectTimeoutMillis,
        errorHandler,
        maxConnectionsPerListener,
        maxQueuedBytes);
  }

  /** These options with another connect timeout (0: none). */
  public NioOptions withConnectTimeoutMillis(long millis) {
    return new NioOptions(
        loopCount,
        highWaterMark,
        lowWaterMark,
        readBufferBytes,
        millis,
        errorHandler,
        maxConnectionsPerListener,
        maxQueuedBytes);
  }

  /** These options with another error handler (null: log). */
  public NioOptions withErrorHandler(Consumer<Throwable> handler) {
    return new NioOptions(
        loopCount,
        highWaterMark,
        lowWaterMark,
        readBufferBytes,
        connectTimeoutMillis,
        handler,
        maxConnectionsPerListener,
        maxQueuedBytes);
  }

  /** These options with another limit of open connections per listener. */
  public NioOptions withMaxConnectionsPerListener(int connections) {
    return new NioOptions(
        loopCount,
        highWaterMark,
        lowWaterMark,
        readBufferBytes,
        connectTimeoutMillis,
        errorHandler,
        connections,
        maxQueuedBytes);
  }

  /**
   * These options with another limit of queued outgoing bytes per connection (at least the
   * high-water mark).
   */
  public NioOptions withMaxQueuedBytes(long bytes) {
    return new NioOptions(
        loopCount,
        highWaterMark,
        lowWaterMark,
        readBufferBytes,
        connectTimeoutMillis,
        errorHandler,
        maxConnectionsPerListener,
        bytes);
  }
}
