package io.protomux.wakeup.domain.wakeup;

import io.protomux.wakeup.domain.Key32;
import io.protomux.wakeup.domain.LoopConfinement;
import io.protomux.wakeup.domain.encoding.Codec;
import io.protomux.wakeup.domain.protomux.Channel;
import io.protomux.wakeup.domain.protomux.ChannelOptions;
import io.protomux.wakeup.domain.protomux.Message;
import io.protomux.wakeup.domain.protomux.MessageHandler;
import io.protomux.wakeup.domain.protomux.Protomux;
import io.protomux.wakeup.domain.stream.NoiseSecretStream;
import io.protomux.wakeup.domain.wakeup.messages.Announce;
import io.protomux.wakeup.domain.wakeup.messages.Handshake;
import io.protomux.wakeup.domain.wakeup.messages.Info;
import io.protomux.wakeup.domain.wakeup.messages.Lookup;
import io.protomux.wakeup.domain.wakeup.messages.WakeupMessages;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One topic of a swarm: its sessions, its peers (one per stream at most) and whether it is
 * active. Loop-confined (see {@link LoopConfinement}): the application sees it through {@link
 * WakeupSwarm#topics()} and its sessions, on the swarm's loop.
 */
public final class WakeupTopic {
  private static final System.Logger LOG = System.getLogger(WakeupTopic.class.getName());

  final WakeupSwarm swarm;
  private final Key32 id;
  private final Capability capability;
  // A swarm may hold tens of thousands of topics, most with one session and a peer or two: these
  // start empty and grow one slot at a time, instead of ten (and sixteen for the map).
  final List<WakeupSession> sessions = new ArrayList<>(0);
  final List<WakeupPeer> peers = new ArrayList<>(0);
  final List<WakeupPeer> pendingPeers = new ArrayList<>(0);
  final Map<NoiseSecretStream, WakeupPeer> peersByStream = new HashMap<>(2);
  int activePeers;
  boolean isActive;
  int idleTicks;
  boolean gcing;
  boolean destroyed;

  WakeupTopic(WakeupSwarm swarm, Key32 id, Capability capability, boolean active) {
    this.swarm = swarm;
    this.id = id;
    this.capability = capability;
    this.isActive = active;
    swarm.counters.topicsAdded++;
    swarm.counters.changed();
  }

  /** The topic id: the wakeup channel id on the wire. */
  public Key32 id() {
    return id;
  }

  /** Whether any session of the topic is active. */
  public boolean isActive() {
    swarm.checkLoop();
    return isActive;
  }

  /** The sessions, in the reference's order. */
  public List<WakeupSession> sessions() {
    swarm.checkLoop();
    return List.copyOf(sessions);
  }

  /** The joined peers. */
  public List<WakeupPeer> peers() {
    swarm.checkLoop();
    return List.copyOf(peers);
  }

  /** The peers whose open has not arrived yet. */
  public List<WakeupPeer> pendingPeers() {
    swarm.checkLoop();
    return List.copyOf(pendingPeers);
  }

  WakeupSession addSession(SessionHandlers handlers, boolean active) {
    swarm.counters.sessionsOpened++;
    swarm.counters.changed();
    WakeupSession session = new WakeupSession(this, handlers, active);
    session.index = sessions.size();
    sessions.add(session);
    bumpActivity();
    checkGc();
    return session;
  }

  void removeSession(WakeupSession session) {
    if (sessions.size() <= session.index || sessions.get(session.index) != session) {
      return;
    }
    swarm.counters.sessionsClosed++;
    swarm.counters.changed();
    WakeupSession head = sessions.remove(sessions.size() - 1);
    if (head != session) {
      head.index = session.index;
      sessions.set(head.index, head);
    }
    bumpActivity();
    checkGc();
  }

  void bumpActivity() {
    boolean anyActive = false;
    for (int i = sessions.size() - 1; i >= 0; i--) {
      if (sessions.get(i).isActive) {
        anyActive = true;
        break;
      }
    }
    if (anyActive && !isActive) {
      idleTicks = 0;
      isActive = true;
      updateActive(true);
    } else if (!anyActive && isActive) {
      isActive = false;
      updateActive(false);
    }
  }

  private void updateActive(boolean active) {
    Info info = new Info(active);
    for (WakeupPeer peer : List.copyOf(pendingPeers)) {
      swarm.counters.wireInfoTx++;
      swarm.counters.changed();
      peer.wireInfo.send(info);
    }
    for (WakeupPeer peer : List.copyOf(peers)) {
      swarm.counters.wireInfoTx++;
      swarm.counters.changed();
      peer.wireInfo.send(info);
    }
    checkGc();
    if (active) {
      swarm.onTopicActive(this);
    }
  }

  void teardown() {
    if (destroyed) {
      return;
    }
    destroyed = true;
    swarm.counters.topicsGcd++;
    swarm.counters.changed();
    for (int i = peers.size() - 1; i >= 0; i--) {
      if (i < peers.size()) {
        peers.get(i).channel.close();
      }
    }
    for (int i = pendingPeers.size() - 1; i >= 0; i--) {
      if (i < pendingPeers.size()) {
        pendingPeers.get(i).channel.close();
      }
    }
    gcing = false;
    swarm.forgetTopic(this);
    for (int i = sessions.size() - 1; i >= 0; i--) {
      swarm.counters.sessionsClosed++;
      swarm.counters.changed();
      WakeupSession session = sessions.get(i);
      swarm.safely(() -> session.handlers.onDestroy(session));
    }
  }

  void addStream(NoiseSecretStream stream) {
    // The capability proof needs the handshake hash, so a stream still shaking hands waits.
    swarm.watch(stream);
    stream.whenOpen(() -> open(stream, false));
  }

  /**
   * Opens this topic's channel on a stream.
   *
   * @param unique true when the stream is known to have no peer on this topic yet
   */
  void open(NoiseSecretStream stream, boolean unique) {
    if (!unique && peersByStream.containsKey(stream)) {
      return;
    }
    Protomux mux = swarm.mux(stream);
    WakeupPeer peer = new WakeupPeer(this, stream);
    Channel<Handshake> channel =
        mux.createChannel(swarm.wakeupChannel.forChannel(id.bytes(), peer));
    if (channel == null) {
      return;
    }
    swarm.counters.peersAdded++;
    swarm.counters.changed();
    peer.channel = channel;
    @SuppressWarnings("unchecked")
    var lookup = (Message<Lookup>) channel.messages().get(0);
    @SuppressWarnings("unchecked")
    var announce = (Message<Announce>) channel.messages().get(1);
    @SuppressWarnings("unchecked")
    var info = (Message<Info>) channel.messages().get(2);
    peer.wireLookup = lookup;
    peer.wireAnnounce = announce;
    peer.wireInfo = info;
    peer.index = pendingPeers.size();
    pendingPeers.add(peer);
    peersByStream.put(stream, peer);
    channel.open(
        new Handshake(
            WakeupMessages.VERSION,
            Key32.of(proof(stream.isInitiator(), stream.handshakeHash())),
            isActive));
  }

  // The channel callbacks find their peer in the channel's userData (as the reference's do), so
  // these serve every channel: no closures per peer.
  private static final MessageHandler<Lookup> ON_LOOKUP =
      (request, ch) -> peerOf(ch).topic.onLookup(request, peerOf(ch));
  private static final MessageHandler<Announce> ON_ANNOUNCE =
      (announce, ch) -> peerOf(ch).topic.onAnnounce(announce, peerOf(ch));
  private static final MessageHandler<Info> ON_INFO =
      (info, ch) -> peerOf(ch).topic.onInfo(info, peerOf(ch));
  private static final ChannelOptions.OnOpen<Handshake> ON_OPEN =
      (handshake, ch) -> peerOf(ch).topic.addPeer(peerOf(ch), handshake);
  private static final ChannelOptions.OnClose<Handshake> ON_CLOSE =
      (isRemote, ch) -> peerOf(ch).topic.removePeer(peerOf(ch));

  private static WakeupPeer peerOf(Channel<?> channel) {
    return (WakeupPeer) channel.userData();
  }

  /**
   * The wakeup channel's options, the same for every topic and stream but for the id and the peer
   * (see {@link ChannelOptions#forChannel}); the announce codec carries the swarm's limit.
   */
  static ChannelOptions<Handshake> wakeupChannel(
      Codec<Announce> announceCodec) {
    return ChannelOptions.<Handshake>builder(WakeupMessages.PROTOCOL)
        .handshake(WakeupMessages.HANDSHAKE)
        .message(WakeupMessages.LOOKUP, ON_LOOKUP)
        .message(announceCodec, ON_ANNOUNCE)
        .message(WakeupMessages.INFO, ON_INFO)
        .onOpen(ON_OPEN)
        .onClose(ON_CLOSE)
        .build();
  }

  private byte[] proof(boolean initiatorRole, byte[] handshakeHash) {
    return swarm.capabilityProof(initiatorRole, capability, handshakeHash);
  }

  private void addPeer(WakeupPeer peer, Handshake open) {
    byte[] expected = proof(!peer.stream.isInitiator(), peer.stream.handshakeHash());
    if (!MessageDigest.isEqual(expected, open.capability().bytes())) {
      // Same topic id, wrong capability (or a proof made for another stream): not a peer.
      swarm.counters.proofMismatches++;
      swarm.counters.changed();
      LOG.log(
          System.Logger.Level.INFO,
          "capability proof mismatch on topic {0} from {1}: the channel is closed",
          id.toHex(),
          peer.stream.connection().remoteDescription());
      peer.channel.close();
      return;
    }
    if (peer.pending) {
      peer.unlink(pendingPeers);
    }
    peer.active = open.active();
    peer.pending = false;
    peer.index = peers.size();
    peers.add(peer);
    if (peer.active) {
      activePeers++;
      checkGc();
    }
    for (int i = sessions.size() - 1; i >= 0; i--) {
      if (i >= sessions.size()) {
        continue;
      }
      WakeupSession session = sessions.get(i);
      swarm.safely(() -> session.handlers.onPeerAdd(peer, session));
      if (peer.active) {
        swarm.safely(() -> session.handlers.onPeerActive(peer, session));
      }
    }
  }

  private void removePeer(WakeupPeer peer) {
    swarm.counters.peersRemoved++;
    swarm.counters.changed();
    peer.removed = true;
    peersByStream.remove(peer.stream);
    swarm.onPeerRemoved(peer);
    if (peer.pending) {
      peer.unlink(pendingPeers);
      return;
    }
    boolean wasActive = peer.active;
    if (wasActive) {
      peer.active = false;
      activePeers--;
      checkGc();
    }
    peer.unlink(peers);
    for (int i = sessions.size() - 1; i >= 0; i--) {
      if (i >= sessions.size()) {
        continue;
      }
      WakeupSession session = sessions.get(i);
      if (wasActive) {
        swarm.safely(() -> session.handlers.onPeerInactive(peer, session));
      }
      swarm.safely(() -> session.handlers.onPeerRemove(peer, session));
    }
  }

  // The two per-message handlers catch failures themselves rather than through swarm.safely: no
  // lambda per message and session.
  private void onLookup(Lookup request, WakeupPeer peer) {
    swarm.counters.wireLookupRx++;
    swarm.counters.changed();
    for (int i = sessions.size() - 1; i >= 0; i--) {
      if (i < sessions.size()) {
        WakeupSession session = sessions.get(i);
        try {
          session.handlers.onLookup(request, peer, session);
        } catch (RuntimeException e) {
          swarm.handlerFailed(e);
        }
      }
    }
  }

  private void onAnnounce(Announce announce, WakeupPeer peer) {
    swarm.counters.wireAnnounceRx++;
    swarm.counters.changed();
    for (int i = sessions.size() - 1; i >= 0; i--) {
      if (i < sessions.size()) {
        WakeupSession session = sessions.get(i);
        try {
          session.handlers.onAnnounce(announce.wakeups(), peer, session);
        } catch (RuntimeException e) {
          swarm.handlerFailed(e);
        }
      }
    }
  }

  private void onInfo(Info info, WakeupPeer peer) {
    swarm.counters.wireInfoRx++;
    swarm.counters.changed();
    if (info.active() == peer.active) {
      return;
    }
    peer.active = info.active();
    activePeers += info.active() ? 1 : -1;
    checkGc();
    for (int i = sessions.size() - 1; i >= 0; i--) {
      if (i >= sessions.size()) {
        continue;
      }
      WakeupSession session = sessions.get(i);
      if (info.active()) {
        swarm.safely(() -> session.handlers.onPeerActive(peer, session));
      } else {
        swarm.safely(() -> session.handlers.onPeerInactive(peer, session));
      }
    }
  }

  void checkGc() {
    boolean shouldGc = activePeers == 0 && sessions.isEmpty();
    if (shouldGc && !gcing) {
      gcing = true;
      swarm.addGc(this);
    } else if (!shouldGc && gcing) {
      gcing = false;
      swarm.removeGc(this);
    }
  }

  @Override
  public String toString() {
    return "WakeupTopic[" + id.toHex() + ", active=" + isActive + "]";
  }
}
