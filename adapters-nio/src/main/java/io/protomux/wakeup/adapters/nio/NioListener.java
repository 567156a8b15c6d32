package io.protomux.wakeup.adapters.nio;

import io.protomux.wakeup.ports.transport.Connection;
import io.protomux.wakeup.ports.transport.Listener;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.channels.SelectionKey;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * A bound server socket, accepting on one loop and handing each connection to a loop chosen by the
 * transport. At most {@code maxConnections} accepted connections are open at once: one accepted
 * beyond that is reset at once, logged (debug) and counted by the transport.
 */
final class NioListener implements Listener, IoHandler {
  // Accepts per readiness event, so a connection storm cannot monopolise the acceptor loop.
  private static final int MAX_ACCEPTS_PER_EVENT = 64;
  private static final long CLOSE_WAIT_SECONDS = 10;
  private static final long ACCEPT_BACKOFF_MILLIS = 100;
  private static final System.Logger LOG = System.getLogger(NioListener.class.getName());

  private final NioTransport transport;
  private final NioEventLoop loop;
  private final ServerSocketChannel server;
  private final Consumer<Connection> onAccept;
  private final String host;
  private final int port;
  private final int maxConnections;
  // Connections accepted and not yet closed; they close on any loop.
  private final AtomicInteger open = new AtomicInteger();
  private SelectionKey key;

  NioListener(
      NioTransport transport,
      NioEventLoop loop,
      ServerSocketChannel server,
      Consumer<Connection> onAccept,
      int maxConnections) {
    this.transport = transport;
    this.loop = loop;
    this.server = server;
    this.onAccept = onAccept;
    this.maxConnections = maxConnections;
    InetSocketAddress bound = localAddress(server);
    this.host = bound.getAddress().getHostAddress();
    this.port = bound.getPort();
  }

  /** Starts accepting; runs on the loop. */
  void register() throws IOException {
    key = loop.register(server, SelectionKey.OP_ACCEPT, this);
  }

  @Override
  public int port() {
    return port;
  }

  @Override
  public String host() {
    return host;
  }

  /**
   * Stops accepting; connections already accepted stay open. From another thread this waits
   * (boundedly) for the loop to release the port.
   */
  @Override
  public void close() {
    if (loop.inEventLoop()) {
      closeChannel();
      return;
    }
    CompletableFuture<Void> done = new CompletableFuture<>();
    try {
      loop.execute(
          () -> {
            closeChannel();
            done.complete(null);
          });
      done.get(CLOSE_WAIT_SECONDS, TimeUnit.SECONDS);
    } catch (RejectedExecutionException stopped) {
      closeChannel(); // the loop is gone, and closed its channels on the way
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (ExecutionException | TimeoutException e) {
      loop.report(e);
    }
  }

  @Override
  public void onReady(int readyOps) {
    for (int i = 0; i < MAX_ACCEPTS_PER_EVENT; i++) {
      SocketChannel channel;
      try {
        channel = server.accept();
      } catch (IOException e) {
        // Out of file descriptors, most likely. The pending connection stays ready, so accepting
        // again at once would spin: back off, then listen again, as some connections may close.
        loop.report(e);
        key.interestOps(0);
        loop.schedule(ACCEPT_BACKOFF_MILLIS, this::resumeAccepting);
        return;
      }
      if (channel == null) {
        return;
      }
      if (open.get() >= maxConnections) {
        refuse(channel);
        continue;
      }
      open.incrementAndGet();
      transport.adopt(channel, onAccept, open::decrementAndGet);
    }
  }

  /** Accepted connections of this listener that are still open. */
  int openConnections() {
    return open.get();
  }

  private void refuse(SocketChannel channel) {
    transport.countRefused();
    String remote = "unknown";
    try {
      remote = String.valueOf(channel.getRemoteAddress());
      // A reset rather than an orderly close: no TIME_WAIT left behind here for each refusal.
      channel.setOption(StandardSocketOptions.SO_LINGER, 0);
    } catch (IOException | RuntimeException e) {
      // Refused all the same; the close below is what matters.
    }
    try {
      channel.close();
    } catch (IOException e) {
      // Nothing more to do with it.
    }
    LOG.log(
        System.Logger.Level.DEBUG,
        "refused a connection from {0}: the listener already has {1} open (maxConnectionsPerListener)",
        remote,
        maxConnections);
  }

  @Override
  public void abort(Throwable cause) {
    closeChannel();
  }

  @Override
  public String toString() {
    return "NioListener[" + host + ":" + port + "]";
  }

  private void resumeAccepting() {
    if (key.isValid()) {
      key.interestOps(SelectionKey.OP_ACCEPT);
    }
  }

  private void closeChannel() {
    if (key != null) {
      key.cancel();
    }
    try {
      server.close();
    } catch (IOException e) {
      loop.report(e);
    }
  }

  private static InetSocketAddress localAddress(ServerSocketChannel server) {
    try {
      return (InetSocketAddress) server.getLocalAddress();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
