package io.protomux.wakeup.adapters.nio;

import io.protomux.wakeup.ports.datagram.DatagramHandler;
import io.protomux.wakeup.ports.datagram.DatagramSocket;
import io.protomux.wakeup.ports.loop.EventLoop;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.CancelledKeyException;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.util.Objects;

/**
 * A non-blocking {@link DatagramChannel} on a {@link NioEventLoop}, made by {@link NioDatagrams}.
 *
 * <p>A datagram goes straight to the system while it has room; when its send buffer is full, the
 * datagram is copied into a bounded send queue (see {@link NioDatagramOptions}) and leaves, in
 * order, as soon as the system reports room again. {@link #isWritable()} and {@link
 * DatagramHandler#onWritable()} follow the queue's water marks; only a full queue drops a datagram.
 * Datagrams longer than {@link NioDatagramOptions#maxDatagramBytes()} are refused.
 *
 * <p>Datagrams are received into one buffer reused for all of them (the loop's read buffer when it
 * is large enough), and cut to {@link NioDatagramOptions#maxReceiveBytes()}, as libudx cuts them to
 * 2048 bytes: a peer running libudx never reads more, so sending more gains nothing.
 *
 * <p>An empty datagram counts as sent once offered to the system: Java reports the same 0 for an
 * empty datagram sent and for a full buffer, so it is never queued.
 */
public final class NioDatagramSocket implements DatagramSocket {
  // Datagrams read per readiness event, so that one busy socket cannot monopolise the loop.
  private static final int MAX_RECEIVES_PER_EVENT = 64;
  private static final System.Logger LOG = System.getLogger(NioDatagramSocket.class.getName());

  /**
   * How a datagram reaches the system: {@link DatagramChannel#send}, or in tests a stand-in that
   * reports a full send buffer, which loopback never does (Linux frees a loopback datagram's send
   * buffer space before {@code sendto} returns).
   */
  @FunctionalInterface
  interface SystemSend {
    SystemSend CHANNEL = DatagramChannel::send;

    /** Sends like {@link DatagramChannel#send}: all of the datagram, or 0 if there is no room. */
    int send(DatagramChannel channel, ByteBuffer datagram, InetSocketAddress target) throws IOException;
  }

  private final NioEventLoop loop;
  private final DatagramChannel channel;
  private final InetSocketAddress local;
  private final NioDatagramOptions options;
  private final SystemSend systemSend;
  private final DatagramSendQueue queue;
  // Null when the loop's read buffer can hold a datagram one byte longer than maxReceiveBytes,
  // the byte that tells a cut datagram from one of exactly that length.
  private final ByteBuffer ownReceiveBuffer;
  // Kept as an object of its own so that onReady and abort are not public methods of the socket.
  private final IoHandler io = new IoHandler() {
    @Override
    public void onReady(int readyOps) {
      ready(readyOps);
    }

    @Override
    public void abort(Throwable cause) {
      close(cause);
    }
  };
  private DatagramHandler handler;
  private SelectionKey key;
  private boolean closed;
  private boolean writable = true;

  private long sent;
  private long received;
  private long truncated;
  private long queued;
  private int peakQueueDepth;
  private long highWaterReached;
  private long droppedClosed;
  private long droppedQueueFull;
  private long droppedSendError;
  private long discardedAtClose;

  NioDatagramSocket(NioEventLoop loop, DatagramChannel channel, NioDatagramOptions options, SystemSend systemSend)
      throws IOException {
    this.loop = loop;
    this.channel = channel;
    this.local = (InetSocketAddress) channel.getLocalAddress();
    this.options = options;
    this.systemSend = systemSend;
    this.queue = new DatagramSendQueue(options.maxQueuedDatagrams(), options.maxDatagramBytes());
    int receiveRoom = options.maxReceiveBytes() + 1;
    this.ownReceiveBuffer = loop.readBuffer().capacity() >= receiveRoom ? null : ByteBuffer.allocate(receiveRoom);
  }

  @Override
  public EventLoop eventLoop() {
    return loop;
  }

  @Override
  public InetSocketAddress localAddress() {
    return local;
  }

  /** The options this socket was bound with. */
  public NioDatagramOptions options() {
    return options;
  }

  @Override
  public void setHandler(DatagramHandler handler) {
    loop.assertInLoop();
    this.handler = Objects.requireNonNull(handler, "handler");
    updateInterest();
  }

