package io.protomux.wakeup.cli.bench;

import io.protomux.wakeup.adapters.bouncycastle.BouncyCastleCrypto;
import io.protomux.wakeup.domain.stream.NoiseSecretStream;
import io.protomux.wakeup.domain.stream.SecretStreamHandler;
import io.protomux.wakeup.domain.stream.StreamOptions;
import io.protomux.wakeup.domain.udx.UdxStream;
import io.protomux.wakeup.domain.udx.UdxStreamOptions;
import io.protomux.wakeup.ports.transport.ConnectionHandler;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The measuring side of the UDX benchmarks, as {@code interop/udx-bench.js}'s client measures: it
 * talks to a {@link UdxBenchServer} (or the Node one) with the ids 101, 102 and 103. Each method
 * is called from the main thread and drives its stream on the endpoint's loop.
 */
public final class UdxBenchClient {
  /** The bulk writes' size, as the Node client's. */
  public static final int CHUNK = 64 * 1024;
  /** How long one step may take before the bench gives up (udx-bench.js: the same). */
  public static final long LIMIT_MILLIS = 120_000;

  private static final byte[] CHUNK_BYTES = new byte[CHUNK];

  static {
    for (int i = 0; i < CHUNK; i++) {
      CHUNK_BYTES[i] = (byte) (i % 251);
    }
  }

  private final UdxEndpoint endpoint;
  private final InetSocketAddress server;
  private final BouncyCastleCrypto crypto;
  private long[] watched = new long[0];
  private volatile long[] allocationAtStart = new long[0];
  private volatile long[] allocationAtEnd = new long[0];

  /** A client of the server at {@code server}. */
  public UdxBenchClient(UdxEndpoint endpoint, InetSocketAddress server, BouncyCastleCrypto crypto) {
    this.endpoint = endpoint;
    this.server = server;
    this.crypto = crypto;
  }

  /** The endpoint this client runs on. */
  public UdxEndpoint endpoint() {
    return endpoint;
  }

  /**
   * The threads whose allocation and CPU time the next bulk runs measure, from their first write
   * until their count is back (read on this client's loop at those two moments).
   */
  public void watchAllocation(long... threadIds) {
    watched = threadIds.clone();
  }

  /** Bytes each watched thread allocated during the last bulk run, in {@link #watchAllocation}'s order. */
  public long[] allocatedDuringLastRun() {
    return duringLastRun(0);
  }

  /** CPU nanoseconds each watched thread used during the last bulk run, in the same order. */
  public long[] cpuDuringLastRun() {
    return duringLastRun(watched.length);
  }

  private long[] duringLastRun(int from) {
    long[] start = allocationAtStart;
    long[] end = allocationAtEnd;
    int n = watched.length;
    long[] out = new long[n];
    if (start.length == 2 * n && end.length == 2 * n) {
      for (int i = 0; i < n; i++) {
        out[i] = end[from + i] - start[from + i];
      }
    }
    return out;
  }

  /** Each watched thread's allocated bytes, then each one's CPU time. */
  private long[] allocationNow() {
    long[] threads = watched;
    long[] now = new long[2 * threads.length];
    for (int i = 0; i < threads.length; i++) {
      now[i] = UdxEndpoint.allocatedBytes(threads[i]);
      now[threads.length + i] = UdxEndpoint.cpuNanos(threads[i]);
    }
    return now;
  }

  // ---- bulk ----

  /**
   * One new stream to the sink: the hello, then {@code total} bytes in {@value #CHUNK}-byte writes
   * honouring backpressure, then END; timed from the first write until the sink's count is back.
   *
   * @return the nanoseconds
   */
  public long udxBulk(long total) throws Exception {
    Reader reader = new Reader();
    UdxStream stream = open(UdxBenchServer.SINK, reader);
    CompletableFuture<byte[]> hello = reader.collect(1);
    endpoint.call(() -> stream.write(ByteBuffer.wrap(new byte[] {0})));
    within(hello, "the sink hello");
    CompletableFuture<byte[]> count = reader.collect(8);
    long start =
        endpoint.call(
            () -> {
              allocationAtStart = allocationNow();
              long now = System.nanoTime();
              new UdxPump(stream, reader, total).run();
              return now;
            });
    long sinkCount = u64(within(count, "udx bulk"));
    long nanos = reader.collectedAt - start;
    if (sinkCount != total) {
      throw new IllegalStateException("the sink counted " + sinkCount + " of " + total + " bytes");
    }
    within(reader.closed, "closing the bulk stream", 15_000);
    Thread.sleep(30);
    return nanos;
  }

