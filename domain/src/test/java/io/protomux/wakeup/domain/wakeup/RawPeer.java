package io.protomux.wakeup.domain.wakeup;

import io.protomux.wakeup.domain.Key32;
import io.protomux.wakeup.domain.encoding.ByteSlice;
import io.protomux.wakeup.domain.encoding.Codecs;
import io.protomux.wakeup.domain.protomux.Channel;
import io.protomux.wakeup.domain.protomux.ChannelOptions;
import io.protomux.wakeup.domain.protomux.Message;
import io.protomux.wakeup.domain.protomux.Protomux;
import io.protomux.wakeup.domain.protomux.ProtomuxOptions;
import io.protomux.wakeup.domain.stream.NoiseSecretStream;
import io.protomux.wakeup.domain.wakeup.messages.Handshake;
import io.protomux.wakeup.domain.wakeup.messages.WakeupMessages;
import java.util.ArrayList;
import java.util.List;

/**
 * A hostile peer that speaks Protomux directly on its own secret stream, without a swarm: it can
 * open the wakeup channel of any topic with any handshake, and send anything on it.
 */
final class RawPeer {
  final NoiseSecretStream stream;
  final Protomux mux;
  /** The handshakes the other side opened its wakeup channels with. */
  final List<Handshake> received = new ArrayList<>();
  /** Channels of ours the other side closed or rejected. */
  final List<Channel<Handshake>> closedByRemote = new ArrayList<>();

  RawPeer(NoiseSecretStream stream) {
    this.stream = stream;
    this.mux = Protomux.from(stream, ProtomuxOptions.UNLIMITED);
  }

  /** A handshake with a made-up proof: what a peer without the capability can send. */
  static Handshake forged(boolean active) {
    return new Handshake(WakeupMessages.VERSION, Key32.of(new byte[32]), active);
  }

  /** Answers every wakeup open of the remote with a channel of our own, opened with {@code hs}. */
  void answerOpens(Handshake hs) {
    mux.pair(WakeupMessages.PROTOCOL, null, id -> open(Key32.of(id), hs));
  }

  /** Opens the wakeup channel of {@code topic} with {@code handshake}. */
  Channel<Handshake> open(Key32 topic, Handshake handshake) {
    Channel<Handshake> channel =
        mux.createChannel(
            ChannelOptions.<Handshake>builder(WakeupMessages.PROTOCOL)
                .id(topic.bytes())
                .handshake(WakeupMessages.HANDSHAKE)
                .message(Codecs.RAW_VIEW, (m, ch) -> {})
                .message(Codecs.RAW_VIEW, (m, ch) -> {})
                .message(Codecs.RAW_VIEW, (m, ch) -> {})
                .onOpen((hs, ch) -> received.add(hs))
                .onClose(
                    (remote, ch) -> {
                      if (remote) {
                        closedByRemote.add(ch);
                      }
                    })
                .build());
    if (channel != null) {
      channel.open(handshake);
    }
    return channel;
  }

  /** Sends raw bytes as message {@code type} (0 lookup, 1 announce, 2 info) on a channel. */
  @SuppressWarnings("unchecked")
  static void send(Channel<?> channel, int type, byte[] bytes) {
    ((Message<ByteSlice>) channel.messages().get(type)).send(ByteSlice.wrap(bytes));
  }
}