  /**
   * {@inheritDoc}
   *
   * <p>The limit is {@link NioDatagramOptions#maxDatagramBytes()}, 2048 bytes by default.
   */
  @Override
  public boolean send(ByteBuffer datagram, InetSocketAddress target) {
    loop.assertInLoop();
    Objects.requireNonNull(target, "target");
    int length = datagram.remaining();
    if (length > options.maxDatagramBytes()) {
      throw new IllegalArgumentException("datagram of " + length + " bytes is longer than maxDatagramBytes ("
          + options.maxDatagramBytes() + ")");
    }
    if (closed) {
      droppedClosed++;
      return false;
    }
    if (queue.isEmpty()) {
      try {
        if (systemSend.send(channel, datagram, target) > 0 || !datagram.hasRemaining()) {
          sent++;
          return true;
        }
      } catch (IOException e) {
        // One unreachable destination must not cost the socket: the datagram is lost, as on a wire.
        sendFailed(target, e);
        return false;
      }
    }
    if (queue.isFull()) {
      droppedQueueFull++;
      return false;
    }
    queue.add(datagram, target);
    queued++;
    int depth = queue.size();
    peakQueueDepth = Math.max(peakQueueDepth, depth);
    if (depth == 1) {
      updateInterest();
    }
    if (writable && depth > options.highWaterDatagrams()) {
      writable = false;
      highWaterReached++;
    }
    return true;
  }

  @Override
  public boolean isWritable() {
    loop.assertInLoop();
    return writable && !closed;
  }

  /** What became of this socket's datagrams so far. Loop only. */
  public NioDatagramStats stats() {
    loop.assertInLoop();
    return new NioDatagramStats(
        sent,
        received,
        truncated,
        queued,
        queue.size(),
        peakQueueDepth,
        highWaterReached,
        droppedClosed,
        droppedQueueFull,
        droppedSendError,
        discardedAtClose);
  }

  /** The channel, for tests to read its socket options back. */
  DatagramChannel channel() {
    return channel;
  }

  /** Whether the loop watches for room to send (OP_WRITE), which it must only while queued. */
  boolean waitsForRoom() {
    return key != null && key.isValid() && (key.interestOps() & SelectionKey.OP_WRITE) != 0;
  }

  /** The queue slots held now: the peak depth while open, none once closed. Loop only. */
  int queueSlots() {
    return queue.allocatedSlots();
  }

  @Override
  public boolean isOpen() {
    return !closed;
  }

  @Override
  public void close() {
    close(null);
  }

  @Override
  public String toString() {
    return "NioDatagramSocket[" + local + "]";
  }

  private void ready(int readyOps) {
    if ((readyOps & SelectionKey.OP_WRITE) != 0) {
      flush();
    }
    if ((readyOps & SelectionKey.OP_READ) != 0) {
      receive();
    }
  }

  /** Sends queued datagrams, oldest first, until the queue is empty or the system is full again. */
  private void flush() {
    ByteBuffer datagram;
    while ((datagram = queue.peek()) != null) {
      InetSocketAddress target = queue.peekTarget();
      try {
        if (systemSend.send(channel, datagram, target) == 0 && datagram.hasRemaining()) {
          break;
        }
        sent++;
      } catch (IOException e) {
        sendFailed(target, e);
      }
      queue.remove();
    }
    if (queue.isEmpty()) {
      updateInterest();
    }
    if (!writable && queue.size() <= options.lowWaterDatagrams()) {
      writable = true;
      if (handler != null) {
        try {
          handler.onWritable();
        } catch (RuntimeException e) {
          loop.report(e);
        }
      }
    }
  }

  private void receive() {
    ByteBuffer buffer = ownReceiveBuffer != null ? ownReceiveBuffer : loop.readBuffer();
    int max = options.maxReceiveBytes();
    for (int i = 0; i < MAX_RECEIVES_PER_EVENT && !closed; i++) {
      buffer.clear().limit(max + 1);
      SocketAddress source;
      try {
        source = channel.receive(buffer);
      } catch (IOException e) {
        close(e);
        return;
      }
      if (source == null) {
        return;
      }
      buffer.flip();
      if (buffer.limit() > max) {
        buffer.limit(max);
        truncated++;
      }
      received++;
      try {
        handler.onDatagram(buffer, (InetSocketAddress) source);
      } catch (RuntimeException e) {
        loop.report(e);
      }
    }
  }

  private void sendFailed(InetSocketAddress target, IOException e) {
    droppedSendError++;
    if (LOG.isLoggable(System.Logger.Level.DEBUG)) {
      LOG.log(System.Logger.Level.DEBUG, "datagram to {0} not sent: {1}", target, e.toString());
    }
  }

  /** Reads while there is a handler, waits for room while datagrams are queued. */
  private void updateInterest() {
    if (closed) {
      return;
    }
    int ops = (handler != null ? SelectionKey.OP_READ : 0) | (queue.isEmpty() ? 0 : SelectionKey.OP_WRITE);
    try {
      if (key != null) {
        key.interestOps(ops);
      } else if (ops != 0) {
        key = loop.register(channel, ops, io);
      }
    } catch (IOException | CancelledKeyException e) {
      // The loop is stopping or the channel broke: the socket cannot go on either way.
      close(e);
    }
  }

  private void close(Throwable cause) {
    if (closed) {
      return;
    }
    closed = true;
    discardedAtClose += queue.clear();
    if (key != null) {
      key.cancel();
    }
    try {
      channel.close();
    } catch (IOException ignored) {
      // Closing a datagram channel has nothing left to flush.
    }
    if (handler != null) {
      try {
        handler.onClose(cause);
      } catch (RuntimeException e) {
        loop.report(e);
      }
    }
  }
}
