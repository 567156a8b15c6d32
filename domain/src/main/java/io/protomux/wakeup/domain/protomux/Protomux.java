package io.protomux.wakeup.domain.protomux;

import static io.protomux.wakeup.domain.encoding.Codecs.OPTIONAL_BUFFER;
import static io.protomux.wakeup.domain.encoding.Codecs.STRING;
import static io.protomux.wakeup.domain.encoding.Codecs.UINT;

import io.protomux.wakeup.domain.Limit;
import io.protomux.wakeup.domain.LoopConfinement;
import io.protomux.wakeup.domain.encoding.State;
import io.protomux.wakeup.domain.stream.NoiseSecretStream;
import io.protomux.wakeup.ports.loop.Scheduler;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Protomux 3.x over one {@link FramedStream}: channels keyed by (protocol, id), paired with the
 * remote's, each carrying numbered message types; control messages open, reject and close them.
 *
 * <p>Feed it the stream's events ({@link #receive}, {@link #onStreamDrain}, {@link
 * #onStreamEnd}, {@link #onStreamClose}); it writes frames back to the stream. Confined to one
 * event loop, whose {@link Scheduler} defers what the reference defers to the next tick (a
 * channel created for a remote open reports itself open only after the creating code has
 * returned, so it can send its own open first).
 *
 * <p>A protocol violation by the remote destroys the stream with a {@link ProtomuxException}; so
 * does a message that fails to decode, as in the reference. So does going over one of the {@link
 * ProtomuxOptions}, with a {@link ProtomuxLimitException} naming the limit.
 */
public final class Protomux {
  /** Bytes of messages held for unpaired channels above which reading pauses (the reference's). */
  public static final int MAX_BUFFERED = 32 * 1024;

  /** How deep batches may nest inside batches (the reference never nests them). */
  static final int MAX_BATCH_DEPTH = 16;

  private final FramedStream stream;
  private final Scheduler scheduler;
  private final ProtomuxOptions options;
  // See sendState(): reused by every message sent outside a batch.
  private static final int SEND_BUFFER_LIMIT_BYTES = 4096;
  private final State sendState = new State();
  private boolean sendStateInUse;
  private byte[] sendBuffer = new byte[64];
  private final List<Channel<?>> local = new ArrayList<>();
  private final ArrayDeque<Integer> freeLocalIndexes = new ArrayDeque<>();
  // The remote's channels by id. A map, not the reference's array: a remote that opens channel
  // after channel under ever higher ids would otherwise grow it by one slot each time, forever.
  private final Map<Integer, RemoteSlot> remote = new HashMap<>();
  // The highest remote id seen: the next new one may be one more (the reference's array length).
  private int remoteIdCeiling;
  private int pendingOpens;
  private final Map<String, ChannelInfo> infos = new HashMap<>();
  private final Map<String, PairHandler> pairHandlers = new HashMap<>();
  private int corked;
  private int batchDepth;
  private Batch batch;
  private int buffered;
  private boolean paused;
  private boolean destroying;
  private boolean drained = true;
  private Object userData;

  /**
   * A mux with the {@linkplain ProtomuxOptions#DEFAULTS default limits}.
   *
   * @param stream where frames go
   * @param scheduler the stream's event loop, for next-tick work
   */
  public Protomux(FramedStream stream, Scheduler scheduler) {
    this(stream, scheduler, ProtomuxOptions.DEFAULTS);
  }

  /**
   * @param stream where frames go
   * @param scheduler the stream's event loop, for next-tick work
   * @param options what the remote may make this mux hold
   */
  public Protomux(FramedStream stream, Scheduler scheduler, ProtomuxOptions options) {
    this.stream = stream;
    this.scheduler = scheduler;
    this.options = Objects.requireNonNull(options, "options");
  }

  /**
   * The mux of a secret stream: the one already attached to it, or a new one with the {@linkplain
   * ProtomuxOptions#DEFAULTS default limits} that takes over the stream's events (the reference's
   * {@code Protomux.from}). Call on the stream's loop.
   */
  public static Protomux from(NoiseSecretStream stream) {
    return from(stream, ProtomuxOptions.DEFAULTS);
  }

  /**
   * {@link #from(NoiseSecretStream)} with these limits for a new
   * mux; a mux already attached keeps its own.
   */
  public static Protomux from(
      NoiseSecretStream stream, ProtomuxOptions options) {
    if (stream.userData() instanceof Protomux existing) {
      return existing;
    }
    return SecretStreamFrames.attach(stream, options);
  }

