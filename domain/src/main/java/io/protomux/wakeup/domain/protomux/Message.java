package io.protomux.wakeup.domain.protomux;

import static io.protomux.wakeup.domain.encoding.Codecs.UINT;

import io.protomux.wakeup.domain.encoding.Codec;
import io.protomux.wakeup.domain.encoding.State;

/**
 * One message type of a channel: its number (the order in which it was added), its codec and its
 * receiver. Sending encodes into an array the mux reuses (the stream
 * copies or encrypts it before returning), or inside a cork into one exact-size array.
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
    channel.mux().checkLoop();
    if (channel.isClosed()) {
      return false;
    }
    Protomux mux = channel.mux();
    if (mux.isCorked()) {
      // Inside a cork the channel id goes in the batch header, not in each message, and the
      // batch keeps the array until it is sent.
      State state = new State();
      UINT.preencodeLong(state, type);
      codec.preencode(state, value);
      state.allocate();
      UINT.encodeLong(state, type);
      codec.encode(state, value);
      mux.pushBatch(channel.localId(), state.buffer());
      return true;
    }
    State shared = mux.takeSendState();
    State state = shared != null ? shared : new State();
    try {
      UINT.preencodeLong(state, channel.localId());
      UINT.preencodeLong(state, type);
      codec.preencode(state, value);
      int length = state.end();
      if (shared != null) {
        state.allocateInto(mux.sendBuffer(length));
      } else {
        state.allocate();
      }
      UINT.encodeLong(state, channel.localId());
      UINT.encodeLong(state, type);
      codec.encode(state, value);
      return shared != null ? mux.writeSent(state, length) : mux.write(state.buffer());
    } finally {
      if (shared != null) {
        mux.releaseSendState();
      }
    }
  }

  void receive(State state) {
    handler.onMessage(codec.decode(state), channel);
  }
}