  /**
   * The same through a secret stream (initiator) on a new stream to the secret sink, timed after
   * the handshake.
   */
  public long secretBulk(long total) throws Exception {
    SecretReader reader = new SecretReader();
    CompletableFuture<byte[]> count = reader.collect(8);
    NoiseSecretStream secret =
        endpoint.call(
            () -> {
              UdxStream stream = connect(UdxBenchServer.SECRET_SINK);
              NoiseSecretStream s =
                  new NoiseSecretStream(
                      crypto, true, crypto.keyPair(), stream, StreamOptions.DEFAULTS, reader);
              s.start();
              return s;
            });
    within(reader.opened, "the secret-stream handshake");
    long start =
        endpoint.call(
            () -> {
              allocationAtStart = allocationNow();
              long now = System.nanoTime();
              reader.pump = new SecretPump(secret, total);
              reader.pump.run();
              return now;
            });
    long sinkCount = u64(within(count, "secret-stream bulk"));
    long nanos = reader.collectedAt - start;
    if (sinkCount != total) {
      throw new IllegalStateException(
          "the secret sink counted " + sinkCount + " of " + total + " bytes");
    }
    within(reader.closed, "closing the secret stream", 15_000);
    Thread.sleep(30);
    return nanos;
  }

  // ---- ping-pong ----

  /**
   * {@code rounds} sequential round trips of a 64-byte write echoed by the server, after one
   * untimed first echo and {@code warm} untimed rounds; chained on the loop, as the Node client
   * chains them on its one.
   *
   * @return each round's nanoseconds, in order
   */
  public long[] pingpong(int rounds, int warm) throws Exception {
    PingPong pingPong = new PingPong();
    UdxStream stream = open(UdxBenchServer.ECHO, pingPong);
    pingPong.stream = stream;
    within(pingPong.start(1), "the first echo");
    if (warm > 0) {
      within(pingPong.start(warm), "the ping-pong warm-up");
    }
    long[] latencies = within(pingPong.start(rounds), "the ping-pong rounds");
    endpoint.call(
        () -> {
          stream.shutdownOutput();
          return null;
        });
    within(pingPong.closed, "closing the echo stream", 15_000);
    return latencies;
  }

  // ---- plumbing ----

  private UdxStream open(int serverId, ConnectionHandler handler) throws Exception {
    return endpoint.call(
        () -> {
          UdxStream stream =
              endpoint.udx().createStream(serverId + UdxBenchServer.CLIENT_OFFSET, UdxStreamOptions.DEFAULTS);
          stream.setHandler(handler);
          stream.connect(endpoint.socket(), serverId, server);
          return stream;
        });
  }

  /** On the loop: a connected stream whose handler the caller sets. */
  private UdxStream connect(int serverId) {
    UdxStream stream =
        endpoint.udx().createStream(serverId + UdxBenchServer.CLIENT_OFFSET, UdxStreamOptions.DEFAULTS);
    stream.connect(endpoint.socket(), serverId, server);
    return stream;
  }

  static <T> T within(CompletableFuture<T> future, String what) throws Exception {
    return within(future, what, LIMIT_MILLIS);
  }

  static <T> T within(CompletableFuture<T> future, String what, long millis) throws Exception {
    try {
      return future.get(millis, TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      throw new TimeoutException(what + " took longer than " + millis + " ms");
    } catch (ExecutionException e) {
      throw new ExecutionException(what + " failed: " + e.getCause(), e.getCause());
    }
  }

  private static long u64(byte[] bytes) {
    return ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).getLong(0);
  }

  /**
   * Gathers the next {@code n} bytes that arrive after {@link #collect} (as the Node client's
   * {@code collect}); on the loop but for {@link #collect}'s call.
   */
  private class Collector {
    final CompletableFuture<Throwable> closed = new CompletableFuture<>();
    private volatile CompletableFuture<byte[]> collecting;
    private byte[] gathered;
    private int have;
    volatile long collectedAt;

    CompletableFuture<byte[]> collect(int n) {
      gathered = new byte[n];
      have = 0;
      CompletableFuture<byte[]> future = new CompletableFuture<>();
      collecting = future;
      return future;
    }

    void feed(ByteBuffer bytes) {
      CompletableFuture<byte[]> future = collecting;
      if (future == null) {
        return;
      }
      int n = Math.min(bytes.remaining(), gathered.length - have);
      bytes.get(gathered, have, n);
      have += n;
      if (have == gathered.length) {
        collectedAt = System.nanoTime();
        allocationAtEnd = allocationNow();
        collecting = null;
        future.complete(gathered);
      }
    }