  /** Refuses a caller off the mux's loop (for the channels' and messages' public methods). */
  void checkLoop() {
    LoopConfinement.check(scheduler, "Protomux");
  }

  /** The limits of this mux. */
  public ProtomuxOptions options() {
    return options;
  }

  /** The stream underneath. */
  public FramedStream stream() {
    return stream;
  }

  /** A slot for the layer above (the reference keeps the mux in the stream's userData). */
  public Object userData() {
    return userData;
  }

  /** Sets {@link #userData()}. */
  public void setUserData(Object userData) {
    this.userData = userData;
  }

  /** Whether the last write went out without congestion. */
  public boolean isDrained() {
    return drained;
  }

  /** Whether no local channel is open. */
  public boolean isIdle() {
    return local.size() == freeLocalIndexes.size();
  }

  /** The local channels that are open or opening. */
  public List<Channel<?>> channels() {
    List<Channel<?>> open = new ArrayList<>();
    for (Channel<?> channel : local) {
      if (channel != null) {
        open.add(channel);
      }
    }
    return open;
  }

  /**
   * Creates a channel. If the remote has already opened a matching one, the new channel pairs
   * with it and reports open on the next tick.
   *
   * @return the channel, or null if the stream is closed, or {@code unique} is set and a channel
   *     with the same key is open
   */
  public <H> Channel<H> createChannel(ChannelOptions<H> options) {
    LoopConfinement.check(scheduler, "Protomux");
    if (stream.isClosed() || destroying) {
      return null;
    }
    ChannelInfo info = info(options.protocol, options.id, options.aliases);
    if (options.unique && info.opened > 0) {
      return null;
    }
    if (!info.hasIncoming()) {
      return new Channel<>(this, info, options);
    }
    int remoteId = info.pollIncoming();
    RemoteSlot slot = remote.get(remoteId);
    if (slot == null) {
      return null;
    }
    Channel<H> channel = new Channel<>(this, info, options);
    channel.setRemoteId(remoteId);
    slot.session = channel;
    if (slot.awaiting) {
      slot.awaiting = false;
      pendingOpens--;
    }
    scheduler.schedule(0, () -> fullyOpenOrDestroy(channel));
    return channel;
  }

  /**
   * Registers the handler told about remote opens of {@code protocol} with {@code id}; a null id
   * registers for any id (a handler for the exact id wins).
   */
  public void pair(String protocol, byte[] id, PairHandler handler) {
    LoopConfinement.check(scheduler, "Protomux");
    pairHandlers.put(ChannelInfo.key(protocol, id), handler);
  }

  /** Removes a {@link #pair} registration. */
  public void unpair(String protocol, byte[] id) {
    LoopConfinement.check(scheduler, "Protomux");
    pairHandlers.remove(ChannelInfo.key(protocol, id));
  }

  /** Whether a local channel with this key is open or opening. */
  public boolean opened(String protocol, byte[] id) {
    ChannelInfo info = infos.get(ChannelInfo.key(protocol, id));
    return info != null && info.opened > 0;
  }

  /** The channel with this key most recently opened, if still open. */
  public Channel<?> getLastChannel(String protocol, byte[] id) {
    ChannelInfo info = infos.get(ChannelInfo.key(protocol, id));
    return info == null ? null : info.lastChannel;
  }

  /** Starts (or nests) batching: messages are gathered into one frame until uncorked. */
  public void cork() {
    LoopConfinement.check(scheduler, "Protomux");
    if (++corked == 1) {
      batch = new Batch();
    }
  }

  /** Ends one {@link #cork()}; the outermost sends the batch. */
  public void uncork() {
    LoopConfinement.check(scheduler, "Protomux");
    if (corked == 0) {
      throw new IllegalStateException("uncork without cork");
    }
    if (--corked == 0) {
      Batch done = batch;
      batch = null;
      sendBatch(done);
    }
  }

  /**
   * Destroys the stream (and with it every channel).
   *
   * @param cause the reason, or null
   */
  public void destroy(Throwable cause) {
    LoopConfinement.check(scheduler, "Protomux");
    destroying = true;
    stream.destroy(cause);
  }

