package io.protomux.wakeup.domain.udx;

/**
 * What one UDX stream may hold and how it probes, with the reference's values as defaults. The
 * limits bound what a remote can make the stream keep (libudx keeps whatever it is sent).
 *
 * @param maxWindowBytes the receive window advertised when nothing is buffered (udx-native: 4 MiB);
 *     also the most bytes held for the application while reading is paused plus out of order
 * @param maxOutOfOrderPackets how far ahead of the cumulative ack a DATA packet may be and still be
 *     held; anything further is dropped (libudx has no bound). Must cover the peer's window in
 *     packets: 4 MiB at the smallest payload (1132 bytes) is 3706 packets, hence 4096
 * @param writeHighWaterBytes queued, unsent bytes above which {@code write} returns false (libudx:
 *     256 KiB plus one send window)
 * @param maxMtu the largest IP packet MTU probing may reach (libudx: 1500, or the OS's path MTU if
 *     lower); 1200 or less turns probing off
 * @param keepaliveMillis 0 for none, else a HEARTBEAT after that long with nothing in flight
 * @param firstSeq the seq of the first packet sent (hyperdht: 0)
 */
public record UdxStreamOptions(
    int maxWindowBytes,
    int maxOutOfOrderPackets,
    int writeHighWaterBytes,
    int maxMtu,
    long keepaliveMillis,
    int firstSeq) {

  /** The reference's behaviour, with the bounds libudx lacks. */
  public static final UdxStreamOptions DEFAULTS =
      new UdxStreamOptions(UdxHeader.DEFAULT_RWND, 4096, 256 * 1024, Mtu.MAX, 0, 0);

  /** Validates every value, naming the one that is wrong. */
  public UdxStreamOptions {
    positive("maxWindowBytes", maxWindowBytes);
    positive("maxOutOfOrderPackets", maxOutOfOrderPackets);
    if (Integer.bitCount(maxOutOfOrderPackets) != 1 || maxOutOfOrderPackets > 1 << 16) {
      throw new IllegalArgumentException(
          "maxOutOfOrderPackets must be a power of two up to 65536, got " + maxOutOfOrderPackets);
    }
    positive("writeHighWaterBytes", writeHighWaterBytes);
    if (maxMtu < Mtu.BASE - 100 || maxMtu > 65535) {
      throw new IllegalArgumentException("maxMtu must be 1100 to 65535, got " + maxMtu);
    }
    if (keepaliveMillis < 0) {
      throw new IllegalArgumentException("keepaliveMillis must be >= 0, got " + keepaliveMillis);
    }
  }

  /** A copy with another window. */
  public UdxStreamOptions withMaxWindowBytes(int bytes) {
    return new UdxStreamOptions(
        bytes, maxOutOfOrderPackets, writeHighWaterBytes, maxMtu, keepaliveMillis, firstSeq);
  }

  /** A copy with another out-of-order bound. */
  public UdxStreamOptions withMaxOutOfOrderPackets(int packets) {
    return new UdxStreamOptions(
        maxWindowBytes, packets, writeHighWaterBytes, maxMtu, keepaliveMillis, firstSeq);
  }

  /** A copy with another MTU ceiling. */
  public UdxStreamOptions withMaxMtu(int mtu) {
    return new UdxStreamOptions(
        maxWindowBytes, maxOutOfOrderPackets, writeHighWaterBytes, mtu, keepaliveMillis, firstSeq);
  }

  /** A copy with keep-alive heartbeats. */
  public UdxStreamOptions withKeepaliveMillis(long millis) {
    return new UdxStreamOptions(
        maxWindowBytes, maxOutOfOrderPackets, writeHighWaterBytes, maxMtu, millis, firstSeq);
  }

  /** A copy whose first packet has another seq. */
  public UdxStreamOptions withFirstSeq(int seq) {
    return new UdxStreamOptions(
        maxWindowBytes, maxOutOfOrderPackets, writeHighWaterBytes, maxMtu, keepaliveMillis, seq);
  }

  private static void positive(String name, int value) {
    if (value <= 0) {
      throw new IllegalArgumentException(name + " must be > 0, got " + value);
    }
  }
}
