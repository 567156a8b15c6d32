package io.protomux.wakeup.adapters.nio;

/**
 * How the UDP sockets of {@link NioDatagrams} are set up. Start from {@link #defaults()} and change
 * what differs. The defaults follow libudx, which UDX and the DHT run on elsewhere.
 *
 * <p>The send queue holds a datagram only while the system's send buffer is full; each queued
 * datagram takes one slot of {@code maxDatagramBytes}, allocated the first time the queue is that
 * deep and kept until the socket closes, so one socket's queue never holds more than {@code
 * maxQueuedDatagrams * maxDatagramBytes} bytes (2 MiB with the defaults).
 *
 * @param maxDatagramBytes the longest datagram {@code send} accepts (longer ones are refused with
 *     an {@link IllegalArgumentException}), and so the size of each queue slot; at most {@value
 *     #MAX_UDP_PAYLOAD}
 * @param maxReceiveBytes the longest datagram delivered: a longer one is cut to this length (and
 *     counted in {@link NioDatagramStats#truncated()}), as libudx cuts everything to 2048 bytes; at
 *     most {@value #MAX_UDP_PAYLOAD}
 * @param highWaterDatagrams queued datagrams above which {@code isWritable()} turns false
 * @param lowWaterDatagrams queued datagrams at or below which it turns true again, and {@code
 *     onWritable()} fires
 * @param maxQueuedDatagrams the hard limit of the send queue: a datagram that finds it full is
 *     dropped ({@code send} returns false) and counted in {@link
 *     NioDatagramStats#droppedQueueFull()}; above {@code highWaterDatagrams}, so that senders are
 *     warned before anything is dropped
 * @param socketSendBufferBytes the system send buffer asked for ({@code SO_SNDBUF}); 0 to keep the
 *     system's default. The system may grant less (Linux caps it at {@code net.core.wmem_max}).
 * @param socketReceiveBufferBytes the system receive buffer asked for ({@code SO_RCVBUF}); 0 to
 *     keep the system's default. If the system refuses it, half of it is asked for, then half of
 *     that, down to 212,992 bytes, as libudx does (1 MiB, 512,
 *     256, 208 KiB); if the system refuses even that, its default stays.
 */
public record NioDatagramOptions(
    int maxDatagramBytes,
    int maxReceiveBytes,
    int highWaterDatagrams,
    int lowWaterDatagrams,
    int maxQueuedDatagrams,
    int socketSendBufferBytes,
    int socketReceiveBufferBytes) {

  /** The most payload one IPv4 UDP datagram carries: 65,535 less the IP and UDP headers. */
  public static final int MAX_UDP_PAYLOAD = 65_507;

  /** The default of {@link #maxDatagramBytes()} and {@link #maxReceiveBytes()}: libudx's 2048. */
  public static final int DEFAULT_DATAGRAM_BYTES = 2048;

  /** The default of {@link #highWaterDatagrams()}. */
  public static final int DEFAULT_HIGH_WATER_DATAGRAMS = 256;

  /** The default of {@link #lowWaterDatagrams()}. */
  public static final int DEFAULT_LOW_WATER_DATAGRAMS = 64;

  /** The default of {@link #maxQueuedDatagrams()}. */
  public static final int DEFAULT_MAX_QUEUED_DATAGRAMS = 1024;

  /** The default of {@link #socketSendBufferBytes()}: libudx's 212,992 (Linux's usual maximum). */
  public static final int DEFAULT_SOCKET_SEND_BUFFER_BYTES = 212_992;

  /** The default of {@link #socketReceiveBufferBytes()}: libudx's 1 MiB. */
  public static final int DEFAULT_SOCKET_RECEIVE_BUFFER_BYTES = 1024 * 1024;

  /**
   * Validates the options.
   *
   * @throws IllegalArgumentException naming the first option out of range, and its value
   */
  public NioDatagramOptions {
    requireDatagramSize("maxDatagramBytes", maxDatagramBytes);
    requireDatagramSize("maxReceiveBytes", maxReceiveBytes);
    if (lowWaterDatagrams < 0) {
      throw new IllegalArgumentException("lowWaterDatagrams must not be negative: " + lowWaterDatagrams);
    }
    if (highWaterDatagrams < lowWaterDatagrams) {
      throw new IllegalArgumentException("highWaterDatagrams must be at least lowWaterDatagrams ("
          + lowWaterDatagrams + "): " + highWaterDatagrams);
    }
    if (maxQueuedDatagrams <= highWaterDatagrams) {
      throw new IllegalArgumentException("maxQueuedDatagrams must be more than highWaterDatagrams ("
          + highWaterDatagrams + "): " + maxQueuedDatagrams);
    }
    if (socketSendBufferBytes < 0) {
      throw new IllegalArgumentException(
          "socketSendBufferBytes must not be negative (0 keeps the system's): " + socketSendBufferBytes);
    }
    if (socketReceiveBufferBytes < 0) {
      throw new IllegalArgumentException(
          "socketReceiveBufferBytes must not be negative (0 keeps the system's): " + socketReceiveBufferBytes);
    }
  }

  /**
   * Datagrams of up to 2048 bytes sent and received, a queue of 1024 datagrams warning at 256 and
   * writable again at 64, a 212,992-byte system send buffer and a 1 MiB receive buffer.
   */
  public static NioDatagramOptions defaults() {
    return new NioDatagramOptions(
        DEFAULT_DATAGRAM_BYTES,
        DEFAULT_DATAGRAM_BYTES,
        DEFAULT_HIGH_WATER_DATAGRAMS,
        DEFAULT_LOW_WATER_DATAGRAMS,
        DEFAULT_MAX_QUEUED_DATAGRAMS,
        DEFAULT_SOCKET_SEND_BUFFER_BYTES,
        DEFAULT_SOCKET_RECEIVE_BUFFER_BYTES);
  }

  /** These options with other limits of the datagrams sent and received. */
  public NioDatagramOptions withDatagramBytes(int maxSend, int maxReceive) {
    return new NioDatagramOptions(
        maxSend,
        maxReceive,
        highWaterDatagrams,
        lowWaterDatagrams,
        maxQueuedDatagrams,
        socketSendBufferBytes,
        socketReceiveBufferBytes);
  }

  /** These options with another send queue: its water marks and hard limit, in datagrams. */
  public NioDatagramOptions withSendQueue(int highWater, int lowWater, int maxQueued) {
    return new NioDatagramOptions(
        maxDatagramBytes,
        maxReceiveBytes,
        highWater,
        lowWater,
        maxQueued,
        socketSendBufferBytes,
        socketReceiveBufferBytes);
  }

  /** These options with other system buffer sizes ({@code SO_SNDBUF}, {@code SO_RCVBUF}; 0: keep). */
  public NioDatagramOptions withSocketBuffers(int sendBytes, int receiveBytes) {
    return new NioDatagramOptions(
        maxDatagramBytes,
        maxReceiveBytes,
        highWaterDatagrams,
        lowWaterDatagrams,
        maxQueuedDatagrams,
        sendBytes,
        receiveBytes);
  }

  private static void requireDatagramSize(String name, int value) {
    if (value < 1 || value > MAX_UDP_PAYLOAD) {
      throw new IllegalArgumentException(
          name + " must be between 1 and " + MAX_UDP_PAYLOAD + " (the most one UDP datagram carries): " + value);
    }
  }
}
