package io.protomux.wakeup.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.protomux.wakeup.adapters.bouncycastle.BouncyCastleCrypto;
import io.protomux.wakeup.adapters.inmemory.InMemoryConnection;
import io.protomux.wakeup.adapters.inmemory.InMemoryNetwork;
import io.protomux.wakeup.adapters.inmemory.Link;
import io.protomux.wakeup.adapters.inmemory.VirtualTimeLoop;
import io.protomux.wakeup.domain.noise.NoiseException;
import io.protomux.wakeup.domain.stream.FrameDecoderProbe;
import io.protomux.wakeup.domain.stream.NoiseSecretStream;
import io.protomux.wakeup.domain.stream.SecretStreamException;
import io.protomux.wakeup.domain.stream.SecretStreamHandler;
import io.protomux.wakeup.domain.stream.StreamOptions;
import io.protomux.wakeup.ports.crypto.Crypto;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Fuzz target 4, the secret-stream framer: arbitrary bytes, cut into reads at points the input
 * chooses, reach a {@link NoiseSecretStream} responder over an in-memory connection. The responder
 * uses the static and ephemeral keys of replayable handshake 0, so the vector's Noise messages
 * (and a whole recorded session, see {@link SeedCorpus}) replay against it and the fuzzer starts
 * from every phase: handshake, stream header, ciphertext.
 *
 * <p>The stream must either wait or be destroyed with a {@link SecretStreamException} (including
 * {@code FrameTooLargeException}) or a {@link NoiseException}; it may also close cleanly when the
 * connection closes between frames after the handshake. No exception may reach the event loop
 * (the loop is strict: one would fail the run), no message may arrive before the open, and the
 * frame decoder must cut the same frames however the bytes are split, none above the limit.
 *
 * <p>Input: byte 0 holds options (bits 0-1: frame limit 0xffffff, 56, 4096 or 65536 bytes; bit 2:
 * the remote ends its side after the data; bit 3: the remote closes after the data; bit 4: timers
 * on), byte 1 the number of cuts (low 5 bits), then one byte per cut, the length of the read
 * before it, and then the bytes, whose rest after the last cut is the final read.
 */
class SecretStreamFramerFuzzTest {
  static final int[] FRAME_LIMITS = {StreamOptions.WIRE_MAX_FRAME_BYTES, 56, 4096, 65_536};
  static final int END_AFTER = 4;
  static final int CLOSE_AFTER = 8;
  static final int TIMERS = 16;

  /** Draws the ephemeral key of replayable handshake 0 (seed 0x04 repeated). */
  private static final Crypto RESPONDER_CRYPTO = new BouncyCastleCrypto(ReplayableKeys.constant(4));

  @FuzzTest
  void receiveBytes(byte[] input) {
    int options = input.length > 0 ? input[0] : 0;
    int cuts = input.length > 1 ? input[1] & 0x1f : 0;
    int payloadStart = Math.min(input.length, 2 + cuts);
    byte[] payload = Arrays.copyOfRange(input, payloadStart, input.length);
    List<byte[]> reads = new ArrayList<>();
    int at = 0;
    for (int i = 2; i < payloadStart; i++) {
      int length = Math.min(input[i] & 0xff, payload.length - at);
      reads.add(Arrays.copyOfRange(payload, at, at + length));
      at += length;
    }
    reads.add(Arrays.copyOfRange(payload, at, payload.length));

    int limit = FRAME_LIMITS[options & 3];
    FrameDecoderProbe.Outcome split = FrameDecoderProbe.decode(limit, reads);
    FrameDecoderProbe.Outcome whole = FrameDecoderProbe.decode(limit, List.of(payload));
    if (!split.sameAs(whole)) {
      throw new AssertionError("the frame decoder cuts differently when the reads are split");
    }
    for (byte[] frame : whole.frames()) {
      if (frame.length > limit) {
        throw new AssertionError("a frame of " + frame.length + " bytes passed the limit of " + limit);
      }
    }

    StreamOptions streamOptions = StreamOptions.DEFAULTS.withMaxFrameBytes(limit);
    if ((options & TIMERS) != 0) {
      streamOptions =
          streamOptions
              .withHandshakeTimeoutMillis(5_000)
              .withTimeoutMillis(20_000)
              .withKeepAliveMillis(3_000);
    }
    VirtualTimeLoop loop = new VirtualTimeLoop();
    InMemoryNetwork network = new InMemoryNetwork(loop);
    Link link = network.pair();
    Events events = new Events();
    NoiseSecretStream responder =
        new NoiseSecretStream(
            RESPONDER_CRYPTO,
            false,
            ReplayableKeys.responderStatic(0),
            link.responder(),
            streamOptions,
            events);
    responder.start();
    InMemoryConnection remote = link.initiator();
    for (byte[] read : reads) {
      remote.write(ByteBuffer.wrap(read));
    }
    if ((options & END_AFTER) != 0) {
      remote.shutdownOutput();
    }
    if ((options & CLOSE_AFTER) != 0) {
      remote.close();
    }
    loop.runFor(60_000); // strict: a task that throws fails here

    if (!loop.failures().isEmpty()) {
      throw new AssertionError("exception reached the loop", loop.failures().get(0));
    }
    if (events.violation != null) {
      throw new AssertionError(events.violation);
    }
    if (responder.isClosed()) {
      Throwable cause = responder.closeCause();
      if (cause != null
          && !(cause instanceof SecretStreamException)
          && !(cause instanceof NoiseException)) {
        throw new AssertionError("stream destroyed with an unexpected cause", cause);
      }
      if (events.closes != 1) {
        throw new AssertionError("closed, but onClose ran " + events.closes + " times");
      }
    } else if (events.closes != 0) {
      throw new AssertionError("onClose ran but the stream is not closed");
    }
  }

  /** Builds an input in this target's format: {@code reads} in order, each its own read. */
  static byte[] input(int options, List<byte[]> reads) {
    if (reads.size() > 32 || reads.isEmpty()) {
      throw new IllegalArgumentException("1 to 32 reads");
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(options);
    out.write(reads.size() - 1);
    for (int i = 0; i < reads.size() - 1; i++) {
      if (reads.get(i).length > 255) {
        throw new IllegalArgumentException("a read before the last is at most 255 bytes");
      }
      out.write(reads.get(i).length);
    }
    for (byte[] read : reads) {
      out.writeBytes(read);
    }
    return out.toByteArray();
  }

  private static final class Events implements SecretStreamHandler {
    int opens;
    int closes;
    String violation;

    @Override
    public void onOpen(NoiseSecretStream stream) {
      opens++;
      if (opens > 1) {
        violation = "onOpen ran twice";
      }
    }

    @Override
    public void onMessage(byte[] message) {
      if (opens == 0) {
        violation = "a message arrived before the handshake completed";
      }
      if (closes > 0) {
        violation = "a message arrived after close";
      }
    }

    @Override
    public void onEnd() {
      if (opens == 0) {
        violation = "end before the handshake completed";
      }
    }

    @Override
    public void onClose(Throwable cause) {
      closes++;
    }
  }
}
