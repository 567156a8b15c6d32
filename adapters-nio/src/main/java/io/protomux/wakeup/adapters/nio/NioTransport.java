package io.protomux.wakeup.adapters.nio;

import io.protomux.wakeup.ports.loop.EventLoop;
import io.protomux.wakeup.ports.transport.Connection;
import io.protomux.wakeup.ports.transport.Listener;
import io.protomux.wakeup.ports.transport.Transport;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.net.UnknownHostException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * TCP connections on raw {@code java.nio}, spread round-robin over a fixed set of {@link
 * NioEventLoop}s (TCP_NODELAY on). Each connection stays on its loop for life.
 *
 * <p>{@link #dial} resolves the host name on the calling thread; pass an address literal to avoid
 * blocking a loop on DNS when dialing from one.
 */
public final class NioTransport implements Transport {
  private static final AtomicInteger INSTANCES = new AtomicInteger();
  // Node's default: the JDK's (50) drops SYNs when many peers dial at once, costing them a
  // one-second retransmit each.
  private static final int BACKLOG = 511;

  private final NioOptions options;
  private final List<NioEventLoop> loops;
  private final AtomicInteger nextLoop = new AtomicInteger();
  private final AtomicLong refused = new AtomicLong();
  private volatile boolean closed;

  /** A transport with {@linkplain NioOptions#defaults() default options}: one loop. */
  public NioTransport() {
    this(NioOptions.defaults());
  }

  /** A transport with default options but {@code loopCount} loops. */
  public NioTransport(int loopCount) {
    this(NioOptions.defaults().withLoopCount(loopCount));
  }

  /** A transport with the given options; its loops start now. */
  public NioTransport(NioOptions options) {
    this.options = Objects.requireNonNull(options, "options");
    int instance = INSTANCES.incrementAndGet();
    NioEventLoop[] started = new NioEventLoop[options.loopCount()];
    try {
      for (int i = 0; i < started.length; i++) {
        started[i] =
            new NioEventLoop(
                "wakeup-nio-" + instance + "-" + i,
                options.errorHandler(),
                options.readBufferBytes());
      }
    } catch (RuntimeException e) {
      for (NioEventLoop loop : started) {
        if (loop != null) {
          loop.close();
        }
      }
      throw e;
    }
    this.loops = List.of(started);
  }

  /**
   * Connections the listeners of this transport closed at once because they already had {@link
   * NioOptions#maxConnectionsPerListener()} open. Callable from any thread.
   */
  public long refusedConnections() {
    return refused.get();
  }

  /** The loops connections are spread over, for running other loop-confined work next to them. */
  public List<EventLoop> eventLoops() {
    return List.copyOf(loops);
  }

  /**
   * {@inheritDoc}
   *
   * <p>The listener accepts on the first loop and hands connections round-robin to all of them.
   *
   * @throws java.io.UncheckedIOException if the address cannot be bound, with a message such as
   *     "cannot listen on 127.0.0.1:80: Address already in use"
   * @throws IllegalStateException if the transport is closed
   */
  @Override
  public Listener listen(String host, int port, Consumer<Connection> onAccept) {
    Objects.requireNonNull(onAccept, "onAccept");
    ensureOpen();
    String target = host + ":" + port;
    ServerSocketChannel server = null;
    try {
      InetSocketAddress address = resolve(host, port);
      server = ServerSocketChannel.open();
      server.bind(address, BACKLOG);
      NioEventLoop acceptor = loops.get(0);
      NioListener listener =
          new NioListener(this, acceptor, server, onAccept, options.maxConnectionsPerListener());
      acceptor.execute(
          () -> {
            try {
              listener.register();
            } catch (IOException e) {
              listener.abort(e);
            }
          });
      return listener;
    } catch (IOException | RejectedExecutionException e) {
      closeQuietly(server);
      throw new UncheckedIOException(
          "cannot listen on " + target + ": " + e.getMessage(),
          e instanceof IOException io ? io : new IOException(e));
    }
  }

  /**
   * {@inheritDoc}
   *
   * <p>A failed dial completes with a {@link java.net.ConnectException} (or {@link
   * java.net.SocketTimeoutException} after the connect timeout) whose message names the target,
   * such as "cannot connect to 127.0.0.1:9: Connection refused".
   */
  @Override
  public CompletableFuture<Connection> dial(String host, int port) {
    CompletableFuture<Connection> future = new CompletableFuture<>();
    if (closed) {
      future.completeExceptionally(new IOException("the transport is closed"));
      return future;
    }
    String target = host + ":" + port;
    NioEventLoop loop = next();
    try {
      InetSocketAddress address;
      try {
        address = resolve(host, port);
      } catch (IOException e) {
        loop.execute(() -> future.completeExceptionally(cannotConnect(target, e)));
        return future;
      }
      loop.execute(() -> PendingDial.start(loop, options, address, target, future));
    } catch (RejectedExecutionException e) {
      future.completeExceptionally(cannotConnect(target, new IOException("the transport is closed")));
    }
    return future;
  }

  /**
   * {@inheritDoc}
   *
   * <p>Every handler gets {@code onClose(null)} and pending dials fail. Waits for the loops'
   * threads to finish, except the caller's own if it is one of them (it finishes after the
   * current task).
   */
  @Override
  public void close() {
    closed = true;
    for (NioEventLoop loop : loops) {
      loop.initiateClose();
    }
    for (NioEventLoop loop : loops) {
      loop.close();
    }
  }

  /**
   * Takes a freshly accepted channel to the next loop and announces it there.
   *
   * @param onClosed run once when the connection closes (or fails to come up)
   */
  void adopt(SocketChannel channel, Consumer<Connection> onAccept, Runnable onClosed) {
    NioEventLoop loop = next();
    try {
      loop.execute(() -> register(loop, channel, onAccept, onClosed));
    } catch (RejectedExecutionException e) {
      closeQuietly(channel);
      onClosed.run();
    }
  }

  /** Counts a connection a listener refused. */
  void countRefused() {
    refused.incrementAndGet();
  }

  private void register(
      NioEventLoop loop, SocketChannel channel, Consumer<Connection> onAccept, Runnable onClosed) {
    NioConnection connection;
    try {
      channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
      connection = new NioConnection(loop, channel, loop.register(channel, 0, null), options);
    } catch (IOException e) {
      closeQuietly(channel);
      onClosed.run();
      return; // the transport is closing, or the peer already gave up: nobody to tell
    }
    connection.onTerminated(onClosed);
    try {
      onAccept.accept(connection);
    } catch (Throwable t) {
      loop.report(t);
      connection.abort(t);
    }
  }

  private NioEventLoop next() {
    return loops.get(Math.floorMod(nextLoop.getAndIncrement(), loops.size()));
  }

  private void ensureOpen() {
    if (closed) {
      throw new IllegalStateException("the transport is closed");
    }
  }

  private static InetSocketAddress resolve(String host, int port) throws UnknownHostException {
    InetSocketAddress address = new InetSocketAddress(host, port);
    if (address.isUnresolved()) {
      throw new UnknownHostException("unknown host " + host);
    }
    return address;
  }

  private static IOException cannotConnect(String target, IOException cause) {
    return new IOException("cannot connect to " + target + ": " + cause.getMessage(), cause);
  }

  private static void closeQuietly(java.nio.channels.Channel channel) {
    if (channel == null) {
      return;
    }
    try {
      channel.close();
    } catch (IOException ignored) {
      // Nothing useful to do: the channel was only being discarded.
    }
  }
}
