package io.protomux.wakeup.domain.protomux;

import static io.protomux.wakeup.domain.encoding.Codecs.OPTIONAL_BUFFER;
import static io.protomux.wakeup.domain.encoding.Codecs.STRING;
import static io.protomux.wakeup.domain.encoding.Codecs.UINT;

import io.protomux.wakeup.domain.encoding.Codec;
import io.protomux.wakeup.domain.encoding.State;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * One channel of a {@link Protomux}: opened by {@link #open}, paired with the remote's channel of
 * the same protocol and id, carrying numbered message types, until either side closes it.
 * Confined to the mux's event loop.
 *
 * @param <H> the handshake value type
 */
public final class Channel<H> {
  private final Protomux mux;
  private final ChannelInfo info;
  private final ChannelOptions<H> options;
  private final List<Message<?>> messages;
  private H remoteHandshake;
  private boolean opened;
  private boolean closed;
  private boolean destroyed;
  private int localId;
  private int remoteId;

  Channel(Protomux mux, ChannelInfo info, ChannelOptions<H> options) {
    this.mux = mux;
    this.info = info;
    this.options = options;
    this.messages = new ArrayList<>(options.messages.size());
    for (ChannelOptions.MessageSpec<?> spec : options.messages) {
      addSpec(spec);
    }
  }

  /** The protocol name. */
  public String protocol() {
    return options.protocol;
  }

  /** A copy of the channel id, or null. */
  public byte[] id() {
    return options.id == null ? null : options.id.clone();
  }

  /** The application value given at creation. */
  public Object userData() {
    return options.userData;
  }

  /** The remote's handshake, once opened (null before, or without a handshake codec). */
  public H handshake() {
    return remoteHandshake;
  }

  /** The message types, in type-number order. */
  public List<Message<?>> messages() {
    return Collections.unmodifiableList(messages);
  }

  /** Whether both sides have opened and it has not closed. */
  public boolean isOpened() {
    return opened && !closed;
  }

  /** Whether it has closed (locally, remotely, rejected, or with the stream). */
  public boolean isClosed() {
    return closed;
  }

  /** Whether it is closed and its destroy callback has run. */
  public boolean isDestroyed() {
    return destroyed;
  }

  /** The mux this channel belongs to. */
  public Protomux mux() {
    return mux;
  }

  /** Adds the next message type; its number is the count of those added before it. */
  public <T> Message<T> addMessage(Codec<T> codec, MessageHandler<T> handler) {
    Message<T> message = new Message<>(this, messages.size(), codec, handler);
    messages.add(message);
    return message;
  }

  /** Batches what is sent until the matching {@link #uncork()} (for the whole mux). */
  public void cork() {
    mux.cork();
  }

  /** Ends a {@link #cork()}; the last uncork sends the batch. */
  public void uncork() {
    mux.uncork();
  }

  /**
   * Sends the open message carrying this side's handshake value.
   *
   * @throws IllegalStateException if already opened or closed
   */
  public void open(H handshake) {
    mux.checkLoop();
    if (localId != 0 || closed) {
      throw new IllegalStateException("channel already opened or closed");
    }
    localId = mux.allocateLocalId(this);
    info.opened++;
    info.lastChannel = this;
    if (remoteId == 0) {
      info.addOutgoing(localId);
    }
    State state = new State();
    state.add(2);
    UINT.preencodeLong(state, localId);
    STRING.preencode(state, options.protocol);
    OPTIONAL_BUFFER.preencode(state, options.id);
    if (options.handshake != null) {
      options.handshake.preencode(state, handshake);
    }
    state.allocate();
    state.writeByte(0);
    state.writeByte(ControlType.OPEN);
    UINT.encodeLong(state, localId);
    STRING.encode(state, options.protocol);
    OPTIONAL_BUFFER.encode(state, options.id);
    if (options.handshake != null) {
      options.handshake.encode(state, handshake);
    }
    mux.writeControl(state.buffer());
  }

  /** Closes the channel and tells the remote; does nothing if already closed. */
  public void close() {
    mux.checkLoop();
    if (closed) {
      return;
    }
    State state = new State();
    state.add(2);
    UINT.preencodeLong(state, localId);
    state.allocate();
    state.writeByte(0);
    state.writeByte(ControlType.CLOSE);
    UINT.encodeLong(state, localId);
    closeLocally(false);
    mux.writeControl(state.buffer());
  }

  int localId() {
    return localId;
  }

  int remoteId() {
    return remoteId;
  }

  void setRemoteId(int remoteId) {
    this.remoteId = remoteId;
  }

  ChannelInfo info() {
    return info;
  }

  /** The remote's open arrived (or was waiting): decode its handshake and deliver what queued. */
  void fullyOpen() {
    // Unlike the reference, a channel whose stream died before this tick does not report open:
    // no close would ever follow that open.
    if (opened || closed || mux.isDestroying()) {
      return;
    }
    RemoteSlot remote = mux.remoteSlot(remoteId);
    remoteHandshake = options.handshake == null ? null : options.handshake.decode(remote.handshake);
    options.onOpen.onOpen(remoteHandshake, this);
    remote.session = this;
    remote.handshake = null;
    if (remote.pending != null) {
      mux.drainPending(this, remote);
    }
    if (mux.isDestroying()) {
      return;
    }
    opened = true;
  }

  void receive(int type, State state) {
    if (type < messages.size()) {
      messages.get(type).receive(state);
    }
  }

  void closeLocally(boolean isRemote) {
    if (closed) {
      return;
    }
    closed = true;
    info.opened--;
    if (info.lastChannel == this) {
      info.lastChannel = null;
    }
    mux.releaseIds(this);
    localId = 0;
    remoteId = 0;
    mux.forgetIfUnused(info);
    options.onClose.onClose(isRemote, this);
    destroyed = true;
    options.onDestroy.on(this);
  }

  void drained() {
    options.onDrain.on(this);
  }

  private <T> void addSpec(ChannelOptions.MessageSpec<T> spec) {
    addMessage(spec.codec(), spec.handler());
  }
}
