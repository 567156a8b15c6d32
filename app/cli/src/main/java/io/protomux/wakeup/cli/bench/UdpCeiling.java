package io.protomux.wakeup.cli.bench;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.DatagramChannel;

/**
 * The raw UDP ceiling of this machine's loopback as Java sees it, measured as {@code
 * interop/udx-bench.js} measures Node's: a sender blasts {@value #DATAGRAM}-byte datagrams from a
 * {@link DatagramChannel} for a while, a receiver on a thread of its own counts what arrives on
 * its clock (first to last arrival), and a 4-byte "DONE" gets back the counts.
 */
public final class UdpCeiling {
  /** The datagram size: udx-bench.js's, a full 1500-byte MTU's payload less IPv6 and UDX headers. */
  public static final int DATAGRAM = 1452;

  private UdpCeiling() {}

  /**
   * What one blast gave.
   *
   * @param sent datagrams the channel took
   * @param sendNanos how long the sending took
   * @param received datagrams the receiver counted
   * @param receivedBytes their bytes
   * @param spanMicros from the first to the last counted arrival
   */
  public record Result(long sent, long sendNanos, long received, long receivedBytes, long spanMicros) {
    /** Datagrams received per second, over the span but never shorter than the sending. */
    public double receivedPerSec() {
      return received / Math.max(spanMicros / 1e6, sendNanos / 1e9);
    }
  }

  /**
   * The counting side (udx-bench.js's server UDP socket): a thread receiving on a blocking
   * channel bound on 127.0.0.1. Counters restart after each DONE.
   */
  public static final class Sink implements AutoCloseable {
    private final DatagramChannel channel;
    private final Thread thread;

    /** Binds and starts counting. */
    public Sink() throws IOException {
      channel = DatagramChannel.open();
      channel.bind(new InetSocketAddress(UdxEndpoint.HOST, 0));
      thread = new Thread(this::run, "udp-ceiling-sink");
      thread.setDaemon(true);
      thread.start();
    }

    /** Where to send. */
    public InetSocketAddress address() throws IOException {
      return (InetSocketAddress) channel.getLocalAddress();
    }

    private void run() {
      ByteBuffer buffer = ByteBuffer.allocateDirect(2048);
      ByteBuffer reply = ByteBuffer.allocate(24).order(ByteOrder.LITTLE_ENDIAN);
      long got = 0;
      long bytes = 0;
      long first = 0;
      long last = 0;
      try {
        while (true) {
          buffer.clear();
          var source = channel.receive(buffer);
          long now = System.nanoTime();
          int length = buffer.position();
          if (length == 4 && isDone(buffer)) {
            reply.clear();
            reply.putLong(got).putLong(bytes).putLong(got > 1 ? (last - first) / 1000 : 0).flip();
            channel.send(reply, source);
            got = 0;
            bytes = 0;
            continue;
          }
          if (got == 0) {
            first = now;
          }
          last = now;
          got++;
          bytes += length;
        }
      } catch (ClosedChannelException closed) {
        // close(): done
      } catch (IOException e) {
        // nothing more can be counted
      }
    }

    private static boolean isDone(ByteBuffer buffer) {
      return buffer.get(0) == 'D' && buffer.get(1) == 'O' && buffer.get(2) == 'N' && buffer.get(3) == 'E';
    }

    @Override
    public void close() throws IOException {
      channel.close();
    }
  }

  /**
   * Sends {@value #DATAGRAM}-byte datagrams to {@code target} as fast as a blocking channel takes
   * them for {@code seconds}, then asks for the counts (20 tries, 100 ms apart).
   */
  public static Result blast(InetSocketAddress target, double seconds) throws Exception {
    try (DatagramChannel channel = DatagramChannel.open()) {
      channel.bind(new InetSocketAddress(UdxEndpoint.HOST, 0));
      ByteBuffer payload = ByteBuffer.allocateDirect(DATAGRAM);
      for (int i = 0; i < DATAGRAM; i++) {
        payload.put(i, (byte) 0xa5);
      }
      long sent = 0;
      long start = System.nanoTime();
      long endAt = start + (long) (seconds * 1e9);
      long now = start;
      while (now < endAt) {
        payload.clear();
        if (channel.send(payload, target) > 0) {
          sent++;
        }
        now = System.nanoTime();
      }
      long sendNanos = now - start;
      channel.configureBlocking(false);
      ByteBuffer answer = ByteBuffer.allocate(64).order(ByteOrder.LITTLE_ENDIAN);
      for (int i = 0; i < 20; i++) {
        channel.send(ByteBuffer.wrap(new byte[] {'D', 'O', 'N', 'E'}), target);
        long deadline = System.nanoTime() + 100_000_000L;
        while (System.nanoTime() < deadline) {
          answer.clear();
          if (channel.receive(answer) != null && answer.position() == 24) {
            return new Result(sent, sendNanos, answer.getLong(0), answer.getLong(8), answer.getLong(16));
          }
          Thread.sleep(1);
        }
      }
      throw new IllegalStateException("the UDP sink did not answer DONE");
    }
  }
}
