package io.protomux.wakeup.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.protomux.wakeup.domain.Key32;
import io.protomux.wakeup.domain.encoding.ByteSlice;
import io.protomux.wakeup.domain.encoding.Codecs;
import io.protomux.wakeup.domain.encoding.EncodingException;
import io.protomux.wakeup.domain.protomux.Channel;
import io.protomux.wakeup.domain.protomux.ChannelOptions;
import io.protomux.wakeup.domain.protomux.FramedStream;
import io.protomux.wakeup.domain.protomux.Message;
import io.protomux.wakeup.domain.protomux.Protomux;
import io.protomux.wakeup.domain.protomux.ProtomuxException;
import io.protomux.wakeup.domain.wakeup.messages.Handshake;
import io.protomux.wakeup.domain.wakeup.messages.Lookup;
import io.protomux.wakeup.domain.wakeup.messages.WakeupMessages;
import io.protomux.wakeup.ports.loop.Cancellable;
import io.protomux.wakeup.ports.loop.Scheduler;
import io.protomux.wakeup.testvectors.Vectors;
import java.io.ByteArrayOutputStream;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * Fuzz target 3, Protomux frame receive (batches included): frames from the input are fed to a
 * {@link Protomux} over a fake {@link FramedStream} that honours pause and resume, with pair
 * handlers that accept channels of protocol {@code wakeup} (the wakeup messages) and {@code p}
 * (raw, uint and string messages) under any id; other protocols are rejected. Channel callbacks
 * react the way an application would: they send on open, close a channel from inside a message
 * handler, open more channels.
 *
 * <p>The only allowed outcome of bad input is the stream destroyed with a {@link
 * ProtomuxException} or an {@link EncodingException}: no other exception may escape {@code
 * receive} or a scheduled task, and no other cause may reach the stream. The scheduler refuses to
 * run more than {@value #MAX_TASKS} tasks (a hang), and frames stay queued while the mux has paused
 * the stream (bounded buffering). Afterwards a destroyed stream must have closed every channel.
 *
 * <p>Input: byte 0 sets up local channels before any frame (bit 0: open {@code wakeup} with the
 * vector's topic as id; bit 1: open {@code other}, which the remote side never pairs; bit 2: open
 * {@code p}); then records of {@code op (1 byte) || length (uint16 LE) || frame}, the last one
 * possibly cut short. Op bits: 0, run the pending next-tick tasks before delivering; 1, afterwards
 * close the newest open local channel; 2, afterwards send one message on every open channel; 3,
 * cork those sends; 4, afterwards open another local {@code p} channel.
 */
class ProtomuxFrameFuzzTest {
  static final int SETUP_WAKEUP = 1;
  static final int SETUP_OTHER = 2;
  static final int SETUP_PLAIN = 4;

  static final int OP_RUN_TASKS = 1;
  static final int OP_CLOSE_NEWEST = 2;
  static final int OP_SEND = 4;
  static final int OP_CORK = 8;
  static final int OP_OPEN_PLAIN = 16;

  static final int MAX_TASKS = 10_000;

  /** The channel id of the wakeup channel in {@code protomux-frames.json}. */
  static final byte[] TOPIC = Vectors.hex(Vectors.load("protomux-frames.json").at("/scenario/events/0/paired"));

  private static final Handshake LOCAL_HANDSHAKE = new Handshake(0, Key32.of(new byte[32]), true);

  @FuzzTest
  void receiveFrames(byte[] input) {
    new Run().play(input);
  }

  /** One record of the input format. */
  record Step(int op, byte[] frame) {}

  /** Builds an input in this target's format (for the seed generator). */
  static byte[] input(int setup, List<Step> steps) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(setup);
    for (Step step : steps) {
      out.write(step.op());
      out.write(step.frame().length & 0xff);
      out.write(step.frame().length >>> 8);
      out.writeBytes(step.frame());
    }
    return out.toByteArray();
  }

  private static final class Run implements FramedStream, Scheduler {
    private final ArrayDeque<Runnable> tasks = new ArrayDeque<>();
    private final ArrayDeque<byte[]> held = new ArrayDeque<>();
    private final List<Channel<?>> created = new ArrayList<>();
    private final Protomux mux = new Protomux(this, this);
    private boolean paused;
    private boolean closed;
    private Throwable cause;
    private int tasksRun;

    void play(byte[] input) {
      mux.pair(WakeupMessages.PROTOCOL, null, this::openWakeup);
      mux.pair("p", null, id -> openPlain("p", id));
      int setup = input.length > 0 ? input[0] : 0;
      if ((setup & SETUP_WAKEUP) != 0) {
        openWakeup(TOPIC);
      }
      if ((setup & SETUP_OTHER) != 0) {
        openPlain("other", null);
      }
      if ((setup & SETUP_PLAIN) != 0) {
        openPlain("p", null);
      }
      int at = 1;
      while (at < input.length) {
        int op = input[at++];
        int length = 0;
        if (at < input.length) {
          length |= input[at++] & 0xff;
        }
        if (at < input.length) {
          length |= (input[at++] & 0xff) << 8;
        }
        length = Math.min(length, input.length - at);
        byte[] frame = java.util.Arrays.copyOfRange(input, at, at + length);
        at += length;
        step(op, frame);
      }
      runTasks();
      flushHeld();
      runTasks();
      check();
    }

    private void step(int op, byte[] frame) {
      if ((op & OP_RUN_TASKS) != 0) {
        runTasks();
      }
      flushHeld();
      if (paused) {
        held.add(frame);
      } else {
        mux.receive(frame);
      }
      if ((op & OP_CLOSE_NEWEST) != 0) {
        for (int i = created.size() - 1; i >= 0; i--) {
          if (!created.get(i).isClosed()) {
            created.get(i).close();
            break;
          }
        }
      }
      if ((op & OP_SEND) != 0) {
        boolean cork = (op & OP_CORK) != 0 && !closed;
        if (cork) {
          mux.cork();
        }
        for (Channel<?> channel : new ArrayList<>(created)) {
          sendOn(channel, frame);
        }
        if (cork) {
          mux.uncork();
        }
      }
      if ((op & OP_OPEN_PLAIN) != 0) {
        openPlain("p", null);
      }
    }

    private void flushHeld() {
      while (!paused && !closed && !held.isEmpty()) {
        mux.receive(held.poll());
      }
    }

    private void runTasks() {
      while (!tasks.isEmpty()) {
        if (++tasksRun > MAX_TASKS) {
          throw new AssertionError("Protomux keeps scheduling tasks: " + tasksRun + " so far");
        }
        tasks.poll().run();
      }
    }

    private void check() {
      if (cause != null
          && !(cause instanceof ProtomuxException)
          && !(cause instanceof EncodingException)) {
        throw new AssertionError("stream destroyed with an unexpected cause", cause);
      }
      if (closed) {
        if (!mux.channels().isEmpty()) {
          throw new AssertionError("stream closed but channels remain: " + mux.channels().size());
        }
        for (Channel<?> channel : created) {
          if (!channel.isClosed() || !channel.isDestroyed()) {
            throw new AssertionError("stream closed but a channel did not close");
          }
        }
      } else {
        for (Channel<?> channel : created) {
          if (!channel.isClosed() && !mux.channels().contains(channel)) {
            throw new AssertionError("an open channel is missing from the mux");
          }
        }
      }
    }

    private void openWakeup(byte[] id) {
      Channel<Handshake> channel =
          mux.createChannel(
              ChannelOptions.<Handshake>builder(WakeupMessages.PROTOCOL)
                  .id(id)
                  .handshake(WakeupMessages.HANDSHAKE)
                  .message(WakeupMessages.LOOKUP, (lookup, ch) -> {})
                  .message(WakeupMessages.ANNOUNCE, (announce, ch) -> {})
                  .message(
                      WakeupMessages.INFO,
                      (info, ch) -> {
                        if (!info.active()) {
                          ch.close();
                        }
                      })
                  .onOpen((handshake, ch) -> sendOn(ch, new byte[0]))
                  .build());
      if (channel != null) {
        created.add(channel);
        channel.open(LOCAL_HANDSHAKE);
      }
    }

    private void openPlain(String protocol, byte[] id) {
      Channel<byte[]> channel =
          mux.createChannel(
              ChannelOptions.<byte[]>builder(protocol)
                  .id(id)
                  .handshake(Codecs.BUFFER)
                  .message(Codecs.RAW_VIEW, this::onRaw)
                  .message(Codecs.UINT, (value, ch) -> {})
                  .message(Codecs.STRING, (value, ch) -> {})
                  .onOpen((handshake, ch) -> sendOn(ch, handshake))
                  .build());
      if (channel != null) {
        created.add(channel);
        channel.open(id == null ? new byte[0] : id);
      }
    }

    /** 0xff first closes the channel; 0xfe first answers on it; 0xfd first opens another. */
    private void onRaw(ByteSlice data, Channel<?> channel) {
      if (data.isEmpty()) {
        return;
      }
      switch (data.get(0) & 0xff) {
        case 0xff -> channel.close();
        case 0xfe -> sendOn(channel, data.toByteArray());
        case 0xfd -> openPlain("p", null);
        default -> {}
      }
    }

    @SuppressWarnings("unchecked")
    private static void sendOn(Channel<?> channel, byte[] payload) {
      if (channel.isClosed()) {
        return;
      }
      if (WakeupMessages.PROTOCOL.equals(channel.protocol())) {
        ((Message<Lookup>) channel.messages().get(0)).send(Lookup.withoutHash());
      } else {
        ((Message<ByteSlice>) channel.messages().get(0)).send(ByteSlice.wrap(payload));
      }
    }

    // FramedStream

    @Override
    public boolean write(byte[] frame) {
      return !closed;
    }

    @Override
    public void pause() {
      paused = true;
    }

    @Override
    public void resume() {
      paused = false;
    }

    @Override
    public void end() {
      destroy(null);
    }

    @Override
    public void destroy(Throwable cause) {
      if (closed) {
        return;
      }
      closed = true;
      this.cause = cause;
      mux.onStreamClose();
    }

    @Override
    public boolean isClosed() {
      return closed;
    }

    // Scheduler: next-tick tasks, run when the input says or at the end

    @Override
    public long nowMillis() {
      return 0;
    }

    @Override
    public Cancellable schedule(long delayMillis, Runnable task) {
      boolean[] cancelled = {false};
      tasks.add(
          () -> {
            if (!cancelled[0]) {
              task.run();
            }
          });
      return () -> cancelled[0] = true;
    }
  }
}
