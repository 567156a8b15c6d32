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
 */
public record NioOptions(
    int loopCount,
    int highWaterMark,
    int lowWaterMark,
    int readBufferBytes,
    long connectTimeoutMillis,
    Consumer<Throwable> errorHandler,
    int maxConnectionsPerListener) {

  /** The default of {@link #maxConnectionsPerListener()}. */
  public static final int DEFAULT_MAX_CONNECTIONS_PER_LISTENER = 1024;

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
        DEFAULT_MAX_CONNECTIONS_PER_LISTENER);
  }

  /**
   * One loop, 1 MiB / 256 KiB water marks, 64 KiB reads, 30 s connect timeout, logged errors,
   * 1024 connections per listener.
   */
  public static NioOptions defaults() {
    return new NioOptions(
        1, 1024 * 1024, 256 * 1024, 64 * 1024, 30_000, null, DEFAULT_MAX_CONNECTIONS_PER_LISTENER);
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
        maxConnectionsPerListener);
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
        maxConnectionsPerListener);
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
        maxConnectionsPerListener);
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
        maxConnectionsPerListener);
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
        maxConnectionsPerListener);
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
        connections);
  }
}
