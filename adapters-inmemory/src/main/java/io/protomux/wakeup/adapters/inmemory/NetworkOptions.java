package io.protomux.wakeup.adapters.inmemory;

/**
 * How an {@link InMemoryNetwork} behaves by default; start from {@link #defaults()} and change
 * what matters with the {@code with} methods.
 *
 * @param seed seeds the network's only source of randomness (chunk sizes), so one seed and one
 *     program always give the same run
 * @param latencyMillis the one-way latency new links start with, in virtual milliseconds
 * @param maxChunkBytes 0 to deliver each write as one {@code onData}; otherwise received bytes are
 *     re-cut at random boundaries (across writes too) into chunks of 1 to this many bytes, to
 *     exercise reassembly
 * @param highWaterMark a write returns false once this many bytes written on a connection are not
 *     yet consumed by the remote's handler
 * @param lowWaterMark after a write returned false, {@code onWritable} fires once the unconsumed
 *     bytes drop to this many
 */
public record NetworkOptions(
    long seed, long latencyMillis, int maxChunkBytes, int highWaterMark, int lowWaterMark) {
  /** The default high-water mark: 1 MiB. */
  public static final int DEFAULT_HIGH_WATER_MARK = 1 << 20;

  /** The default low-water mark: 256 KiB. */
  public static final int DEFAULT_LOW_WATER_MARK = 256 << 10;

  /** Checks the values. */
  public NetworkOptions {
    if (latencyMillis < 0) {
      throw new IllegalArgumentException("negative latency: " + latencyMillis);
    }
    if (maxChunkBytes < 0) {
      throw new IllegalArgumentException("negative maxChunkBytes: " + maxChunkBytes);
    }
    if (lowWaterMark < 0 || highWaterMark <= lowWaterMark) {
      throw new IllegalArgumentException(
          "need 0 <= lowWaterMark < highWaterMark: " + lowWaterMark + ", " + highWaterMark);
    }
  }

  /** Seed 0, no latency, no chunking, 1 MiB / 256 KiB water marks. */
  public static NetworkOptions defaults() {
    return new NetworkOptions(0, 0, 0, DEFAULT_HIGH_WATER_MARK, DEFAULT_LOW_WATER_MARK);
  }

  /** These options with another seed. */
  public NetworkOptions withSeed(long seed) {
    return new NetworkOptions(seed, latencyMillis, maxChunkBytes, highWaterMark, lowWaterMark);
  }

  /** These options with another default one-way latency. */
  public NetworkOptions withLatencyMillis(long latencyMillis) {
    return new NetworkOptions(seed, latencyMillis, maxChunkBytes, highWaterMark, lowWaterMark);
  }

  /** These options with chunked delivery of 1 to {@code maxChunkBytes} bytes (0: off). */
  public NetworkOptions withChunking(int maxChunkBytes) {
    return new NetworkOptions(seed, latencyMillis, maxChunkBytes, highWaterMark, lowWaterMark);
  }

  /** These options with other water marks. */
  public NetworkOptions withWaterMarks(int highWaterMark, int lowWaterMark) {
    return new NetworkOptions(seed, latencyMillis, maxChunkBytes, highWaterMark, lowWaterMark);
  }
}
