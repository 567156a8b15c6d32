package io.protomux.wakeup.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.protomux.wakeup.adapters.inmemory.VirtualTimeLoop;
import io.protomux.wakeup.domain.udx.Udx;
import io.protomux.wakeup.domain.udx.UdxException;
import io.protomux.wakeup.domain.udx.UdxHeader;
import io.protomux.wakeup.domain.udx.UdxSocket;
import io.protomux.wakeup.domain.udx.UdxStats;
import io.protomux.wakeup.domain.udx.UdxStream;
import io.protomux.wakeup.domain.udx.UdxStreamOptions;
import io.protomux.wakeup.domain.udx.UdxStreamProbe;
import io.protomux.wakeup.ports.datagram.DatagramHandler;
import io.protomux.wakeup.ports.datagram.DatagramSocket;
import io.protomux.wakeup.ports.loop.EventLoop;
import io.protomux.wakeup.ports.transport.ConnectionHandler;
import java.io.ByteArrayOutputStream;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Fuzz target 7, the UDX stream state machine: a connected {@link UdxStream} (the fuzzed stream)
 * on a fake socket, on a {@link VirtualTimeLoop}, receives datagrams from the input, interleaved
 * with virtual time passing and with the local application writing, sending messages, pausing and
 * resuming, ending and closing. A second stream on the same {@link Udx} instance and the same
 * socket exchanges data with a well-behaved peer (another instance, 1 ms away) all along.
 *
 * <p>Checked after every step, and at the end:
 *
 * <ul>
 *   <li>nothing reaches the loop: datagrams arrive as loop tasks, and the loop is strict (a task
 *       that throws fails the run) and has recorded no failure;
 *   <li>the fuzzed stream holds at most {@code maxWindowBytes} (out of order plus unread) and at
 *       most {@code maxOutOfOrderPackets} packets out of order, and advertises a window between 0
 *       and {@code maxWindowBytes};
 *   <li>its handler sees no data while reading is paused, none after the end or the close, at
 *       most one end and one close, and a close only with no cause (asked for, or both sides
 *       ended) or a {@link UdxException} (ETIMEDOUT, ECONNRESET);
 *   <li>every datagram the instance sends towards the attacker is UDX for the attacker's stream id,
 *       and everything towards the peer is for the peer's stream: one stream's packets never leave
 *       through another;
 *   <li>the second stream stays open, its bytes arrive unaltered and in order both ways, and at
 *       the end all of them have arrived and an orderly end closes both sides without a cause;
 *   <li>the instance's stream count is exactly its open streams (never more than the two created),
 *       every datagram received is counted as a socket message or a stream packet, and no send
 *       failed (the fake socket accepts everything).
 * </ul>
 *
 * <p>A datagram that is UDX and addressed to the second stream's id is redirected to the fuzzed
 * stream: UDX has no authentication (anyone who knows a stream's id and seq can inject into it,
 * in libudx too; the secret stream above rejects such bytes), so the target checks that streams
 * are isolated from each other, not that a stream survives forgeries aimed at it.
 *
 * <p>Input: byte 0 holds options (bits 0-1: {@code maxWindowBytes} 4 MiB, 65536, 4096 or 1200;
 * bits 2-3: {@code maxOutOfOrderPackets} 4096, 256, 16 or 1; bit 4: a keep-alive every 100 ms;
 * bit 5: the fuzzed stream's own first seq is 4294967294; bit 6: it expects the peer's first seq
 * to be 4294967294; bit 7: it starts unconnected, and a firewall connects it to the first packet's
 * source, as hyperdht does). Then records of {@code op (1 byte) || length (uint16 LE) || bytes},
 * the last possibly cut short. Op bits 0-2: virtual time to let pass first ({@link #ADVANCES}: 0
 * runs nothing, so what came before stays in the same loop turn); bit 3: force the datagram to
 * reach the fuzzed stream (zero-padded to a header, magic, version and its id written in); bits
 * 4-5: what the bytes are ({@link #ARRIVE} a datagram from the attacker, {@link #WRITE} written on
 * the fuzzed stream, {@link #MESSAGE} sent as a UDX message, {@link #TOGGLE_PAUSE} pause or resume
 * reading); bit 6: then end the fuzzed stream's output; bit 7: then close it.
 */
class UdxStreamFuzzTest {
  /** The fuzzed stream's id: B's in the vectors. */
  static final int FUZZED_ID = 0x01020304;
  /** The id the fuzzed stream writes in its packets: A's in the vectors. */
  static final int ATTACKER_ID = 1001;
  static final int GOOD_ID = 0x600D0001;
  static final int PEER_ID = 0x600D0002;
  static final int WRAP_SEQ = -2; // 4294967294, as in seq-wrap.json

  static final int[] WINDOWS = {UdxHeader.DEFAULT_RWND, 65_536, 4_096, 1_200};
  static final int[] OUT_OF_ORDER = {4096, 256, 16, 1};
  static final int KEEPALIVE = 0x10;
  static final int OWN_SEQ_WRAP = 0x20;
  static final int PEER_SEQ_WRAP = 0x40;
  static final int FIREWALL_CONNECT = 0x80;

  /** Virtual milliseconds to run before a record, by op bits 0-2; -1 runs nothing. */
  static final long[] ADVANCES = {-1, 0, 1, 3, 10, 50, 250, 2000};
  static final int FORCE = 0x08;
  static final int ARRIVE = 0;
  static final int WRITE = 1;
  static final int MESSAGE = 2;
  static final int TOGGLE_PAUSE = 3;
  static final int END = 0x40;
  static final int CLOSE = 0x80;

  /** Bytes each end of the well-behaved pair writes per step. */
  static final int GOOD_CHUNK = 8;
  /** The most a UDX message carries (what a libudx receiver keeps of a datagram). */
  static final int MAX_MESSAGE = 2048 - UdxHeader.BYTES;

  static final InetSocketAddress LOCAL = new InetSocketAddress("10.0.0.1", 5001);
  static final InetSocketAddress PEER = new InetSocketAddress("10.0.0.2", 5002);
  static final InetSocketAddress ATTACKER = new InetSocketAddress("10.0.0.66", 6666);

  @FuzzTest
  void receiveDatagrams(byte[] input) {
    play(input);
  }

  /**
   * What the fuzzed stream went through in a run that passed every check.
   *
   * @param received bytes its handler got
   * @param ended whether the peer's end reached its handler
   * @param closed whether it closed
   * @param cause why it closed, or null
   * @param stats its instance's counters
   */
  record Outcome(long received, boolean ended, boolean closed, Throwable cause, UdxStats stats) {}

  /** Runs one input through every check (the fuzz target, and tests of the seeds). */
  static Outcome play(byte[] input) {
    Run run = new Run(input.length > 0 ? input[0] & 0xFF : 0);
    run.play(input);
    FuzzedEvents events = run.fuzzedEvents;
    return new Outcome(events.received, events.ended, events.closed, events.cause, run.udx.stats());
  }

  /** One record of the input format. */
  record Step(int op, byte[] bytes) {}

  /** The op byte of a record. */
  static int op(int advance, boolean force, int kind, boolean end, boolean close) {
    return (advance & 7) | (force ? FORCE : 0) | kind << 4 | (end ? END : 0) | (close ? CLOSE : 0);
  }

  /** Builds an input in this target's format (for the seed generator). */
  static byte[] input(int options, List<Step> steps) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(options);
    for (Step step : steps) {
      if (step.bytes().length > 0xFFFF) {
        throw new IllegalArgumentException("a record carries at most 65535 bytes");
      }
      out.write(step.op());
      out.write(step.bytes().length & 0xFF);
      out.write(step.bytes().length >>> 8);
      out.writeBytes(step.bytes());
    }
    return out.toByteArray();
  }

  private static final class Run {
    final VirtualTimeLoop loop = new VirtualTimeLoop();
    final Map<InetSocketAddress, FakeSocket> hosts = new HashMap<>();
    final FakeSocket local = new FakeSocket(LOCAL);
    final FakeSocket remote = new FakeSocket(PEER);
    final Udx udx = new Udx(loop, new Counter(1)::fill);
    final Udx peerUdx = new Udx(loop, new Counter(2)::fill);
    final UdxSocket socket = udx.socket(local);
    final UdxSocket peerSocket = peerUdx.socket(remote);
    final UdxStreamOptions streamOptions;
    final UdxStream fuzzed;
    final UdxStream good;
    final UdxStream peer;
    final FuzzedEvents fuzzedEvents = new FuzzedEvents();
    final GoodEvents goodEvents = new GoodEvents(0); // the peer writes pattern 0
    final GoodEvents peerEvents = new GoodEvents(1); // the second stream writes pattern 1
    long goodWritten;
    long peerWritten;
    boolean endedLocally;
    boolean closedLocally;

    Run(int options) {
      UdxStreamOptions chosen =
          UdxStreamOptions.DEFAULTS
              .withMaxWindowBytes(WINDOWS[options & 3])
              .withMaxOutOfOrderPackets(OUT_OF_ORDER[(options >> 2) & 3]);
      if ((options & KEEPALIVE) != 0) {
        chosen = chosen.withKeepaliveMillis(100);
      }
      if ((options & OWN_SEQ_WRAP) != 0) {
        chosen = chosen.withFirstSeq(WRAP_SEQ);
      }
      streamOptions = chosen;
      hosts.put(LOCAL, local);
      hosts.put(PEER, remote);
      // Not UDX or for no live stream: dht-rpc's share of the socket, ignored here.
      socket.setMessageHandler((datagram, source) -> {});
      peerSocket.setMessageHandler((datagram, source) -> {});

      fuzzed = udx.createStream(FUZZED_ID, streamOptions);
      fuzzed.setHandler(fuzzedEvents);
      fuzzed.setMessageHandler(message -> fuzzedEvents.messages++);
      int firstAck = (options & PEER_SEQ_WRAP) != 0 ? WRAP_SEQ : 0;
      if ((options & FIREWALL_CONNECT) != 0) {
        fuzzed.setFirewall(
            (stream, via, source) -> {
              if (!stream.isConnected()) {
                stream.connect(via, ATTACKER_ID, source, firstAck);
              }
              return false;
            });
      } else {
        fuzzed.connect(socket, ATTACKER_ID, ATTACKER, firstAck);
      }

      // The well-behaved pair: same instance and socket as the fuzzed stream, default options.
      good = udx.createStream(GOOD_ID, UdxStreamOptions.DEFAULTS);
      peer = peerUdx.createStream(PEER_ID, UdxStreamOptions.DEFAULTS);
      good.setHandler(goodEvents);
      peer.setHandler(peerEvents);
      good.connect(socket, PEER_ID, PEER);
      peer.connect(peerSocket, GOOD_ID, LOCAL);
    }

    void play(byte[] input) {
      int at = 1;
      while (at < input.length) {
        int op = input[at++] & 0xFF;
        int length = 0;
        if (at < input.length) {
          length |= input[at++] & 0xFF;
        }
        if (at < input.length) {
          length |= (input[at++] & 0xFF) << 8;
        }
        length = Math.min(length, input.length - at);
        byte[] bytes = Arrays.copyOfRange(input, at, at + length);
        at += length;
        step(op, bytes);
        check();
      }
      loop.runFor(2_000); // what the last records started: deliveries, timers
      check();
      finish();
    }

    private void step(int op, byte[] bytes) {
      long advance = ADVANCES[op & 7];
      if (advance >= 0) {
        loop.runFor(advance);
      }
      goodStep();
      switch ((op >> 4) & 3) {
        case ARRIVE -> arrive(bytes, (op & FORCE) != 0);
        case WRITE -> {
          // write after shutdownOutput throws, as documented: the application does not do that
          if (!endedLocally) {
            fuzzed.write(ByteBuffer.wrap(bytes));
          }
        }
        case MESSAGE -> {
          // send needs a connected, open stream and refuses more than a message carries, as
          // documented: the application respects both
          if (fuzzed.isConnected() && fuzzed.isOpen()) {
            fuzzed.send(ByteBuffer.wrap(bytes, 0, Math.min(bytes.length, MAX_MESSAGE)));
          }
        }
        default -> {
          if (fuzzedEvents.paused) {
            fuzzedEvents.paused = false;
            fuzzed.resumeReading();
          } else {
            fuzzed.pauseReading();
            fuzzedEvents.paused = true;
          }
        }
      }
      if ((op & END) != 0 && !endedLocally) {
        endedLocally = true;
        fuzzed.shutdownOutput();
      }
      if ((op & CLOSE) != 0) {
        closedLocally = true;
        fuzzed.close();
      }
    }

    private void arrive(byte[] bytes, boolean force) {
      byte[] datagram = bytes;
      if (force) {
        datagram = Arrays.copyOf(bytes, Math.max(bytes.length, UdxHeader.BYTES));
        datagram[0] = (byte) UdxHeader.MAGIC;
        datagram[1] = (byte) UdxHeader.VERSION;
        writeInt(datagram, 4, FUZZED_ID);
      } else if (UdxHeader.looksLikeUdx(datagram, 0, datagram.length)
          && readInt(datagram, 4) == GOOD_ID) {
        writeInt(datagram, 4, FUZZED_ID); // see the class comment: isolation, not forgery
      }
      byte[] arriving = datagram;
      // As a socket adapter delivers: a task of the loop, so a throw is the loop's failure.
      loop.execute(() -> local.handler.onDatagram(ByteBuffer.wrap(arriving), ATTACKER));
    }

    /** Both ends of the well-behaved pair write a chunk (their pattern, continued). */
    private void goodStep() {
      good.write(ByteBuffer.wrap(pattern(1, goodWritten, GOOD_CHUNK)));
      goodWritten += GOOD_CHUNK;
      peer.write(ByteBuffer.wrap(pattern(0, peerWritten, GOOD_CHUNK)));
      peerWritten += GOOD_CHUNK;
    }

    private void check() {
      if (!loop.failures().isEmpty()) {
        throw new AssertionError("an exception reached the loop", loop.failures().get(0));
      }
      for (String violation :
          new String[] {fuzzedEvents.violation, goodEvents.violation, peerEvents.violation,
              local.violation, remote.violation}) {
        if (violation != null) {
          throw new AssertionError(violation);
        }
      }
      checkBounds(fuzzed, streamOptions, "the fuzzed stream");
      checkBounds(good, UdxStreamOptions.DEFAULTS, "the second stream");
      if (fuzzed.isOpen() == fuzzedEvents.closed) {
        throw new AssertionError(
            "the fuzzed stream is " + (fuzzed.isOpen() ? "open" : "closed") + " but onClose "
                + (fuzzedEvents.closed ? "ran" : "did not run"));
      }
      if (fuzzedEvents.closed) {
        Throwable cause = fuzzedEvents.cause;
        if (cause != null && !(cause instanceof UdxException)) {
          throw new AssertionError("the fuzzed stream closed with an unexpected cause", cause);
        }
      }
      if (closedLocally && fuzzed.isOpen()) {
        throw new AssertionError("close() left the fuzzed stream open");
      }
      if (!good.isOpen() || goodEvents.closed || !peer.isOpen() || peerEvents.closed) {
        throw new AssertionError(
            "the second stream was closed by another stream's datagrams", goodEvents.cause);
      }
      int open = (fuzzed.isOpen() ? 1 : 0) + (good.isOpen() ? 1 : 0);
      if (udx.streamCount() != open || udx.streamCount() > 2 || peerUdx.streamCount() != 1) {
        throw new AssertionError(
            "stream count " + udx.streamCount() + " with " + open + " open of 2 created");
      }
      checkStats(udx.stats());
      checkStats(peerUdx.stats());
    }

    private static void checkBounds(UdxStream stream, UdxStreamOptions options, String which) {
      long buffered = UdxStreamProbe.bufferedBytes(stream);
      if (buffered < 0 || buffered > options.maxWindowBytes()) {
        throw new AssertionError(
            which + " buffers " + buffered + " bytes, window " + options.maxWindowBytes());
      }
      int held = UdxStreamProbe.heldOutOfOrder(stream);
      if (held < 0 || held > options.maxOutOfOrderPackets()) {
        throw new AssertionError(
            which + " holds " + held + " packets out of order, bound " + options.maxOutOfOrderPackets());
      }
      int window = stream.receiveWindow();
      if (window < 0 || window > options.maxWindowBytes()) {
        throw new AssertionError(which + " advertises a window of " + window);
      }
    }

    private static void checkStats(UdxStats stats) {
      if (stats.datagramsReceived() != stats.socketMessages() + stats.streamPackets()) {
        throw new AssertionError("datagrams received are not socket messages plus stream packets: " + stats);
      }
      if (stats.sendFailures() != 0) {
        throw new AssertionError("a send failed on a socket that accepts everything: " + stats);
      }
    }

    /** Everything written by the pair has arrived; then an orderly end closes both. */
    private void finish() {
      if (goodEvents.received != peerWritten || peerEvents.received != goodWritten) {
        throw new AssertionError(
            "the second stream's data did not all arrive: " + goodEvents.received + " of "
                + peerWritten + " in, " + peerEvents.received + " of " + goodWritten + " out");
      }
      good.shutdownOutput();
      peer.shutdownOutput();
      loop.runFor(2_000);
      if (!loop.failures().isEmpty()) {
        throw new AssertionError("an exception reached the loop", loop.failures().get(0));
      }
      if (!goodEvents.ended || !peerEvents.ended || good.isOpen() || peer.isOpen()
          || goodEvents.cause != null || peerEvents.cause != null) {
        throw new AssertionError(
            "the second stream did not end cleanly (ended " + goodEvents.ended + "/" + peerEvents.ended
                + ", open " + good.isOpen() + "/" + peer.isOpen() + ")",
            goodEvents.cause != null ? goodEvents.cause : peerEvents.cause);
      }
      if (udx.streamCount() != (fuzzed.isOpen() ? 1 : 0) || peerUdx.streamCount() != 0) {
        throw new AssertionError("closed streams left in the stream table: " + udx.streamCount());
      }
    }

    /**
     * A socket of the fake network: sends to the other fake socket arrive there 1 ms later, sends
     * anywhere else (the attacker) are only checked. Always writable, never drops.
     */
    final class FakeSocket implements DatagramSocket {
      final InetSocketAddress address;
      DatagramHandler handler;
      String violation;

      FakeSocket(InetSocketAddress address) {
        this.address = address;
      }

      @Override
      public EventLoop eventLoop() {
        return loop;
      }

      @Override
      public InetSocketAddress localAddress() {
        return address;
      }

      @Override
      public void setHandler(DatagramHandler handler) {
        this.handler = handler;
      }

      @Override
      public boolean send(ByteBuffer datagram, InetSocketAddress target) {
        byte[] copy = new byte[datagram.remaining()];
        datagram.get(copy);
        FakeSocket to = hosts.get(target);
        int expectedId = to == null ? ATTACKER_ID : to == remote ? PEER_ID : GOOD_ID;
        if (!UdxHeader.looksLikeUdx(copy, 0, copy.length) || readInt(copy, 4) != expectedId) {
          violation =
              address + " sent a datagram to " + target + " that is not UDX for stream "
                  + Integer.toUnsignedString(expectedId) + ": " + java.util.HexFormat.of().formatHex(copy);
        }
        if (to != null) {
          loop.schedule(1, () -> to.handler.onDatagram(ByteBuffer.wrap(copy), address));
        }
        return true;
      }

      @Override
      public boolean isWritable() {
        return true;
      }

      @Override
      public boolean isOpen() {
        return true;
      }

      @Override
      public void close() {}
    }
  }

  /** Deterministic stream ids: the instance draws them only for createStream(), unused here. */
  private record Counter(int seed) {
    void fill(byte[] bytes) {
      Arrays.fill(bytes, (byte) seed);
    }
  }

  /** The fuzzed stream's application: collects nothing, watches the order of events. */
  private static final class FuzzedEvents implements ConnectionHandler {
    boolean paused;
    boolean ended;
    boolean closed;
    Throwable cause;
    long received;
    int messages;
    String violation;

    @Override
    public void onData(ByteBuffer bytes) {
      if (paused) {
        violation = "data delivered while reading is paused";
      } else if (ended) {
        violation = "data delivered after the end";
      } else if (closed) {
        violation = "data delivered after close";
      }
      received += bytes.remaining();
    }

    @Override
    public void onWritable() {
      if (closed) {
        violation = "onWritable after close";
      }
    }

    @Override
    public void onEnd() {
      if (ended) {
        violation = "onEnd twice";
      } else if (closed) {
        violation = "onEnd after close";
      } else if (paused) {
        violation = "onEnd while reading is paused";
      }
      ended = true;
    }

    @Override
    public void onClose(Throwable cause) {
      if (closed) {
        violation = "onClose twice";
      }
      closed = true;
      this.cause = cause;
    }
  }

  /** One end of the well-behaved pair: checks every byte against the other end's pattern. */
  private static final class GoodEvents implements ConnectionHandler {
    final int from;
    long received;
    boolean ended;
    boolean closed;
    Throwable cause;
    String violation;

    GoodEvents(int from) {
      this.from = from;
    }

    @Override
    public void onData(ByteBuffer bytes) {
      if (ended || closed) {
        violation = "the second stream got data after its end or close";
      }
      while (bytes.hasRemaining()) {
        byte b = bytes.get();
        if (b != patternByte(from, received)) {
          violation = "the second stream's byte " + received + " was altered";
        }
        received++;
      }
    }

    @Override
    public void onWritable() {}

    @Override
    public void onEnd() {
      ended = true;
    }

    @Override
    public void onClose(Throwable cause) {
      closed = true;
      this.cause = cause;
    }
  }

  /** {@code length} bytes of direction {@code from}'s pattern, starting at stream position {@code at}. */
  static byte[] pattern(int from, long at, int length) {
    byte[] out = new byte[length];
    for (int i = 0; i < length; i++) {
      out[i] = patternByte(from, at + i);
    }
    return out;
  }

  private static byte patternByte(int from, long position) {
    return (byte) (position * 131 + (position >>> 8) + from * 77);
  }

  private static int readInt(byte[] bytes, int at) {
    return (bytes[at] & 0xFF)
        | (bytes[at + 1] & 0xFF) << 8
        | (bytes[at + 2] & 0xFF) << 16
        | (bytes[at + 3] & 0xFF) << 24;
  }

  private static void writeInt(byte[] out, int at, int value) {
    out[at] = (byte) value;
    out[at + 1] = (byte) (value >>> 8);
    out[at + 2] = (byte) (value >>> 16);
    out[at + 3] = (byte) (value >>> 24);
  }
}
