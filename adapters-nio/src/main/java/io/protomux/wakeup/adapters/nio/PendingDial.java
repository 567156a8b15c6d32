package io.protomux.wakeup.adapters.nio;

import io.protomux.wakeup.ports.loop.Cancellable;
import io.protomux.wakeup.ports.transport.Connection;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.net.StandardSocketOptions;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.util.concurrent.CompletableFuture;

/**
 * One outgoing connection until its non-blocking connect finishes: then it hands the channel to a
 * new {@link NioConnection} and completes the dial's future, on the loop.
 */
final class PendingDial implements IoHandler {
  private final NioEventLoop loop;
  private final NioOptions options;
  private final String target;
  private final CompletableFuture<Connection> future;
  private SocketChannel channel;
  private SelectionKey key;
  private Cancellable timeout;

  private PendingDial(
      NioEventLoop loop, NioOptions options, String target, CompletableFuture<Connection> future) {
    this.loop = loop;
    this.options = options;
    this.target = target;
    this.future = future;
  }

  /** Starts connecting to {@code address}; runs on {@code loop}. */
  static void start(
      NioEventLoop loop,
      NioOptions options,
      InetSocketAddress address,
      String target,
      CompletableFuture<Connection> future) {
    new PendingDial(loop, options, target, future).connect(address);
  }

  private void connect(InetSocketAddress address) {
    try {
      channel = SocketChannel.open();
      channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
      key = loop.register(channel, 0, this);
      if (channel.connect(address)) {
        connected();
        return;
      }
      key.interestOps(SelectionKey.OP_CONNECT);
    } catch (IOException | RuntimeException e) {
      fail(e);
      return;
    }
    if (options.connectTimeoutMillis() > 0) {
      timeout =
          loop.schedule(
              options.connectTimeoutMillis(),
              () ->
                  fail(
                      new SocketTimeoutException(
                          "timed out after " + options.connectTimeoutMillis() + " ms")));
    }
  }

  @Override
  public void onReady(int readyOps) {
    if ((readyOps & SelectionKey.OP_CONNECT) == 0) {
      return;
    }
    try {
      if (!channel.finishConnect()) {
        return;
      }
    } catch (IOException e) {
      fail(e);
      return;
    }
    connected();
  }

  @Override
  public void abort(Throwable cause) {
    fail(cause != null ? cause : new IOException("the event loop stopped"));
  }

  private void connected() {
    if (timeout != null) {
      timeout.cancel();
    }
    key.interestOps(0);
    NioConnection connection = new NioConnection(loop, channel, key, options);
    if (!future.complete(connection)) {
      // The caller gave up on the dial (cancelled the future): nobody will ever own this.
      connection.abort(null);
    }
  }

  private void fail(Throwable cause) {
    if (timeout != null) {
      timeout.cancel();
    }
    if (key != null) {
      key.cancel();
    }
    if (channel != null) {
      try {
        channel.close();
      } catch (IOException e) {
        cause.addSuppressed(e);
      }
    }
    future.completeExceptionally(describe(cause));
  }

  /** The failure, reworded to name the target, e.g. "cannot connect to h:1: Connection refused". */
  private Throwable describe(Throwable cause) {
    String message = "cannot connect to " + target + ": " + reason(cause);
    IOException described =
        cause instanceof SocketTimeoutException
            ? new SocketTimeoutException(message)
            : new ConnectException(message);
    described.initCause(cause);
    return described;
  }

  private static String reason(Throwable cause) {
    String message = cause.getMessage();
    return message != null ? message : cause.getClass().getSimpleName();
  }
}
