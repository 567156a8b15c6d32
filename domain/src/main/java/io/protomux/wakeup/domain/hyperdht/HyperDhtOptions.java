package io.protomux.wakeup.domain.hyperdht;

import io.protomux.wakeup.domain.stream.StreamOptions;
import io.protomux.wakeup.domain.udx.UdxStreamOptions;
import java.util.Objects;

/**
 * Settings of a hyperdht node above dht-rpc.
 *
 * @param connectionKeepAliveMillis the secret streams' keep-alive (hyperdht: 5000 ms; 0 off)
 * @param streamOptions limits of the secret streams handed out (the keep-alive above wins)
 * @param udxStreamOptions the UDX streams under them
 * @param localConnection offer our local addresses to servers and take the LAN shortcut (true)
 * @param shareLocalAddress a server lists its local addresses in its answers (true)
 * @param maxConnecting outgoing connection attempts at once; more fail with LIMIT (the reference
 *     has no bound)
 * @param maxServerHandshakes handshakes a server holds (slots, including the 10 s each is kept
 *     after use); more are not answered (the reference has no bound)
 * @param relayAddressCacheSize servers whose relay addresses are remembered for reconnects
 * @param storage what the node stores for others once it is persistent
 */
public record HyperDhtOptions(
    long connectionKeepAliveMillis,
    StreamOptions streamOptions,
    UdxStreamOptions udxStreamOptions,
    boolean localConnection,
    boolean shareLocalAddress,
    int maxConnecting,
    int maxServerHandshakes,
    int relayAddressCacheSize,
    StorageOptions storage) {
  /** The reference's behaviour with our bounds: 256 attempts, 1024 handshakes, 512 cached. */
  public static final HyperDhtOptions DEFAULTS =
      new HyperDhtOptions(
          5000, StreamOptions.DEFAULTS, UdxStreamOptions.DEFAULTS, true, true, 256, 1024, 512);

  /** @throws IllegalArgumentException for non-positive bounds or no storage options */
  public HyperDhtOptions {
    if (maxConnecting <= 0 || maxServerHandshakes <= 0 || relayAddressCacheSize < 0) {
      throw new IllegalArgumentException(
          "maxConnecting and maxServerHandshakes must be positive, relayAddressCacheSize"
              + " non-negative");
    }
    Objects.requireNonNull(storage, "storage");
  }

  /** The same settings with {@link StorageOptions#DEFAULTS}. */
  public HyperDhtOptions(
      long connectionKeepAliveMillis,
      StreamOptions streamOptions,
      UdxStreamOptions udxStreamOptions,
      boolean localConnection,
      boolean shareLocalAddress,
      int maxConnecting,
      int maxServerHandshakes,
      int relayAddressCacheSize) {
    this(connectionKeepAliveMillis, streamOptions, udxStreamOptions, localConnection,
        shareLocalAddress, maxConnecting, maxServerHandshakes, relayAddressCacheSize,
        StorageOptions.DEFAULTS);
  }

  /** The same with another keep-alive. */
  public HyperDhtOptions withConnectionKeepAliveMillis(long millis) {
    return new HyperDhtOptions(millis, streamOptions, udxStreamOptions, localConnection,
        shareLocalAddress, maxConnecting, maxServerHandshakes, relayAddressCacheSize, storage);
  }

  /** The same with other stream limits. */
  public HyperDhtOptions withStreamOptions(StreamOptions options) {
    return new HyperDhtOptions(connectionKeepAliveMillis, options, udxStreamOptions,
        localConnection, shareLocalAddress, maxConnecting, maxServerHandshakes,
        relayAddressCacheSize, storage);
  }

  /** The same with other storage bounds. */
  public HyperDhtOptions withStorage(StorageOptions options) {
    return new HyperDhtOptions(connectionKeepAliveMillis, streamOptions, udxStreamOptions,
        localConnection, shareLocalAddress, maxConnecting, maxServerHandshakes,
        relayAddressCacheSize, options);
  }
}
