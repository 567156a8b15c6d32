package io.protomux.wakeup.domain.protomux;

import static io.protomux.wakeup.domain.encoding.Codecs.UINT;

import io.protomux.wakeup.domain.encoding.Codec;
import io.protomux.wakeup.domain.encoding.State;

/**
 * One message type of a channel: its number (the order in which it was added), its codec and its
 * receiver. Sending encodes straight into one exact-size frame.
 *
 * @param <T> the message value
 */
public final class Message<T> {
  private final Channel<?> channel;
  private final int type;
  private final Codec<T> codec;
  private final MessageHandler<T> handler;

  Message(Channel<?> channel, int type, Codec<T> codec, MessageHandler<T> handler) {
    this.channel = channel;
    this.type = type;
    this.codec = codec;
    this.handler = handler;
  }

  /** The message's type number on the wire. */
  public int type() {
    return type;
  }

  /**
   * Sends a value on this message's channel.
   *
   * @return false if the channel is closed, or if the stream is congested (the message is still
   *     queued; wait for the channel's drain callback before sending more)
   */
  public boolean send(T value) {
    if (channel.isClosed()) {
      return false;
    }
    Protomux mux = channel.mux();
    // Inside a cork the channel id goes in the batch header, not in each message.
    boolean batched = mux.isCorked();
    State state = new State();
    if (!batched) {
      UINT.preencodeLong(state, channel.localId());
    }
    UINT.preencodeLong(state, type);
    codec.preencode(state, value);
    state.allocate();
    if (!batched) {
      UINT.encodeLong(state, channel.localId());
    }
    UINT.encodeLong(state, type);
    codec.encode(state, value);
    if (batched) {
      mux.pushBatch(channel.localId(), state.buffer());
      return true;
    }
    return mux.write(state.buffer());
  }

  void receive(State state) {
    handler.onMessage(codec.decode(state), channel);
  }
}
