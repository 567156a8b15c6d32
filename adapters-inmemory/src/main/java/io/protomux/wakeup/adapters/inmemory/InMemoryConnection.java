package io.protomux.wakeup.adapters.inmemory;

import io.protomux.wakeup.ports.loop.EventLoop;
import io.protomux.wakeup.ports.transport.Connection;
import io.protomux.wakeup.ports.transport.ConnectionHandler;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * One end of a {@link Link}. Writes are copied and arrive at the other end after the link's
 * latency, in order; everything reaches the handler in tasks of the network's loop, never inside
 * a call to this connection.
 *
 * <ul>
 *   <li><b>Backpressure.</b> Bytes count against the high-water mark from {@link #write} until
 *       the remote's handler has taken them, so a remote that pauses reading (or has no handler
 *       yet) eventually makes {@code write} return false; {@code onWritable} follows once they
 *       drop to the low-water mark.
 *   <li><b>Before a handler is set</b>, arriving data, end of stream and close wait for one.
 *   <li><b>{@link #shutdownOutput()}</b>: the remote gets {@code onEnd} after the data written
 *       before; once both ends have had {@code onEnd}, both close cleanly.
 *   <li><b>{@link #close()}</b>: this end closes at once ({@code onClose(null)} in the next task)
 *       and discards what it had received but not delivered. What it had already written still
 *       arrives, then the remote closes cleanly too (after the data before it is delivered; a
 *       remote that keeps reading paused never sees it, as with a real socket).
 *   <li><b>A handler that throws</b> closes this connection with the exception as cause; the
 *       remote closes with an {@link IOException} "connection reset by peer". An {@link Error}
 *       (such as a failed assertion) is also rethrown to the loop, which records it.
 *   <li>{@code onClose} comes once, last; exceptions from it go to the loop.
 * </ul>
 *
 * <p>Every method must be called on the network's loop thread.
 */
public final class InMemoryConnection implements Connection {
  private final Link link;
  private final InMemoryNetwork network;
  private final String localDescription;
  private final String remoteDescription;
  private final LinkDirection out;
  private final LinkDirection in;
  private final ArrayDeque<Segment> inbox = new ArrayDeque<>();
  private Consumer<InMemoryConnection> onTerminated = connection -> {};
  private ConnectionHandler handler;
  private boolean open = true;
  private boolean paused;
  private boolean outputShut;
  private boolean endReceived;
  private boolean writablePending;
  private boolean pumpScheduled;
  private boolean closeDelivered;
  private Throwable closeCause;

  InMemoryConnection(
      Link link,
      String localDescription,
      String remoteDescription,
      LinkDirection out,
      LinkDirection in) {
    this.link = link;
    this.network = link.network();
    this.localDescription = localDescription;
    this.remoteDescription = remoteDescription;
    this.out = out;
    this.in = in;
  }

  @Override
  public EventLoop eventLoop() {
    return network.loop();
  }

  @Override
  public void setHandler(ConnectionHandler handler) {
    network.checkThread();
    this.handler = Objects.requireNonNull(handler, "handler");
    schedulePump();
  }

  /**
   * {@inheritDoc}
   *
   * <p>On a closed connection the bytes are discarded and false returned ({@code onClose} comes
   * or came).
   *
   * @throws IllegalStateException after {@link #shutdownOutput()}
   */
  @Override
  public boolean write(ByteBuffer bytes) {
    network.checkThread();
    Objects.requireNonNull(bytes, "bytes");
    if (outputShut && open) {
      throw new IllegalStateException("write after shutdownOutput on " + this);
    }
    byte[] copy = new byte[bytes.remaining()];
    bytes.get(copy);
    return open && out.send(copy);
  }

  @Override
  public void pauseReading() {
    network.checkThread();
    paused = true;
  }

  @Override
  public void resumeReading() {
    network.checkThread();
    if (paused) {
      paused = false;
      schedulePump();
    }
  }

  @Override
  public void shutdownOutput() {
    network.checkThread();
    if (open && !outputShut) {
      outputShut = true;
      out.signal(Segment.Type.END);
    }
  }

  @Override
  public void close() {
    network.checkThread();
    if (open) {
      terminate(null);
      out.signal(Segment.Type.CLOSE);
    }
  }

  @Override
  public boolean isOpen() {
    return open;
  }

  @Override
  public String remoteDescription() {
    return remoteDescription;
  }

  /** This end's own name, e.g. {@code "alice:49152"}: the remote's {@link #remoteDescription()}. */
  public String localDescription() {
    return localDescription;
  }

  /** The link this connection is an end of: its latency and fault hooks. */
  public Link link() {
    return link;
  }

  @Override
  public String toString() {
    return localDescription + " -> " + remoteDescription;
  }

  void onTerminated(Consumer<InMemoryConnection> callback) {
    this.onTerminated = callback;
  }

  boolean hasReceivedEnd() {
    return endReceived;
  }

  /** Hands this accepted connection to a listener's callback, which may fail like a handler. */
  void deliverAccept(Consumer<Connection> onAccept) {
    invoke(() -> onAccept.accept(this));
  }

  /** A segment crossed the wire to this end. */
  void arrive(Segment segment) {
    if (!open) {
      in.consumed(segment.remaining());
    } else if (segment.type == Segment.Type.RESET) {
      terminate(new IOException("connection reset by peer " + remoteDescription));
    } else {
      inbox.add(segment);
      schedulePump();
    }
  }

  void notifyWritable() {
    if (open) {
      writablePending = true;
      schedulePump();
    }
  }

  /** Closes this end, keeps nothing it received, and tells the handler in a later task. */
  void terminate(Throwable cause) {
    if (!open) {
      return;
    }
    open = false;
    closeCause = cause;
    discardInbox();
    schedulePump();
    onTerminated.accept(this);
    link.endClosed();
  }

  /** Closes without a word to the handler: nobody ever got this connection. */
  void abandon() {
    open = false;
    closeDelivered = true;
    discardInbox();
    onTerminated.accept(this);
    link.endClosed();
  }

  private void discardInbox() {
    for (Segment segment : inbox) {
      in.consumed(segment.remaining());
    }
    inbox.clear();
  }

  // All handler calls happen here, in a task of their own, so that no call to this connection
  // (or to the loop) ever re-enters a handler.
  private void schedulePump() {
    if (!pumpScheduled) {
      pumpScheduled = true;
      network.loop().execute(this::pump);
    }
  }

  private void pump() {
    pumpScheduled = false;
    if (handler == null) {
      return;
    }
    if (open && writablePending) {
      writablePending = false;
      invoke(handler::onWritable);
    }
    while (open && !paused && !inbox.isEmpty()) {
      Segment head = inbox.peek();
      switch (head.type) {
        case DATA:
          deliverData();
          break;
        case END:
          inbox.poll();
          deliverEnd();
          break;
        default: // CLOSE: every byte sent before it was delivered
          inbox.poll();
          terminate(null);
          break;
      }
    }
    if (!open && !closeDelivered) {
      closeDelivered = true;
      network.tap(this, Delivery.Kind.CLOSE, null, closeCause);
      handler.onClose(closeCause);
    }
  }

  private void deliverData() {
    byte[] chunk = takeChunk();
    network.tap(this, Delivery.Kind.DATA, chunk, null);
    invoke(() -> handler.onData(ByteBuffer.wrap(chunk)));
    in.consumed(chunk.length);
  }

  /** The head segment's rest, or with chunking a random cut that may span several segments. */
  private byte[] takeChunk() {
    int size = network.nextChunkSize();
    if (size == 0) {
      Segment head = inbox.poll();
      return head.consumed == 0
          ? head.bytes // the connection's own copy of the write: no one else holds it
          : Arrays.copyOfRange(head.bytes, head.consumed, head.bytes.length);
    }
    int available = 0;
    for (Segment segment : inbox) {
      if (segment.type != Segment.Type.DATA || available >= size) {
        break;
      }
      available += segment.remaining();
    }
    byte[] chunk = new byte[Math.min(size, available)];
    int filled = 0;
    while (filled < chunk.length) {
      Segment head = inbox.peek();
      int take = Math.min(head.remaining(), chunk.length - filled);
      System.arraycopy(head.bytes, head.consumed, chunk, filled, take);
      head.consumed += take;
      filled += take;
      if (head.remaining() == 0) {
        inbox.poll();
      }
    }
    return chunk;
  }

  private void deliverEnd() {
    endReceived = true;
    network.tap(this, Delivery.Kind.END, null, null);
    invoke(handler::onEnd);
    link.endReceived();
  }

  private void invoke(Runnable handlerCall) {
    try {
      handlerCall.run();
    } catch (RuntimeException | Error failure) {
      if (open) {
        terminate(failure);
        out.signal(Segment.Type.RESET);
      }
      if (failure instanceof Error) {
        throw (Error) failure;
      }
    }
  }
}
