package io.protomux.wakeup.domain.protomux;

import io.protomux.wakeup.domain.encoding.Codec;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * How to create a channel: the reference's {@code createChannel} options, as a builder.
 *
 * @param <H> the type of the handshake value exchanged in the open messages
 */
public final class ChannelOptions<H> {
  /** Called once both sides have opened; {@code handshake} is the remote's (null without a codec). */
  @FunctionalInterface
  public interface OnOpen<H> {
    /** @param handshake the remote's decoded handshake */
    void onOpen(H handshake, Channel<H> channel);
  }

  /** Called once when the channel closes. */
  @FunctionalInterface
  public interface OnClose<H> {
    /** @param isRemote whether the remote closed or rejected it (or the stream went away) */
    void onClose(boolean isRemote, Channel<H> channel);
  }

  /** Called for a channel-level event without arguments (destroy, drain). */
  @FunctionalInterface
  public interface OnEvent<H> {
    /** @param channel the channel concerned */
    void on(Channel<H> channel);
  }

  record MessageSpec<T>(Codec<T> codec, MessageHandler<T> handler) {}

  final String protocol;
  final byte[] id;
  final List<String> aliases;
  final boolean unique;
  final Codec<H> handshake;
  final List<MessageSpec<?>> messages;
  final Object userData;
  final OnOpen<H> onOpen;
  final OnClose<H> onClose;
  final OnEvent<H> onDestroy;
  final OnEvent<H> onDrain;

  private ChannelOptions(ChannelOptions<H> shared, byte[] id, Object userData) {
    this.protocol = shared.protocol;
    this.id = id == null ? null : id.clone();
    this.aliases = shared.aliases;
    this.unique = shared.unique;
    this.handshake = shared.handshake;
    this.messages = shared.messages;
    this.userData = userData;
    this.onOpen = shared.onOpen;
    this.onClose = shared.onClose;
    this.onDestroy = shared.onDestroy;
    this.onDrain = shared.onDrain;
  }

  /**
   * These options with another channel id and user data, sharing everything else (the message
   * list, codecs and callbacks): for many channels alike, such as one per topic, without building
   * (and keeping) the same lists for each.
   *
   * @param id the channel id (copied), or null for none
   */
  public ChannelOptions<H> forChannel(byte[] id, Object userData) {
    return new ChannelOptions<>(this, id, userData);
  }

  private ChannelOptions(Builder<H> b) {
    protocol = b.protocol;
    id = b.id == null ? null : b.id.clone();
    aliases = List.copyOf(b.aliases);
    unique = b.unique;
    handshake = b.handshake;
    messages = List.copyOf(b.messages);
    userData = b.userData;
    onOpen = b.onOpen;
    onClose = b.onClose;
    onDestroy = b.onDestroy;
    onDrain = b.onDrain;
  }

  /** Starts options for a channel of {@code protocol}. */
  public static <H> Builder<H> builder(String protocol) {
    return new Builder<>(protocol);
  }

  /** Builds {@link ChannelOptions}. */
  public static final class Builder<H> {
    private final String protocol;
    private byte[] id;
    private final List<String> aliases = new ArrayList<>();
    private boolean unique = true;
    private Codec<H> handshake;
    private final List<MessageSpec<?>> messages = new ArrayList<>();
    private Object userData;
    private OnOpen<H> onOpen = (h, c) -> {};
    private OnClose<H> onClose = (r, c) -> {};
    private OnEvent<H> onDestroy = c -> {};
    private OnEvent<H> onDrain = c -> {};

    private Builder(String protocol) {
      this.protocol = Objects.requireNonNull(protocol, "protocol");
    }

    /** The channel id that, with the protocol, identifies the channel (null: none). */
    public Builder<H> id(byte[] id) {
      this.id = id;
      return this;
    }

    /** Other protocol names under which the remote may open this channel. */
    public Builder<H> aliases(List<String> aliases) {
      this.aliases.addAll(aliases);
      return this;
    }

    /** Whether creation fails (returns null) while a channel with this key is open; default true. */
    public Builder<H> unique(boolean unique) {
      this.unique = unique;
      return this;
    }

    /** The codec of the handshake value carried by the open messages. */
    public Builder<H> handshake(Codec<H> codec) {
      this.handshake = codec;
      return this;
    }

    /** Adds the next message type (numbered in the order added). */
    public <T> Builder<H> message(Codec<T> codec, MessageHandler<T> handler) {
      messages.add(new MessageSpec<>(codec, handler));
      return this;
    }

    /** An application value to find again from the channel. */
    public Builder<H> userData(Object userData) {
      this.userData = userData;
      return this;
    }

    /** See {@link OnOpen}. */
    public Builder<H> onOpen(OnOpen<H> onOpen) {
      this.onOpen = Objects.requireNonNull(onOpen);
      return this;
    }

    /** See {@link OnClose}. */
    public Builder<H> onClose(OnClose<H> onClose) {
      this.onClose = Objects.requireNonNull(onClose);
      return this;
    }

    /** Called after close, once the channel is fully done. */
    public Builder<H> onDestroy(OnEvent<H> onDestroy) {
      this.onDestroy = Objects.requireNonNull(onDestroy);
      return this;
    }

    /** Called when the stream drains after a send returned false. */
    public Builder<H> onDrain(OnEvent<H> onDrain) {
      this.onDrain = Objects.requireNonNull(onDrain);
      return this;
    }

    /** The options. */
    public ChannelOptions<H> build() {
      return new ChannelOptions<>(this);
    }
  }
}
