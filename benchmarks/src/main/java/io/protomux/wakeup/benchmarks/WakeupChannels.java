package io.protomux.wakeup.benchmarks;

import io.protomux.wakeup.domain.Key32;
import io.protomux.wakeup.domain.protomux.Channel;
import io.protomux.wakeup.domain.protomux.ChannelOptions;
import io.protomux.wakeup.domain.protomux.FramedStream;
import io.protomux.wakeup.domain.protomux.Message;
import io.protomux.wakeup.domain.protomux.MessageHandler;
import io.protomux.wakeup.domain.protomux.Protomux;
import io.protomux.wakeup.domain.wakeup.messages.Announce;
import io.protomux.wakeup.domain.wakeup.messages.Handshake;
import io.protomux.wakeup.domain.wakeup.messages.Info;
import io.protomux.wakeup.domain.wakeup.messages.Lookup;
import io.protomux.wakeup.domain.wakeup.messages.Wakeup;
import io.protomux.wakeup.domain.wakeup.messages.WakeupMessages;
import java.util.ArrayList;
import java.util.List;

/** Wakeup channels as protomux-wakeup lays them out, opened on muxes of the benchmarks. */
final class WakeupChannels {
  static final Key32 TOPIC = Key32.fromHex("11".repeat(32));
  static final Handshake HANDSHAKE = new Handshake(0, Key32.fromHex("22".repeat(32)), true);

  private WakeupChannels() {}

  /** An announce of {@code count} wakeups of distinct keys. */
  static Announce announce(int count) {
    List<Wakeup> wakeups = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      byte[] key = new byte[32];
      key[0] = (byte) i;
      key[31] = (byte) 0xab;
      wakeups.add(new Wakeup(Key32.of(key), 1000L + i));
    }
    return new Announce(wakeups);
  }

  /** The wakeup channel on {@code mux}, sent open, with {@code onAnnounce} for its announces. */
  static Channel<Handshake> open(Protomux mux, MessageHandler<Announce> onAnnounce) {
    Channel<Handshake> channel =
        mux.createChannel(
            ChannelOptions.<Handshake>builder(WakeupMessages.PROTOCOL)
                .id(TOPIC.bytes())
                .handshake(WakeupMessages.HANDSHAKE)
                .message(WakeupMessages.LOOKUP, (Lookup value, Channel<?> ch) -> {})
                .message(WakeupMessages.ANNOUNCE, onAnnounce)
                .message(WakeupMessages.INFO, (Info value, Channel<?> ch) -> {})
                .build());
    channel.open(HANDSHAKE);
    return channel;
  }

  @SuppressWarnings("unchecked")
  static Message<Announce> announceMessage(Channel<Handshake> channel) {
    return (Message<Announce>) channel.messages().get(1);
  }

  /** Two muxes whose wakeup channels have paired, and the streams they write to. */
  static final class Pair {
    final Frames.Captured localFrames = new Frames.Captured();
    final Frames.Captured remoteFrames = new Frames.Captured();
    final Frames.Ticks ticks = new Frames.Ticks();
    final Protomux local;
    final Protomux remote;
    final Channel<Handshake> localChannel;
    final Channel<Handshake> remoteChannel;

    Pair(MessageHandler<Announce> onLocalAnnounce) {
      this(onLocalAnnounce, null);
    }

    /** @param remoteStream where the remote mux writes once paired (null: a captured queue) */
    Pair(MessageHandler<Announce> onLocalAnnounce, FramedStream remoteStream) {
      local = new Protomux(localFrames, ticks);
      remote = new Protomux(remoteStream == null ? remoteFrames : new Switch(remoteFrames, remoteStream), ticks);
      localChannel = open(local, onLocalAnnounce);
      remoteChannel = open(remote, (a, ch) -> {});
      remote.receive(localFrames.written.poll());
      local.receive(remoteFrames.written.poll());
      ticks.runAll();
      if (!localChannel.isOpened() || !remoteChannel.isOpened()) {
        throw new IllegalStateException("the benchmark's channels did not pair");
      }
      if (remoteStream != null) {
        ((Switch) remote.stream()).paired = true;
      }
    }
  }

  /** The captured stream until the channels have paired, then the benchmark's own. */
  private static final class Switch implements FramedStream {
    private final FramedStream before;
    private final FramedStream after;
    boolean paired;

    Switch(FramedStream before, FramedStream after) {
      this.before = before;
      this.after = after;
    }

    private FramedStream current() {
      return paired ? after : before;
    }

    @Override
    public boolean write(byte[] frame) {
      return current().write(frame);
    }

    @Override
    public boolean write(byte[] frame, int offset, int length) {
      return current().write(frame, offset, length);
    }

    @Override
    public void pause() {}

    @Override
    public void resume() {}

    @Override
    public void end() {}

    @Override
    public void destroy(Throwable cause) {
      current().destroy(cause);
    }

    @Override
    public boolean isClosed() {
      return false;
    }
  }
}
