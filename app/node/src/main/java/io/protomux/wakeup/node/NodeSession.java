package io.protomux.wakeup.node;

import io.protomux.wakeup.domain.Key32;
import io.protomux.wakeup.domain.stream.NoiseSecretStream;
import io.protomux.wakeup.domain.wakeup.Capability;
import io.protomux.wakeup.domain.wakeup.SessionHandlers;
import io.protomux.wakeup.domain.wakeup.SessionOptions;
import io.protomux.wakeup.domain.wakeup.WakeupPeer;
import io.protomux.wakeup.domain.wakeup.WakeupSession;
import io.protomux.wakeup.domain.wakeup.messages.Lookup;
import io.protomux.wakeup.domain.wakeup.messages.Wakeup;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * One session of a {@link WakeupNode}: a topic this node takes part in, with its handlers and
 * whether it is active. Every method may be called from any thread and returns at once: on the
 * loop it concerns it runs there and then, from elsewhere it is queued to that loop. Calls from
 * one thread take effect in the order made. A node with several loops holds one session per loop
 * behind this one; peers are those of all of them.
 */
public final class NodeSession {
  private final WakeupNode node;
  private final Key32 topic;
  private final NodeHandlers handlers;
  // Per shard, in the node's shard order; each is read and written on its shard's loop only.
  private final WakeupSession[] sessions;
  // Null: handlers run inline on the loop (InlineBridge), the common and hot case.
  private final SerialExecutor serial;
  private final AtomicInteger destroyedShards = new AtomicInteger();

  NodeSession(
      WakeupNode node,
      Key32 topic,
      NodeHandlers handlers,
      Executor handlerExecutor,
      Consumer<Throwable> errorHandler) {
    this.node = node;
    this.topic = topic;
    this.handlers = Objects.requireNonNull(handlers, "handlers");
    this.sessions = new WakeupSession[node.shards().size()];
    this.serial =
        handlerExecutor == null ? null : new SerialExecutor(handlerExecutor, errorHandler);
  }

  /** Creates the per-loop sessions, each on its loop (inline for the caller's own loop). */
  void open(Capability capability, SessionOptions options) {
    SessionHandlers bridge = serial == null ? new InlineBridge() : new QueuedBridge();
    for (Shard shard : node.shards()) {
      shard.run(() -> sessions[shard.index()] = shard.swarm().session(capability, bridge, options));
    }
  }

  /** The topic id (discovery key). */
  public Key32 topic() {
    return topic;
  }

  /** The node this session belongs to. */
  public WakeupNode node() {
    return node;
  }

  /** The joined peers of every loop, as they are once the call reaches each loop. */
  public CompletableFuture<List<WakeupPeer>> peers() {
    List<CompletableFuture<List<WakeupPeer>>> parts = new ArrayList<>();
    for (Shard shard : node.shards()) {
      parts.add(shard.query(() -> sessionOn(shard).peers()));
    }
    return CompletableFuture.allOf(parts.toArray(CompletableFuture[]::new))
        .thenApply(
            done -> {
              List<WakeupPeer> all = new ArrayList<>();
              parts.forEach(part -> all.addAll(part.join()));
              return List.copyOf(all);
            });
  }

  /** Asks one peer for wakeups ({@code request} null: a lookup without a hash). */
  public void lookup(WakeupPeer peer, Lookup request) {
    Shard shard = node.shardOf(peer.stream());
    shard.run(() -> sessionOn(shard).lookup(peer, request));
  }

  /** Asks every peer of the topic, pending ones included, for wakeups. */
  public void broadcastLookup(Lookup request) {
    for (Shard shard : node.shards()) {
      shard.run(() -> sessionOn(shard).broadcastLookup(request));
    }
  }

  /** Tells one peer which logs have new data. */
  public void announce(WakeupPeer peer, List<Wakeup> wakeups) {
    List<Wakeup> copy = List.copyOf(wakeups);
    Shard shard = node.shardOf(peer.stream());
    shard.run(() -> sessionOn(shard).announce(peer, copy));
  }

