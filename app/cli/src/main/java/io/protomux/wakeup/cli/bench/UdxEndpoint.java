package io.protomux.wakeup.cli.bench;

import io.protomux.wakeup.adapters.nio.NioDatagramSocket;
import io.protomux.wakeup.adapters.nio.NioDatagramStats;
import io.protomux.wakeup.adapters.nio.NioDatagrams;
import io.protomux.wakeup.adapters.nio.NioEventLoop;
import io.protomux.wakeup.domain.udx.Udx;
import io.protomux.wakeup.domain.udx.UdxSocket;
import io.protomux.wakeup.domain.udx.UdxStats;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * One UDX instance with one UDP socket bound on 127.0.0.1, on a NIO loop that the caller owns:
 * the measuring side or the measured-against side of the UDX benchmarks. Everything but {@link
 * #call}, {@link #allocatedBytes} and {@link #counters} is used on the loop.
 */
public final class UdxEndpoint {
  /** Where the UDX benchmarks talk. */
  public static final String HOST = "127.0.0.1";

  private final NioEventLoop loop;
  private final Udx udx;
  private final NioDatagramSocket datagrams;
  private final UdxSocket socket;
  private final long threadId;

  /** A UDX instance on {@code loop} with a socket bound to an ephemeral port. */
  public UdxEndpoint(NioEventLoop loop) throws InterruptedException, ExecutionException {
    this.loop = loop;
    SecureRandom random = new SecureRandom();
    this.threadId = call(loop, () -> Thread.currentThread().getId());
    this.udx = call(loop, () -> new Udx(loop, random::nextBytes));
    this.datagrams = call(loop, () -> new NioDatagrams(loop).bind(HOST, 0));
    this.socket = call(loop, () -> udx.socket(datagrams));
  }

  /** The loop everything of this endpoint lives on. */
  public NioEventLoop loop() {
    return loop;
  }

  /** The UDX instance; on the loop only. */
  public Udx udx() {
    return udx;
  }

  /** The UDX socket; on the loop only. */
  public UdxSocket socket() {
    return socket;
  }

  /** The bound address. */
  public InetSocketAddress address() {
    return datagrams.localAddress();
  }

  /** The loop thread's id. */
  public long threadId() {
    return threadId;
  }

  /** Runs {@code task} on the loop and waits for its result (from another thread only). */
  public <T> T call(Supplier<T> task) throws InterruptedException, ExecutionException {
    return call(loop, task);
  }

  /** The UDX counters and the socket's, read on the loop. */
  public Counters counters() throws InterruptedException, ExecutionException {
    return call(() -> new Counters(udx.stats(), datagrams.stats()));
  }

  /** Bytes allocated so far by the loop's thread (HotSpot's per-thread counter), or 0. */
  public long allocatedBytes() {
    return allocatedBytes(threadId);
  }

  /** Closes the socket (the loop stays the caller's). */
  public void close() {
    try {
      call(
          () -> {
            socket.close();
            return null;
          });
    } catch (ExecutionException | RuntimeException e) {
      // The loop is gone already, and the socket with it.
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** What a {@link Udx} instance and its socket counted, at one moment. */
  public record Counters(UdxStats udx, NioDatagramStats socket) {
    /** Datagrams this socket sent and received. */
    public long datagrams() {
      return socket.sent() + socket.received();
    }
  }

  /** Bytes allocated so far by thread {@code id}, or 0 where the JVM does not count them. */
  static long allocatedBytes(long id) {
    java.lang.management.ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    if (threads instanceof com.sun.management.ThreadMXBean hotspot) {
      return hotspot.getThreadAllocatedBytes(id);
    }
    return 0;
  }

  /** CPU nanoseconds thread {@code id} has used so far, or 0 where the JVM does not measure it. */
  static long cpuNanos(long id) {
    java.lang.management.ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    return threads.isThreadCpuTimeSupported() ? Math.max(0, threads.getThreadCpuTime(id)) : 0;
  }

  static <T> T call(NioEventLoop loop, Supplier<T> task)
      throws InterruptedException, ExecutionException {
    try {
      return loop.submit(task).get(Benchmarks.PHASE_TIMEOUT_MILLIS, TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      throw new ExecutionException("the loop did not answer", e);
    }
  }
}