    void closed(Throwable cause) {
      CompletableFuture<byte[]> future = collecting;
      if (future != null) {
        future.completeExceptionally(
            new IllegalStateException(
                "the stream closed after " + have + " bytes" + (cause == null ? "" : ": " + cause),
                cause));
      }
      closed.complete(cause);
    }
  }

  /** A raw stream's reader, which also resumes a pump on writable. */
  private final class Reader extends Collector implements ConnectionHandler {
    Runnable onWritable = () -> {};

    @Override
    public void onData(ByteBuffer bytes) {
      feed(bytes);
    }

    @Override
    public void onWritable() {
      onWritable.run();
    }

    @Override
    public void onEnd() {}

    @Override
    public void onClose(Throwable cause) {
      closed(cause);
    }
  }

  /** Writes {@code total} bytes to a raw stream, waiting for writable whenever write says so. */
  private static final class UdxPump implements Runnable {
    private final UdxStream stream;
    private long left;

    UdxPump(UdxStream stream, Reader reader, long total) {
      this.stream = stream;
      this.left = total;
      reader.onWritable = this;
    }

    @Override
    public void run() {
      while (left > 0 && stream.isOpen()) {
        int n = (int) Math.min(CHUNK, left);
        left -= n;
        if (!stream.write(ByteBuffer.wrap(CHUNK_BYTES, 0, n)) && left > 0) {
          return; // onWritable runs this again
        }
      }
      if (left == 0 && stream.isOpen()) {
        left = -1;
        stream.shutdownOutput();
      }
    }
  }

  /** A secret stream's reader. */
  private final class SecretReader extends Collector implements SecretStreamHandler {
    final CompletableFuture<Void> opened = new CompletableFuture<>();
    SecretPump pump;

    @Override
    public void onOpen(NoiseSecretStream stream) {
      opened.complete(null);
    }

    @Override
    public void onMessage(byte[] message) {
      feed(ByteBuffer.wrap(message));
    }

    @Override
    public void onDrain() {
      if (pump != null) {
        pump.run();
      }
    }

    @Override
    public void onClose(Throwable cause) {
      opened.completeExceptionally(
          new IllegalStateException("the secret stream closed during the handshake", cause));
      closed(cause);
    }
  }

  /** Writes {@code total} bytes as {@value #CHUNK}-byte messages, waiting for drain. */
  private static final class SecretPump implements Runnable {
    private final NoiseSecretStream secret;
    private long left;

    SecretPump(NoiseSecretStream secret, long total) {
      this.secret = secret;
      this.left = total;
    }

    @Override
    public void run() {
      while (left > 0 && !secret.isClosed()) {
        int n = (int) Math.min(CHUNK, left);
        left -= n;
        if (!secret.write(CHUNK_BYTES, 0, n) && left > 0) {
          return; // onDrain runs this again
        }
      }
      if (left == 0 && !secret.isClosed()) {
        left = -1;
        secret.end();
      }
    }
  }

  /** Sequential round trips of 64 bytes, chained on the loop. */
  private final class PingPong implements ConnectionHandler {
    final CompletableFuture<Throwable> closed = new CompletableFuture<>();
    private final byte[] message = new byte[64];
    UdxStream stream;
    private long have;
    private long want;
    private long[] latencies;
    private int next;
    private long t0;
    private volatile CompletableFuture<long[]> done;

    PingPong() {
      java.util.Arrays.fill(message, (byte) 0x5a);
    }

    /** Runs {@code rounds} round trips; completes with their latencies. */
    CompletableFuture<long[]> start(int rounds) {
      CompletableFuture<long[]> future = new CompletableFuture<>();
      endpoint
          .loop()
          .execute(
              () -> {
                latencies = new long[rounds];
                next = 0;
                done = future;
                send();
              });
      return future;
    }

    private void send() {
      want += message.length;
      t0 = System.nanoTime();
      stream.write(ByteBuffer.wrap(message));
    }

    @Override
    public void onData(ByteBuffer bytes) {
      have += bytes.remaining();
      if (have < want || done == null) {
        return;
      }
      latencies[next++] = System.nanoTime() - t0;
      if (next < latencies.length) {
        send();
      } else {
        CompletableFuture<long[]> future = done;
        done = null;
        future.complete(latencies);
      }
    }

    @Override
    public void onWritable() {}

    @Override
    public void onEnd() {}

    @Override
    public void onClose(Throwable cause) {
      CompletableFuture<long[]> future = done;
      if (future != null) {
        future.completeExceptionally(
            new IllegalStateException(
                "the echo stream closed after " + have + " bytes"
                    + (cause == null ? "" : ": " + cause),
                cause));
      }
      closed.complete(cause);
    }
  }
}