  /** Feeds one frame that arrived on the stream. The mux keeps a reference to the array. */
  public void receive(byte[] frame) {
    if (frame.length == 0 || destroying) {
      return;
    }
    try {
      State state = State.wrap(frame);
      decode(readId(state, "channel id"), state);
    } catch (RuntimeException e) {
      destroy(e);
    }
  }

  /** The stream drained: tell every channel. */
  public void onStreamDrain() {
    drained = true;
    for (Channel<?> channel : channels()) {
      channel.drained();
    }
  }

  /** The remote ended its side: end ours, as the reference does (no half-open mode). */
  public void onStreamEnd() {
    stream.end();
  }

  /** The stream closed: every channel closes as closed by the remote. */
  public void onStreamClose() {
    destroying = true;
    for (Channel<?> channel : channels()) {
      channel.closeLocally(true);
    }
  }

  boolean isCorked() {
    return batch != null;
  }

  boolean isDestroying() {
    return destroying;
  }

  boolean write(byte[] frame) {
    drained = stream.write(frame);
    return drained;
  }

  /** Sends the first {@code length} bytes of the shared send state's array, which is reused. */
  boolean writeSent(State state, int length) {
    drained = stream.write(state.buffer(), 0, length);
    return drained;
  }

  /**
   * The mux's reset state for encoding one message frame, or null while it is in use (a send
   * made from inside another one's write, as a stream that delivers synchronously may cause):
   * {@link Message#send} encodes into it and into {@link #sendBuffer(int)}, and {@link #writeSent}
   * hands the bytes on, so a message costs no frame array of its own (the stream copies or
   * encrypts the bytes before returning). Give it back with {@link #releaseSendState()}.
   */
  State takeSendState() {
    if (sendStateInUse) {
      return null;
    }
    sendStateInUse = true;
    return sendState;
  }

  void releaseSendState() {
    sendState.reset();
    sendStateInUse = false;
  }

  /** An array of at least {@code length} bytes: the reused one, or a new one for a big frame. */
  byte[] sendBuffer(int length) {
    if (length > SEND_BUFFER_LIMIT_BYTES) {
      return new byte[length];
    }
    if (sendBuffer.length < length) {
      sendBuffer = new byte[Math.max(length, Math.min(SEND_BUFFER_LIMIT_BYTES, 2 * sendBuffer.length))];
    }
    return sendBuffer;
  }

  /** Control frames start with channel 0; inside a batch that byte is implied. */
  void writeControl(byte[] frame) {
    if (batch != null) {
      pushBatch(0, Arrays.copyOfRange(frame, 1, frame.length));
      return;
    }
    write(frame);
  }

  void pushBatch(int localId, byte[] message) {
    if (batch.isFull()) {
      sendBatch(batch);
      batch = new Batch();
    }
    batch.add(localId, message);
  }

  int allocateLocalId(Channel<?> channel) {
    int index;
    if (freeLocalIndexes.isEmpty()) {
      index = local.size();
      local.add(channel);
    } else {
      index = freeLocalIndexes.pop();
      local.set(index, channel);
    }
    return index + 1;
  }

  void releaseIds(Channel<?> channel) {
    int localId = channel.localId();
    if (channel.remoteId() > 0) {
      clearRemote(channel.remoteId());
      // The remote knows both ids, so the local one can be reused at once; otherwise it is freed
      // when the remote's open or reject for it arrives.
      if (localId > 0) {
        freeLocalIndexes.push(localId - 1);
      }
    }
    if (localId > 0) {
      local.set(localId - 1, null);
    }
  }

  RemoteSlot remoteSlot(int remoteId) {
    return remote.get(remoteId);
  }

  /** How many remote channels hold a slot here (open, or waiting for a local channel). */
  int remoteSlots() {
    return remote.size();
  }

  private void clearRemote(int remoteId) {
    RemoteSlot old = remote.remove(remoteId);
    if (old != null && old.awaiting) {
      old.awaiting = false;
      pendingOpens--;
    }
  }

  void forgetIfUnused(ChannelInfo info) {
    if (info.isUnused()) {
      infos.remove(info.key);
      for (String alias : info.aliasKeys) {
        infos.remove(alias);
      }
    }
  }

  void drainPending(Channel<?> channel, RemoteSlot slot) {
    for (RemoteSlot.Pending p : slot.pending) {
      buffered -= p.weight();
      channel.receive(p.type(), State.wrap(p.bytes()));
      if (destroying) {
        return;
      }
    }
    slot.pending = null;
    resumeIfBelowLimit();
  }

