package io.protomux.wakeup.domain.udx;

import io.protomux.wakeup.domain.LoopConfinement;
import io.protomux.wakeup.ports.loop.Cancellable;
import io.protomux.wakeup.ports.loop.EventLoop;
import io.protomux.wakeup.ports.transport.Connection;
import io.protomux.wakeup.ports.transport.ConnectionHandler;
import java.net.Inet6Address;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * One reliable, ordered UDX stream: the {@link Connection} a secret stream, Protomux and the
 * wakeup swarm run over, wire-compatible with udx-native. There is no handshake: each side creates
 * its stream with a local id, learns the peer's id out of band (hyperdht carries it in the Noise
 * payload) and {@link #connect connects}; the first packet is whatever is sent first.
 *
 * <p>Where libudx trusts the peer, this stream does not: it holds at most the advertised window
 * of out-of-order and unread bytes, drops DATA further ahead than {@link
 * UdxStreamOptions#maxOutOfOrderPackets()}, and refuses a packet whose ack is beyond what it sent
 * (libudx delivers such a packet's data). Everything dropped is counted in {@link Udx#stats()}.
 *
 * <p>Confined to its instance's loop, like every {@link Connection}.
 */
public final class UdxStream implements Connection {
  /**
   * SACK blocks per ACK. libudx sends at most 50 but reads every block in the datagram; with a
   * large window and a few percent loss there are more holes than that, and a sender that never
   * hears of the newest arrivals takes them for lost (5% loss cost 16% retransmissions at 50,
   * 5% at 128). 128 blocks make an ACK of 1044 bytes, under any MTU.
   */
  static final int MAX_SACK_BLOCKS = 128;

  private final Udx udx;
  private final EventLoop loop;
  private final int id;
  private final UdxStreamOptions options;
  private final ReceiveBuffer rx;
  private final UdxSender tx;
  private final long lowWater;

  private UdxSocket socket;
  private int remoteId;
  private InetSocketAddress remote;
  private boolean closed;
  private boolean ackOwed;
  private boolean writeBlocked;
  private boolean paused;
  private boolean outputShut;
  private boolean flushScheduled;
  private ConnectionHandler handler;
  private long bytesRead;
  private long bytesWritten;
  private Consumer<ByteBuffer> messageHandler;
  private UdxFirewall firewall = UdxFirewall.DENY;
  private Runnable onRemoteChanged;
  private UdxStream relayTarget;
  private List<UdxStream> relayedFrom;
  private long keepaliveMillis;
  private Cancellable wake;
  private long wakeAt = UdxSender.NONE;
  private long keepaliveAt = UdxSender.NONE;

  UdxStream(Udx udx, int id, UdxStreamOptions options) {
    this.udx = udx;
    this.loop = udx.eventLoop();
    this.id = id;
    this.options = options;
    this.rx = new ReceiveBuffer(options.maxWindowBytes(), options.maxOutOfOrderPackets(), 0);
    this.tx =
        new UdxSender(
            this, udx, udx.newCongestionControl(), options.firstSeq(),
            options.maxOutOfOrderPackets());
    this.tx.mtu = new Mtu(false, options.maxMtu());
    this.lowWater = options.writeHighWaterBytes() / 2;
    this.keepaliveMillis = options.keepaliveMillis();
  }

  /** The id the peer puts in its packets to reach this stream. */
  public int id() {
    return id;
  }

  /** The peer's id, written in every packet sent (0 before {@link #connect}). */
  public int remoteId() {
    return remoteId;
  }

  /** Where packets go, or null before {@link #connect}. */
  public InetSocketAddress remoteAddress() {
    return remote;
  }

  /** The socket packets leave from, or null before {@link #connect}. */
  public UdxSocket socket() {
    return socket;
  }

  /** Whether {@link #connect} was called. */
  public boolean isConnected() {
    return socket != null;
  }

  /**
   * Records where the peer is. Nothing is sent; an ACK owed for data accepted before (through
   * the firewall) goes out at once, and so does anything already written.
   *
   * @throws IllegalStateException if already connected or closed
   */
  public void connect(UdxSocket socket, int remoteId, InetSocketAddress remote) {
    connect(socket, remoteId, remote, rx.ack());
  }

  /**
   * {@link #connect(UdxSocket, int, InetSocketAddress)} with the seq the peer's first packet has
   * (libudx's {@code connect(..., { ack })}; the peer created its stream with that {@code seq}).
   */
  public void connect(UdxSocket socket, int remoteId, InetSocketAddress remote, int firstAck) {
    LoopConfinement.check(loop, "UdxStream");
    if (closed) {
      throw new IllegalStateException("stream " + Seq.unsigned(id) + " is closed");
    }
    if (this.socket != null) {
      throw new IllegalStateException("stream " + Seq.unsigned(id) + " is already connected");
    }
    setRemote(socket, remoteId, remote);
    rx.startAt(firstAck);
    tx.mtu = new Mtu(ipv6(socket, remote), options.maxMtu());
    afterDataSent();
    if (ackOwed) {
      sendAck();
    }
    scheduleFlush();
  }

  /**
   * Moves the stream to another path (hyperdht, after a holepunch): new packets go there with the
   * new id at once; packets already sent are retransmitted on their old path. {@code onChanged}
   * runs when the peer has acknowledged everything sent before the change (at once, if nothing
   * is in flight). The MTU search starts over.
   */
  public void changeRemote(
      UdxSocket socket, int remoteId, InetSocketAddress remote, Runnable onChanged) {
    LoopConfinement.check(loop, "UdxStream");
    if (this.socket == null || closed) {
      throw new IllegalStateException("changeRemote needs a connected, open stream");
    }
    setRemote(socket, remoteId, remote);
    this.onRemoteChanged = onChanged;
    if (tx.changeRemote(ipv6(socket, remote), options.maxMtu())) {
      onRemoteChanged();
    }
  }

  /**
   * Forwards every packet that reaches this stream, id rewritten, to {@code destination}'s peer
   * (blind relays). Nothing is acknowledged or buffered here; seq and ack stay end to end. When
   * the destination closes, this stream is destroyed too.
   */
  public void relayTo(UdxStream destination) {
    LoopConfinement.check(loop, "UdxStream");
    Objects.requireNonNull(destination, "destination");
    if (destination.udx != udx) {
      throw new IllegalArgumentException("a stream can only relay to a stream of its own instance");
    }
    relayTarget = destination;
    if (destination.relayedFrom == null) {
      destination.relayedFrom = new ArrayList<>(2);
    }
    destination.relayedFrom.add(this);
  }

  /** Decides about packets that arrive on another socket than the stream's (before connect, all). */
  public void setFirewall(UdxFirewall firewall) {
    this.firewall = Objects.requireNonNull(firewall, "firewall");
  }

  /** Receives MESSAGE datagrams (unordered, unacknowledged); the buffer is valid during the call. */
  public void setMessageHandler(Consumer<ByteBuffer> handler) {
    this.messageHandler = Objects.requireNonNull(handler, "handler");
  }

  /**
   * Sends one unordered, unacknowledged MESSAGE datagram now.
   *
   * @return false if the socket dropped it
   * @throws IllegalStateException if not connected or closed
   * @throws IllegalArgumentException above 2028 bytes, what a libudx receiver keeps of a datagram
   */
  public boolean send(ByteBuffer message) {
    LoopConfinement.check(loop, "UdxStream");
    if (socket == null || closed) {
      throw new IllegalStateException("send needs a connected, open stream");
    }
    int length = message.remaining();
    if (length > udx.sendScratch.length - UdxHeader.BYTES) {
      throw new IllegalArgumentException(
          "a UDX message carries at most " + (udx.sendScratch.length - UdxHeader.BYTES)
              + " bytes, got " + length);
    }
    message.get(udx.sendScratch, UdxHeader.BYTES, length);
    return sendControl(UdxHeader.MESSAGE, length);
  }

  /**
   * Sends a HEARTBEAT whenever nothing has been sent for {@code millis} (0 turns it off). The
   * peer answers with an ACK; a missing answer closes nothing (use the secret stream's keep-alive
   * for liveness, as hyperdht does).
   */
  public void setKeepalive(long millis) {
    LoopConfinement.check(loop, "UdxStream");
    if (millis < 0) {
      throw new IllegalArgumentException("keepalive must be >= 0 ms, got " + millis);
    }
    keepaliveMillis = millis;
    keepaliveAt = millis == 0 ? UdxSender.NONE : loop.nowMillis() + millis;
    rearm(loop.nowMillis());
  }

  /** The receive window this stream advertises now. */
  public int receiveWindow() {
    return rx.window();
  }

  // ---- Connection -----------------------------------------------------------------------------

  @Override
  public EventLoop eventLoop() {
    return loop;
  }

  @Override
  public void setHandler(ConnectionHandler handler) {
    LoopConfinement.check(loop, "UdxStream");
    this.handler = Objects.requireNonNull(handler, "handler");
    drainPaused();
  }

  /** Stream bytes received in order from the peer (hyperswarm's {@code rawBytesRead}). */
  public long bytesRead() {
    return bytesRead;
  }

  /** Stream bytes handed to {@link #write} (hyperswarm's {@code rawBytesWritten}). */
  public long bytesWritten() {
    return bytesWritten;
  }

  @Override
  public boolean write(ByteBuffer bytes) {
    LoopConfinement.check(loop, "UdxStream");
    if (outputShut) {
      throw new IllegalStateException("write after shutdownOutput on UDX stream " + Seq.unsigned(id));
    }
    if (closed) {
      return false;
    }
    bytesWritten += bytes.remaining();
    tx.queue.add(bytes);
    scheduleFlush();
    if (tx.queue.bytes() > options.writeHighWaterBytes()) {
      writeBlocked = true;
      return false;
    }
    return true;
  }

  @Override
  public void pauseReading() {
    LoopConfinement.check(loop, "UdxStream");
    paused = true;
  }

  @Override
  public void resumeReading() {
    LoopConfinement.check(loop, "UdxStream");
    paused = false;
    int before = rx.window();
    drainPaused();
    if (!closed && rx.window() > before && socket != null) {
      sendAck(); // the window opened: tell the sender, which may be waiting on it
    }
  }

  @Override
  public void shutdownOutput() {
    LoopConfinement.check(loop, "UdxStream");
    if (outputShut || closed) {
      return;
    }
    outputShut = true;
    tx.queueEnd();
    if (tx.queue.isEmpty()) {
      flush(loop.nowMillis()); // libudx sends a lone END at once, ahead of an ACK being built
    } else {
      scheduleFlush(); // the END rides on the last packet of this turn's writes
    }
  }

  /** Destroys the stream: one DESTROY to a connected peer, pending writes dropped, closed now. */
  @Override
  public void close() {
    LoopConfinement.check(loop, "UdxStream");
    destroy(null);
  }

  /**
   * Both sides ended: the stream closes by itself once its END and everything before it are
   * acknowledged (as libudx does), so nothing written is lost to a DESTROY. In any other state
   * this is {@link #close()}.
   */
  @Override
  public void closeAfterFlush() {
    LoopConfinement.check(loop, "UdxStream");
    if (closed) {
      return;
    }
    if (!outputShut || !rx.eofDelivered()) {
      close();
    } else if (tx.ended()) {
      closeWith(null);
    }
  }

  @Override
  public boolean isOpen() {
    return !closed;
  }

  @Override
  public String toString() {
    return "UdxStream[" + Seq.unsigned(id) + " -> " + remoteDescription() + "]";
  }

  @Override
  public String remoteDescription() {
    return remote == null
        ? "udx:unconnected"
        : "udx:" + remote.getAddress().getHostAddress() + ":" + remote.getPort() + "#"
            + Seq.unsigned(remoteId);
  }

  // ---- receiving --------------------------------------------------------------------------------

  boolean acceptsPackets() {
    return !closed;
  }

  /** A packet for this stream, copied into {@code packet[0..length)} (section 5.1's order). */
  void onPacket(UdxSocket via, byte[] packet, int length, InetSocketAddress source) {
    if (via != socket && firewall.drop(this, via, source)) {
      udx.counters.firewallDrops++;
      return;
    }
    if (closed) {
      return; // the firewall callback closed it
    }
    int type = packet[2] & 0xFF;
    if (relayTarget != null) {
      relay(packet, length, type);
      return;
    }
    if ((type & UdxHeader.HEARTBEAT) != 0) {
      sendAck();
      return;
    }
    int dataOffset = packet[3] & 0xFF;
    if (dataOffset > length - UdxHeader.BYTES) {
      udx.counters.badDataOffset++;
      return;
    }
    int seq = UdxHeader.readInt(packet, 12);
    int ack = UdxHeader.readInt(packet, 16);
    int ackAhead = ack - tx.nextSeq();
    if (ackAhead > 0 || ackAhead == Integer.MIN_VALUE) {
      // beyond what we sent; exactly 2^31 away is neither before nor after in serial order,
      // and only a forgery is that far off
      udx.counters.ackBeyondSent++;
      return;
    }
    long now = loop.nowMillis();
    int payloadAt = UdxHeader.BYTES + dataOffset;
    int payloadLength = length - payloadAt;
    boolean dataOrEnd = (type & (UdxHeader.DATA | UdxHeader.END)) != 0;
    if (Seq.ge(seq, rx.ack())) {
      if (dataOrEnd) {
        receiveData(seq, type, packet, payloadAt, payloadLength);
      }
      if ((type & UdxHeader.DESTROY) != 0) {
        udx.counters.resets++;
        closeWith(new UdxException(UdxException.ECONNRESET, "the peer destroyed the stream"));
        return;
      }
    } else if (dataOrEnd) {
      udx.counters.duplicates++;
    }
    if ((type & UdxHeader.MESSAGE) != 0 && messageHandler != null) {
      deliverMessage(packet, payloadAt, payloadLength);
      if (closed) {
        return;
      }
    }
    drainInOrder();
    if (closed) {
      return;
    }
    int sackBlocks =
        (type & UdxHeader.SACK) != 0
            ? UdxPacket.sackBlockCount(dataOffset, length - UdxHeader.BYTES)
            : 0;
    long window = Integer.toUnsignedLong(UdxHeader.readInt(packet, 8));
    boolean endAcked = tx.onAck(now, seq, ack, window, packet, UdxHeader.BYTES, sackBlocks);
    if (closed) {
      return;
    }
    if (endAcked && tx.ended() && !rx.eofDelivered() && !rx.eofDue()) {
      sendAck(); // libudx's "final state" ACK: we are done, the peer is not
    } else if (dataOrEnd) {
      sendAck();
    }
    if (rx.eofDue()) {
      deliverEof();
    }
    if (!closed && tx.ended() && rx.eofDelivered()) {
      closeWith(null); // no FIN-ACK, no TIME_WAIT: libudx closes here too
      return;
    }
    flush(now);
  }

  private void receiveData(int seq, int type, byte[] packet, int at, int length) {
    boolean data = (type & UdxHeader.DATA) != 0 && length > 0;
    switch (rx.offer(seq, data, packet, at, length)) {
      case DELIVERABLE -> {
        if (holdsForReading() && !rx.pausedRoomFor(length)) {
          udx.counters.beyondWindow++;
          return; // not taken: the sender will retransmit it once the window opens
        }
        rx.advance(); // before the callback, as libudx: what it sends from there carries the ack
        deliverInOrder(packet, at, length);
      }
      case DUPLICATE -> udx.counters.duplicates++;
      case BEYOND_WINDOW -> {
        udx.counters.beyondWindow++;
        return;
      }
      case HELD -> {}
    }
    if ((type & UdxHeader.END) != 0) {
      rx.noteEnd(seq);
    }
  }

  private boolean holdsForReading() {
    return paused || handler == null || rx.hasPaused();
  }

  /** Hands in-order bytes to the handler, or keeps a copy while reading is paused. */
  private void deliverInOrder(byte[] bytes, int at, int length) {
    bytesRead += length;
    if (holdsForReading()) {
      rx.holdPaused(bytes, at, length);
      return;
    }
    try {
      handler.onData(view(bytes, at, length));
    } catch (RuntimeException e) {
      destroy(e);
    }
  }

  /** The bytes as a buffer; the packet being handled has a reused one (no allocation per packet). */
  private ByteBuffer view(byte[] bytes, int at, int length) {
    return bytes == udx.receiveScratch
        ? udx.receiveView.limit(at + length).position(at)
        : ByteBuffer.wrap(bytes, at, length);
  }

  private void drainInOrder() {
    byte[] next;
    while (!closed && (next = rx.pollInOrder()) != null) {
      if (next.length == 0) {
        continue;
      }
      bytesRead += next.length;
      if (holdsForReading()) {
        rx.holdPaused(next);
      } else {
        try {
          handler.onData(ByteBuffer.wrap(next));
        } catch (RuntimeException e) {
          destroy(e);
        }
      }
    }
  }

  private void drainPaused() {
    while (!closed && !paused && handler != null && rx.hasPaused()) {
      byte[] next = rx.pollPaused();
      try {
        handler.onData(ByteBuffer.wrap(next));
      } catch (RuntimeException e) {
        destroy(e);
      }
    }
    if (!closed && rx.eofDue()) {
      deliverEof();
      if (!closed && tx.ended() && rx.eofDelivered()) {
        closeWith(null);
      }
    }
  }

  private void deliverEof() {
    if (rx.eofDelivered() || holdsForReading()) {
      return;
    }
    rx.markEofDelivered();
    try {
      handler.onEnd();
    } catch (RuntimeException e) {
      destroy(e);
    }
  }

  private void deliverMessage(byte[] packet, int at, int length) {
    try {
      messageHandler.accept(ByteBuffer.wrap(packet, at, length).asReadOnlyBuffer());
    } catch (RuntimeException e) {
      destroy(e);
    }
  }

  private void relay(byte[] packet, int length, int type) {
    UdxStream target = relayTarget;
    if (target.socket != null && !target.closed) {
      UdxHeader.writeInt(packet, 4, target.remoteId);
      if (!target.socket.send(view(packet, 0, length), target.remote)) {
        udx.counters.sendFailures++;
      }
    }
    if ((type & UdxHeader.DESTROY) != 0) {
      udx.counters.resets++;
      closeWith(new UdxException(UdxException.ECONNRESET, "the relayed peer destroyed the stream"));
    }
  }

  // ---- sending ----------------------------------------------------------------------------------

  boolean canSend() {
    return socket != null && !closed && relayTarget == null;
  }

  boolean socketWritable() {
    return socket.datagramSocket().isWritable();
  }

  int ack() {
    return rx.ack();
  }

  void afterDataSent() {
    if (keepaliveMillis > 0) {
      keepaliveAt = loop.nowMillis() + keepaliveMillis;
    }
  }

  void onSocketWritable(UdxSocket writable) {
    if (writable == socket && !closed) {
      flush(loop.nowMillis());
    }
  }

  void onRemoteChanged() {
    Runnable callback = onRemoteChanged;
    onRemoteChanged = null;
    if (callback != null) {
      callback.run();
    }
  }

  private void scheduleFlush() {
    if (!flushScheduled && !closed) {
      flushScheduled = true;
      loop.schedule(0, this::flushNow);
    }
  }

  private void flushNow() {
    flushScheduled = false;
    if (!closed) {
      flush(loop.nowMillis());
    }
  }

  private void flush(long now) {
    tx.flush(now);
    if (writeBlocked && tx.queue.bytes() <= lowWater && !closed) {
      writeBlocked = false;
      if (handler != null) {
        try {
          handler.onWritable();
        } catch (RuntimeException e) {
          destroy(e);
          return;
        }
      }
    }
    rearm(now);
  }

  private void sendAck() {
    if (socket == null) {
      ackOwed = true;
      return;
    }
    ackOwed = false;
    byte[] out = udx.sendScratch;
    int blocks = rx.writeSacks(out, UdxHeader.BYTES, MAX_SACK_BLOCKS);
    udx.counters.acksSent++;
    sendControl(blocks > 0 ? UdxHeader.SACK : 0, blocks * SackBlock.BYTES);
  }

  /** A header-only packet: HEARTBEAT (keep-alive, zero-window probe) or DESTROY. */
  boolean sendControl(int type) {
    return sendControl(type, 0);
  }

  /** Sends the header of {@code type} with {@code bodyLength} bytes already in the scratch. */
  private boolean sendControl(int type, int bodyLength) {
    byte[] out = udx.sendScratch;
    out[0] = (byte) UdxHeader.MAGIC;
    out[1] = (byte) UdxHeader.VERSION;
    out[2] = (byte) type;
    out[3] = 0;
    UdxHeader.writeInt(out, 4, remoteId);
    UdxHeader.writeInt(out, 8, rx.window());
    UdxHeader.writeInt(out, 12, tx.nextSeq());
    UdxHeader.writeInt(out, 16, rx.ack());
    ByteBuffer view = udx.sendView;
    view.clear().limit(UdxHeader.BYTES + bodyLength);
    boolean sent = socket.send(view, remote);
    if (!sent) {
      udx.counters.sendFailures++;
    }
    return sent;
  }

  // ---- timers -----------------------------------------------------------------------------------

  private void rearm(long now) {
    if (closed) {
      return;
    }
    long deadline = Math.min(tx.nextDeadline(), keepaliveAt);
    if (deadline == UdxSender.NONE || (wake != null && wakeAt <= deadline)) {
      return;
    }
    if (wake != null) {
      wake.cancel();
    }
    wakeAt = deadline;
    wake = loop.schedule(Math.max(0, deadline - now), this::onWake);
  }

  private void onWake() {
    wake = null;
    wakeAt = UdxSender.NONE;
    if (closed) {
      return;
    }
    long now = loop.nowMillis();
    if (keepaliveAt <= now) {
      keepaliveAt = keepaliveMillis == 0 ? UdxSender.NONE : now + keepaliveMillis;
      if (tx.inFlight.isEmpty() && canSend()) {
        sendControl(UdxHeader.HEARTBEAT);
      }
    }
    if (!tx.onTimers(now)) {
      // the 7th timeout of one packet: libudx gives up here too
      udx.counters.timeouts++;
      closeWith(new UdxException(UdxException.ETIMEDOUT, "no acknowledgement after "
          + (UdxSender.MAX_RTO_FIRINGS + 1) + " retransmission timeouts"));
      return;
    }
    flush(now);
  }

  // ---- closing ----------------------------------------------------------------------------------

  private void destroy(Throwable cause) {
    if (closed) {
      return;
    }
    if (socket != null && relayTarget == null) {
      sendControl(UdxHeader.DESTROY);
    }
    closeWith(cause);
  }

  private void closeWith(Throwable cause) {
    if (closed) {
      return;
    }
    closed = true;
    if (wake != null) {
      wake.cancel();
      wake = null;
    }
    udx.remove(this);
    tx.release();
    rx.clear();
    if (relayedFrom != null) {
      for (UdxStream from : relayedFrom.toArray(new UdxStream[0])) {
        from.destroy(null);
      }
    }
    if (handler != null) {
      handler.onClose(cause);
    }
  }

  private void setRemote(UdxSocket socket, int remoteId, InetSocketAddress remote) {
    this.socket = Objects.requireNonNull(socket, "socket");
    this.remote = Objects.requireNonNull(remote, "remote");
    this.remoteId = remoteId;
  }

  private static boolean ipv6(UdxSocket socket, InetSocketAddress remote) {
    return socket.ipv6() || remote.getAddress() instanceof Inet6Address;
  }

  // ---- for tests and metrics --------------------------------------------------------------------

  int mtu() {
    return tx.mtu.mtu();
  }

  long bufferedBytes() {
    return rx.bufferedBytes();
  }

  int heldOutOfOrder() {
    return rx.heldPackets();
  }
}