  /** Marks this session active; the topic tells its peers if that changes its state. */
  public void active() {
    for (Shard shard : node.shards()) {
      shard.run(() -> sessionOn(shard).active());
    }
  }

  /** Marks this session inactive; the topic tells its peers if that changes its state. */
  public void inactive() {
    for (Shard shard : node.shards()) {
      shard.run(() -> sessionOn(shard).inactive());
    }
  }

  /**
   * Opens the topic on a stream of this node, e.g. the one {@link
   * io.protomux.wakeup.domain.wakeup.OnWakeup} was told about, which accepts the remote's open.
   */
  public void addStream(NoiseSecretStream stream) {
    Shard shard = node.shardOf(stream);
    shard.run(() -> sessionOn(shard).addStream(stream));
  }

  /** Leaves the topic; a topic left without sessions or active peers is collected later. */
  public void destroy() {
    node.forget(this);
    for (Shard shard : node.shards()) {
      shard.run(() -> sessionOn(shard).destroy());
    }
  }

  private WakeupSession sessionOn(Shard shard) {
    return sessions[shard.index()];
  }

  @Override
  public String toString() {
    return "NodeSession[topic=" + topic.toHex() + "]";
  }

  /** Whether the last loop's topic is gone, so the host hears one onDestroy for all of them. */
  private boolean lastShardDestroyed() {
    return destroyedShards.incrementAndGet() == sessions.length;
  }

  /** Calls the host's handlers from the domain's callbacks, on the loop, with no task per event. */
  private final class InlineBridge implements SessionHandlers {
    private final NodeSession session = NodeSession.this;

    @Override
    public void onPeerAdd(WakeupPeer peer, WakeupSession unused) {
      handlers.onPeerAdd(peer, session);
    }

    @Override
    public void onPeerRemove(WakeupPeer peer, WakeupSession unused) {
      handlers.onPeerRemove(peer, session);
    }

    @Override
    public void onPeerActive(WakeupPeer peer, WakeupSession unused) {
      handlers.onPeerActive(peer, session);
    }

    @Override
    public void onPeerInactive(WakeupPeer peer, WakeupSession unused) {
      handlers.onPeerInactive(peer, session);
    }

    @Override
    public void onAnnounce(List<Wakeup> wakeups, WakeupPeer peer, WakeupSession unused) {
      handlers.onAnnounce(wakeups, peer, session);
    }

    @Override
    public void onLookup(Lookup request, WakeupPeer peer, WakeupSession unused) {
      handlers.onLookup(request, peer, session);
    }

    @Override
    public void onDestroy(WakeupSession unused) {
      if (lastShardDestroyed()) {
        handlers.onDestroy(session);
      }
    }
  }

  /** Hands the domain's callbacks to the handler executor, in order for this session. */
  private final class QueuedBridge implements SessionHandlers {
    private final NodeSession session = NodeSession.this;

    @Override
    public void onPeerAdd(WakeupPeer peer, WakeupSession unused) {
      serial.execute(() -> handlers.onPeerAdd(peer, session));
    }

    @Override
    public void onPeerRemove(WakeupPeer peer, WakeupSession unused) {
      serial.execute(() -> handlers.onPeerRemove(peer, session));
    }

    @Override
    public void onPeerActive(WakeupPeer peer, WakeupSession unused) {
      serial.execute(() -> handlers.onPeerActive(peer, session));
    }

    @Override
    public void onPeerInactive(WakeupPeer peer, WakeupSession unused) {
      serial.execute(() -> handlers.onPeerInactive(peer, session));
    }

    @Override
    public void onAnnounce(List<Wakeup> wakeups, WakeupPeer peer, WakeupSession unused) {
      serial.execute(() -> handlers.onAnnounce(wakeups, peer, session));
    }

    @Override
    public void onLookup(Lookup request, WakeupPeer peer, WakeupSession unused) {
      serial.execute(() -> handlers.onLookup(request, peer, session));
    }

    @Override
    public void onDestroy(WakeupSession unused) {
      if (lastShardDestroyed()) {
        serial.execute(() -> handlers.onDestroy(session));
      }
    }
  }
}
