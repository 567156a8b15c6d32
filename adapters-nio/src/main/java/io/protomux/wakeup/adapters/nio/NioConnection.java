package io.protomux.wakeup.adapters.nio;

import io.protomux.wakeup.ports.loop.EventLoop;
import io.protomux.wakeup.ports.transport.Connection;
import io.protomux.wakeup.ports.transport.ConnectionHandler;
import java.io.IOException;
import java.net.Inet6Address;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.util.Objects;

/**
 * A connected TCP socket on one {@link NioEventLoop}.
 *
 * <p>Every method except {@link #eventLoop()} and {@link #remoteDescription()} throws {@link
 * IllegalStateException} off the loop's thread.
 *
 * <p>Events are never delivered from inside a method the handler called: a {@link #close()}, or a
 * write failing on the spot, delivers {@code onClose} from a later loop task, so a handler never
 * sees its own state change under it mid-call.
 */
final class NioConnection implements Connection, IoHandler {
  // Reads per readiness event, so one busy connection cannot monopolise its loop.
  private static final int MAX_READS_PER_EVENT = 16;

  private final NioEventLoop loop;
  private final SocketChannel channel;
  private final SelectionKey key;
  private final String remote;
  private final int highWaterMark;
  private final int lowWaterMark;
  private final long maxQueuedBytes;
  private final OutboundQueue outbound = new OutboundQueue();

  private ConnectionHandler handler;
  private int interestOps;
  private boolean readPaused;
  private boolean writeBlocked;
  private boolean shutdownRequested;
  private boolean outputEnded;
  private boolean inputEnded;
  private boolean closed;
  private boolean closeDelivered;
  private Throwable closeCause;
  private Runnable onTerminated;

  /** Wraps a connected channel registered on {@code loop} with no interest, and attaches to it. */
  NioConnection(NioEventLoop loop, SocketChannel channel, SelectionKey key, NioOptions options) {
    this.loop = loop;
    this.channel = channel;
    this.key = key;
    this.remote = describeRemote(channel);
    this.highWaterMark = options.highWaterMark();
    this.lowWaterMark = options.lowWaterMark();
    this.maxQueuedBytes = options.maxQueuedBytes();
    key.attach(this);
  }

  @Override
  public EventLoop eventLoop() {
    return loop;
  }

  @Override
  public String remoteDescription() {
    return remote;
  }

  @Override
  public void setHandler(ConnectionHandler handler) {
    loop.assertInLoop();
    this.handler = Objects.requireNonNull(handler, "handler");
    if (closed) {
      if (!closeDelivered) {
        Throwable cause = closeCause;
        loop.execute(() -> deliverClose(cause));
      }
      return;
    }
    updateInterest();
  }

  @Override
  public boolean isOpen() {
    loop.assertInLoop();
    return !closed;
  }

  /**
   * {@inheritDoc}
   *
   * <p>Bytes written after {@link #close()} or {@link #shutdownOutput()} are dropped and false is
   * returned. Once a write has returned false, later writes keep returning false until {@code
   * onWritable}, even if the queue has meanwhile shrunk below the high-water mark.
   *
   * <p>A write that finds bytes still queued and would take the queue past {@link
   * NioOptions#maxQueuedBytes()} (the remote is not reading) closes the connection with a {@link
   * SlowReaderException} and returns false; {@code onClose} follows from a later task. A single
   * buffer larger than the limit is accepted into an empty queue, so a legal frame of any size
   * can be sent.
   */
  @Override
  public boolean write(ByteBuffer bytes) {
    loop.assertInLoop();
    Objects.requireNonNull(bytes, "bytes");
    if (closed) {
      return false;
    }
    if (shutdownRequested) {
      // Same contract as the in-memory transport: a write after end is the caller's bug.
      throw new IllegalStateException("write after shutdownOutput to " + remoteDescription());
    }
    boolean wasEmpty = outbound.isEmpty();
    if (!wasEmpty && outbound.bytes() + bytes.remaining() > maxQueuedBytes) {
      // Checked before queueing, so the queue itself never holds more than the limit.
      terminate(
          new SlowReaderException(remote, outbound.bytes() + bytes.remaining(), maxQueuedBytes),
          true);
      return false;
    }
    outbound.add(bytes);
    if (wasEmpty && !outbound.isEmpty()) {
      // Fast path: nothing is waiting for the socket, so try it now instead of waiting for OP_WRITE.
      try {
        outbound.writeTo(channel, loop.gatherScratch());
      } catch (IOException e) {
        terminate(e, true);
        return false;
      }
      updateInterest();
    }
    if (outbound.bytes() > highWaterMark) {
      writeBlocked = true;
    }
    return !writeBlocked;
  }

  @Override
  public void pauseReading() {
    loop.assertInLoop();
    readPaused = true;
    updateInterest();
  }

  @Override
  public void resumeReading() {
    loop.assertInLoop();
    // The selector is level-triggered, so data the kernel buffered meanwhile is reported on the
    // next select: nothing to replay here.
    readPaused = false;
    updateInterest();
  }