  private void fullyOpenOrDestroy(Channel<?> channel) {
    try {
      channel.fullyOpen();
    } catch (RuntimeException e) {
      destroy(e);
    }
  }

  private void decode(int remoteId, State state) {
    int type = readId(state, "message type");
    if (remoteId == 0) {
      onControl(type, state);
      return;
    }
    RemoteSlot slot = remote.get(remoteId);
    if (slot == null) {
      return; // a message for a channel already closed here: may have crossed our close
    }
    if (slot.pending != null) {
      int weight = RemoteSlot.Pending.weight(state.remaining());
      if ((long) buffered + weight > options.maxBufferedBytes()) {
        throw new ProtomuxLimitException(
            Limit.BUFFERED_BYTES,
            "too much buffered for unpaired channels: over maxBufferedBytes="
                + options.maxBufferedBytes());
      }
      slot.pending.add(
          new RemoteSlot.Pending(
              type, Arrays.copyOfRange(state.buffer(), state.start(), state.end())));
      buffered += weight;
      pauseIfAboveLimit();
      return;
    }
    slot.session.receive(type, state);
  }

  private void onControl(int type, State state) {
    switch (type) {
      case ControlType.BATCH -> onBatch(state);
      case ControlType.OPEN -> onOpen(state);
      case ControlType.REJECT -> onReject(state);
      case ControlType.CLOSE -> onClose(state);
      default -> {
        // Unknown control types are ignored, leaving room for later protocol versions.
      }
    }
  }

  private void onBatch(State state) {
    // A batch may hold a batch (the reference decodes it by recursion, though it never sends one);
    // without a bound, one frame of nested batch headers would overflow the stack.
    if (batchDepth == MAX_BATCH_DEPTH) {
      throw new ProtomuxException("invalid batch: nested more than " + MAX_BATCH_DEPTH + " deep");
    }
    int end = state.end();
    int channelId = readId(state, "batch channel id");
    boolean corkedHere = false;
    batchDepth++;
    try {
      while (state.end() > state.start()) {
        long length = UINT.decodeLong(state);
        if (length == 0) {
          channelId = readId(state, "batch channel id");
          continue;
        }
        int itemEnd = (int) Math.min(state.start() + length, end);
        if (itemEnd != end && !corkedHere) {
          // Several messages: batch our replies to them as well.
          corkedHere = true;
          cork();
        }
        State item = State.wrap(state.buffer(), state.start(), itemEnd);
        decode(channelId, item);
        if (destroying) {
          return;
        }
        state = State.wrap(state.buffer(), itemEnd, end);
      }
    } finally {
      batchDepth--;
      if (corkedHere && !destroying) {
        uncork();
      }
    }
  }

  private void onOpen(State state) {
    int remoteId = readId(state, "open channel id");
    String protocol = STRING.decode(state);
    byte[] id = OPTIONAL_BUFFER.decode(state);
    if (remoteId == 0) {
      // The remote tried to open the control channel: refuse it, as the reference means to.
      sendReject(0);
      return;
    }
    // The remote may grow its ids by one at a time.
    if (remoteId > remoteIdCeiling + 1 || remote.containsKey(remoteId)) {
      throw new ProtomuxException(
          "invalid open message: remote channel id " + remoteId + " is in use or skips ahead");
    }
    remoteIdCeiling = Math.max(remoteIdCeiling, remoteId);
    ChannelInfo info = info(protocol, id, List.of());
    if (info.hasOutgoing()) {
      int localId = info.pollOutgoing();
      Channel<?> channel = local.get(localId - 1);
      if (channel == null) {
        freeLocalIndexes.push(localId - 1); // we closed it before the remote's open arrived
        return;
      }
      checkChannelLimit();
      remote.put(remoteId, RemoteSlot.paired(state));
      channel.setRemoteId(remoteId);
      channel.fullyOpen();
      return;
    }
    checkChannelLimit();
    if (pendingOpens >= options.maxPendingOpens()) {
      throw new ProtomuxLimitException(
          Limit.PENDING_OPENS,
          "too many pending opens: more than maxPendingOpens="
              + options.maxPendingOpens()
              + " remote opens wait for a local channel");
    }
    remote.put(remoteId, RemoteSlot.awaitingLocal(state));
    pendingOpens++;
    info.pairing++;
    info.addIncoming(remoteId);
    requestChannel(protocol, id, info);
  }

