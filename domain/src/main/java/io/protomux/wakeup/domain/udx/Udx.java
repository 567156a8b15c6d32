package io.protomux.wakeup.domain.udx;

import io.protomux.wakeup.domain.LoopConfinement;
import io.protomux.wakeup.ports.crypto.RandomSource;
import io.protomux.wakeup.ports.datagram.DatagramSocket;
import io.protomux.wakeup.ports.loop.EventLoop;
import java.nio.ByteBuffer;
import java.util.Objects;
import java.util.function.LongFunction;

/**
 * One UDX instance: the stream table its sockets share (ids are unique per instance, as in libudx,
 * so a stream can move between the instance's sockets) and the buffers its streams reuse. Like the
 * rest of the domain it does no I/O of its own and reads time only from its loop: datagrams come
 * in through {@link UdxSocket}, go out through the {@link DatagramSocket} port.
 *
 * <p>Confined to one {@link EventLoop}: create streams and call them on its thread.
 */
public final class Udx {
  private final EventLoop loop;
  private final RandomSource random;
  private final StreamTable streams = new StreamTable();
  final UdxCounters counters = new UdxCounters();
  final PacketPool pool = new PacketPool(4096);
  /** Where an arriving stream packet is copied: one loop, one datagram at a time. */
  /**
   * Makes each stream's congestion control, given the time: libudx's BBR; tests swap in a fixed
   * window where they need packet schedules that do not depend on bandwidth estimates.
   */
  LongFunction<CongestionControl> congestionControl =
      now -> new BbrControl(now, Mtu.BASE - 48);
  final byte[] receiveScratch = new byte[PacketPool.CAPACITY];
  /** Where ACKs, messages, heartbeats and DESTROYs are built. */
  final byte[] sendScratch = new byte[PacketPool.CAPACITY];
  final ByteBuffer sendView = ByteBuffer.wrap(sendScratch);
  /** The in-order payload handed to a stream's handler, a window on {@link #receiveScratch}. */
  final ByteBuffer receiveView = ByteBuffer.wrap(receiveScratch);

  /**
   * @param random picks stream ids for {@link #createStream()}
   */
  public Udx(EventLoop loop, RandomSource random) {
    this.loop = Objects.requireNonNull(loop, "loop");
    this.random = Objects.requireNonNull(random, "random");
  }

  /** The loop this instance and its streams are confined to. */
  public EventLoop eventLoop() {
    return loop;
  }

  /**
   * Takes over a bound socket: its datagrams are demultiplexed to this instance's streams, the
   * rest go to the socket's message handler.
   */
  public UdxSocket socket(DatagramSocket socket) {
    LoopConfinement.check(loop, "Udx");
    return new UdxSocket(this, socket);
  }

  /** A stream with a random id not in use, and the default options. */
  public UdxStream createStream() {
    return createStream(UdxStreamOptions.DEFAULTS);
  }

  /** A stream with a random id not in use. */
  public UdxStream createStream(UdxStreamOptions options) {
    byte[] bytes = new byte[4];
    for (int attempt = 0; attempt < 64; attempt++) {
      random.nextBytes(bytes);
      int id = UdxHeader.readInt(bytes, 0);
      if (!streams.contains(id)) {
        return createStream(id, options);
      }
    }
    throw new IllegalStateException("no free stream id after 64 random picks");
  }

  /**
   * A stream the peer addresses as {@code id}.
   *
   * @throws IllegalArgumentException if a live stream of this instance has that id
   */
  public UdxStream createStream(int id, UdxStreamOptions options) {
    LoopConfinement.check(loop, "Udx");
    Objects.requireNonNull(options, "options");
    if (streams.contains(id)) {
      throw new IllegalArgumentException("stream id " + Seq.unsigned(id) + " is in use");
    }
    UdxStream stream = new UdxStream(this, id, options);
    streams.put(id, stream);
    return stream;
  }

  /**
   * The congestion control new streams get ({@code "BbrControl"}, libudx's BBR v1 with pacing), so
   * that benchmark figures and logs can say which one they ran with.
   */
  public String congestionControlName() {
    return newCongestionControl().getClass().getSimpleName();
  }

  /** Live streams (created and not closed). */
  public int streamCount() {
    return streams.size();
  }

  /** The counters so far. */
  public UdxStats stats() {
    return counters.snapshot();
  }

  /** The live stream with that id, or null (then the packet is a socket message). */
  UdxStream lookup(int id) {
    return streams.get(id);
  }

  CongestionControl newCongestionControl() {
    return congestionControl.apply(loop.nowMillis());
  }

  void onSocketWritable(UdxSocket socket) {
    for (UdxStream stream : streams.values()) {
      stream.onSocketWritable(socket);
    }
  }

  void remove(UdxStream stream) {
    streams.remove(stream.id(), stream);
  }
}