  @Override
  public void shutdownOutput() {
    loop.assertInLoop();
    if (closed || shutdownRequested) {
      return;
    }
    shutdownRequested = true;
    if (outbound.isEmpty()) {
      endOutput(true);
    }
  }

  @Override
  public void close() {
    loop.assertInLoop();
    terminate(null, true);
  }

  @Override
  public String toString() {
    return "NioConnection[" + remote + (closed ? ", closed]" : "]");
  }

  /**
   * Runs {@code action} once when the connection closes, however it closes (a listener counts
   * its open connections with it). Set before the handler is told of the connection.
   */
  void onTerminated(Runnable action) {
    this.onTerminated = action;
  }

  // ---- IoHandler: called by the loop ----

  @Override
  public void onReady(int readyOps) {
    if ((readyOps & SelectionKey.OP_WRITE) != 0 && !closed) {
      flush();
    }
    if ((readyOps & SelectionKey.OP_READ) != 0 && canRead()) {
      read();
    }
  }

  @Override
  public void abort(Throwable cause) {
    terminate(cause, false);
  }

  // ---- internals ----

  private boolean canRead() {
    return !closed && handler != null && !readPaused && !inputEnded;
  }

  private void read() {
    ByteBuffer buffer = loop.readBuffer();
    for (int i = 0; i < MAX_READS_PER_EVENT && canRead(); i++) {
      buffer.clear();
      int n;
      try {
        n = channel.read(buffer);
      } catch (IOException e) {
        terminate(e, false);
        return;
      }
      if (n < 0) {
        onRemoteEnd();
        return;
      }
      if (n == 0) {
        return;
      }
      buffer.flip();
      try {
        handler.onData(buffer);
      } catch (Throwable t) {
        terminate(t, false);
        return;
      }
      if (n < buffer.capacity()) {
        // A short read means the kernel had no more; another read would just return 0.
        return;
      }
    }
  }

  private void onRemoteEnd() {
    inputEnded = true;
    // Level-triggered: left in the interest set, end-of-stream would be reported forever.
    updateInterest();
    try {
      handler.onEnd();
    } catch (Throwable t) {
      terminate(t, false);
      return;
    }
    if (outputEnded) {
      terminate(null, false);
    }
  }

  private void flush() {
    boolean empty;
    try {
      empty = outbound.writeTo(channel, loop.gatherScratch());
    } catch (IOException e) {
      terminate(e, false);
      return;
    }
    updateInterest();
    if (empty && shutdownRequested) {
      endOutput(false);
      if (closed) {
        return;
      }
    }
    if (writeBlocked && outbound.bytes() < lowWaterMark) {
      writeBlocked = false;
      if (handler != null) {
        try {
          handler.onWritable();
        } catch (Throwable t) {
          terminate(t, false);
        }
      }
    }
  }

  private void endOutput(boolean calledByHandler) {
    try {
      channel.shutdownOutput();
    } catch (IOException e) {
      terminate(e, calledByHandler);
      return;
    }
    outputEnded = true;
    if (inputEnded) {
      terminate(null, calledByHandler);
    }
  }

  private void updateInterest() {
    if (closed) {
      return;
    }
    int ops = canRead() ? SelectionKey.OP_READ : 0;
    if (!outbound.isEmpty()) {
      ops |= SelectionKey.OP_WRITE;
    }
    if (ops != interestOps) {
      interestOps = ops;
      key.interestOps(ops);
    }
  }

  /**
   * Closes the socket and drops the queue at once; {@code onClose} follows directly, or from a
   * later task when the handler itself is on the stack.
   */
  private void terminate(Throwable cause, boolean calledByHandler) {
    if (closed) {
      return;
    }
    closed = true;
    closeCause = cause;
    outbound.clear();
    key.cancel();
    try {
      channel.close();
    } catch (IOException e) {
      if (cause != null) {
        cause.addSuppressed(e);
      }
    }
    if (onTerminated != null) {
      Runnable action = onTerminated;
      onTerminated = null;
      action.run();
    }
    if (handler == null) {
      return; // told once a handler is set
    }
    if (calledByHandler) {
      loop.execute(() -> deliverClose(cause));
    } else {
      deliverClose(cause);
    }
  }

  private void deliverClose(Throwable cause) {
    if (closeDelivered) {
      return;
    }
    closeDelivered = true;
    try {
      handler.onClose(cause);
    } catch (Throwable t) {
      loop.report(t);
    }
  }

  private static String describeRemote(SocketChannel channel) {
    SocketAddress address;
    try {
      address = channel.getRemoteAddress();
    } catch (IOException e) {
      return "unknown";
    }
    return address instanceof InetSocketAddress inet ? format(inet) : String.valueOf(address);
  }

  static String format(InetSocketAddress address) {
    String host =
        address.getAddress() == null ? address.getHostString() : address.getAddress().getHostAddress();
    if (address.getAddress() instanceof Inet6Address) {
      host = "[" + host + "]";
    }
    return host + ":" + address.getPort();
  }
}