  private void checkChannelLimit() {
    if (remote.size() >= options.maxChannels()) {
      throw new ProtomuxLimitException(
          Limit.CHANNELS,
          "too many channels: the remote opened more than maxChannels="
              + options.maxChannels()
              + " on this connection");
    }
  }

  private void requestChannel(String protocol, byte[] id, ChannelInfo info) {
    PairHandler handler = pairHandlers.get(ChannelInfo.key(protocol, id));
    if (handler == null) {
      handler = pairHandlers.get(ChannelInfo.key(protocol, null));
    }
    if (handler == null) {
      rejectUnclaimed(info);
      return;
    }
    handler.onPair(id == null ? null : id.clone());
    // The reference awaits the handler, so opens it leaves unclaimed are refused a tick later.
    scheduler.schedule(
        0,
        () -> {
          if (!destroying) {
            rejectUnclaimed(info);
          }
        });
  }

  private void rejectUnclaimed(ChannelInfo info) {
    if (--info.pairing > 0) {
      return;
    }
    while (info.hasIncoming()) {
      int remoteId = info.pollIncoming();
      RemoteSlot slot = remote.get(remoteId);
      if (slot != null) {
        buffered -= slot.pendingWeight();
      }
      clearRemote(remoteId);
      resumeIfBelowLimit();
      sendReject(remoteId);
    }
    forgetIfUnused(info);
  }

  private void sendReject(int remoteId) {
    State state = new State();
    state.add(2);
    UINT.preencodeLong(state, remoteId);
    state.allocate();
    state.writeByte(0);
    state.writeByte(ControlType.REJECT);
    UINT.encodeLong(state, remoteId);
    writeControl(state.buffer());
  }

  private void onReject(State state) {
    int localId = readId(state, "reject channel id");
    Channel<?> channel = localId >= 1 && localId <= local.size() ? local.get(localId - 1) : null;
    // The opening channel's own info holds its id; only a channel closed meanwhile needs the
    // reference's search through every info (a local id waits in one info at most).
    ChannelInfo owner = null;
    if (channel != null && channel.info().removeOutgoing(localId)) {
      owner = channel.info();
    } else {
      for (ChannelInfo info : infos.values()) {
        if (info.removeOutgoing(localId)) {
          owner = info;
          break;
        }
      }
    }
    if (owner == null) {
      throw new ProtomuxException("invalid reject message: no channel " + localId + " is opening");
    }
    freeLocalIndexes.push(localId - 1);
    if (channel != null) {
      channel.closeLocally(true);
    }
    forgetIfUnused(owner);
  }

  private void onClose(State state) {
    int remoteId = readId(state, "close channel id");
    if (remoteId == 0) {
      return;
    }
    RemoteSlot slot = remote.get(remoteId);
    if (slot != null && slot.session != null) {
      slot.session.closeLocally(true);
    }
  }

  private ChannelInfo info(String protocol, byte[] id, List<String> aliases) {
    String key = ChannelInfo.key(protocol, id);
    ChannelInfo info = infos.get(key);
    if (info != null) {
      return info;
    }
    info = new ChannelInfo(key, protocol, id);
    infos.put(key, info);
    if (!aliases.isEmpty()) {
      info.aliasKeys = new ArrayList<>(aliases.size());
    }
    for (String alias : aliases) {
      String aliasKey = ChannelInfo.key(alias, id);
      info.aliasKeys.add(aliasKey);
      infos.put(aliasKey, info);
    }
    return info;
  }

  private void sendBatch(Batch done) {
    if (!done.isEmpty()) {
      write(done.encode());
    }
  }

  private void pauseIfAboveLimit() {
    if (!paused && buffered > MAX_BUFFERED) {
      paused = true;
      stream.pause();
    }
  }

  private void resumeIfBelowLimit() {
    if (paused && buffered <= MAX_BUFFERED) {
      paused = false;
      stream.resume();
    }
  }

  /** Channel ids and types are uints on the wire; anything past an int is a protocol error. */
  private static int readId(State state, String what) {
    long value = UINT.decodeLong(state);
    if (value > Integer.MAX_VALUE) {
      throw new ProtomuxException(what + " out of range: " + value);
    }
    return (int) value;
  }
}
