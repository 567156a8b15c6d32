package io.protomux.wakeup.cli.bench;

import io.protomux.wakeup.adapters.nio.NioDatagrams;
import io.protomux.wakeup.adapters.nio.NioEventLoop;
import io.protomux.wakeup.domain.udx.Udx;
import io.protomux.wakeup.domain.udx.UdxSocket;
import io.protomux.wakeup.domain.udx.UdxStream;
import io.protomux.wakeup.domain.udx.UdxStreamOptions;
import java.lang.management.ManagementFactory;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;

/**
 * The heap one connected, idle UDX stream holds, measured as {@code interop/udx-bench.js}
 * measures udx-native's: K streams (K/2 pairs over two sockets of one instance, on a loop of
 * their own) connected and idle, with the default options; the used heap after a full GC with them, minus the same once
 * they are destroyed and their instance, sockets and loop are gone, over K.
 */
public final class IdleUdxStreams {
  private IdleUdxStreams() {}

  /**
   * @param streams how many streams were measured (even)
   * @param heapBytesPerStream the heap each holds
   * @param heapWith used heap after a GC with the streams
   * @param heapWithout the same after they are gone
   */
  public record Result(int streams, long heapBytesPerStream, long heapWith, long heapWithout) {}

  /** Measures {@code count} streams (rounded down to pairs, at least one pair). */
  public static Result measure(int count) throws Exception {
    int pairs = Math.max(1, count / 2);
    long heapWith = withStreams(pairs);
    // Everything of the run is unreachable now, its loop too: it was all local to withStreams.
    long heapWithout = usedHeapAfterGc();
    int n = 2 * pairs;
    return new Result(n, (heapWith - heapWithout) / n, heapWith, heapWithout);
  }

  /** Creates the streams, measures, and takes everything down again: the used heap with them. */
  private static long withStreams(int pairs) throws Exception {
    long heapWith;
    NioEventLoop loop = new NioEventLoop("udx-idle-streams");
    List<UdxStream> streams = new ArrayList<>(2 * pairs);
    UdxSocket[] sockets = new UdxSocket[2];
    try {
      SecureRandom random = new SecureRandom();
      UdxEndpoint.call(
          loop,
          () -> {
            Udx udx = new Udx(loop, random::nextBytes);
            NioDatagrams datagrams = new NioDatagrams(loop);
            UdxSocket a = udx.socket(datagrams.bind(UdxEndpoint.HOST, 0));
            UdxSocket b = udx.socket(datagrams.bind(UdxEndpoint.HOST, 0));
            sockets[0] = a;
            sockets[1] = b;
            for (int i = 0; i < pairs; i++) {
              UdxStream x = udx.createStream(2 * i + 1, UdxStreamOptions.DEFAULTS);
              UdxStream y = udx.createStream(2 * i + 2, UdxStreamOptions.DEFAULTS);
              x.connect(a, 2 * i + 2, b.localAddress());
              y.connect(b, 2 * i + 1, a.localAddress());
              streams.add(x);
              streams.add(y);
            }
            return null;
          });
      heapWith = usedHeapAfterGc();
      UdxEndpoint.call(
          loop,
          () -> {
            for (UdxStream stream : streams) {
              stream.close();
            }
            return null;
          });
      Thread.sleep(100);
      UdxEndpoint.call(
          loop,
          () -> {
            sockets[0].close();
            sockets[1].close();
            return null;
          });
    } finally {
      streams.clear();
      sockets[0] = sockets[1] = null;
      loop.close();
    }
    return heapWith;
  }

  static long usedHeapAfterGc() throws InterruptedException {
    for (int i = 0; i < 3; i++) {
      System.gc();
      Thread.sleep(50);
    }
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
  }
}
