package io.protomux.wakeup.domain.hyperdht;

import io.protomux.wakeup.domain.dht.DhtIo;
import io.protomux.wakeup.domain.dht.DhtNode;
import io.protomux.wakeup.domain.dht.IncomingRequest;
import io.protomux.wakeup.domain.dht.PeerAddress;
import io.protomux.wakeup.domain.noise.HandshakeResult;
import io.protomux.wakeup.domain.noise.NoiseIkHandshake;
import io.protomux.wakeup.domain.stream.NoiseSecretStream;
import io.protomux.wakeup.domain.udx.UdxSocket;
import io.protomux.wakeup.domain.udx.UdxStream;
import io.protomux.wakeup.ports.crypto.KeyPair;
import io.protomux.wakeup.ports.loop.Cancellable;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.function.BiPredicate;
import java.util.function.Consumer;

/**
 * A hyperdht server ({@code lib/server.js}): listens under a key pair, announces itself through
 * the {@link Announcer}, answers Noise IK handshakes relayed to it (or sent to it directly) and
 * accepts the client's UDX stream wherever its first packet arrives from.
 *
 * <p>Identical handshakes (the client sends its first message through several relays) get the
 * same answer. A slot is kept 10 s after use, as the reference; the slots are bounded by {@link
 * HyperDhtOptions#maxServerHandshakes()}. The server does not holepunch yet: it never offers
 * holepunch relays, so a client behind a NAT dials the address the relay saw.
 */
public final class DhtServer {
  private static final long HANDSHAKE_CLEAR_WAIT_MILLIS = 10_000;
  private static final long HANDSHAKE_INITIAL_TIMEOUT_MILLIS = 10_000;

  private final HyperDht hyperDht;
  private final DhtNode dht;
  private final BiPredicate<byte[], PeerAddress> firewall;
  private final Consumer<NoiseSecretStream> onConnection;
  private final Map<String, Slot> connects = new HashMap<>();
  private final List<Slot> slots = new ArrayList<>();
  private KeyPair keyPair;
  private byte[] target;
  private Announcer announcer;
  private boolean closed;

  DhtServer(
      HyperDht hyperDht,
      BiPredicate<byte[], PeerAddress> firewall,
      Consumer<NoiseSecretStream> onConnection) {
    this.hyperDht = hyperDht;
    this.dht = hyperDht.dht();
    this.firewall = firewall == null ? (key, address) -> false : firewall;
    this.onConnection = onConnection;
  }

  /** The public key listened under, or null before {@link #listen}. */
  public byte[] publicKey() {
    return keyPair == null ? null : keyPair.publicKey();
  }

  /** Whether it is listening. */
  public boolean listening() {
    return keyPair != null && !closed;
  }

  /** The addresses clients can reach it through (own reachable address, then relays). */
  public List<PeerAddress> relayAddresses() {
    return announcer == null ? List.of() : announcer.relayAddresses();
  }

  /** Handshake slots held (in use or waiting to be cleared). */
  public int handshakeSlots() {
    int used = 0;
    for (Slot slot : slots) {
      if (slot != null) {
        used++;
      }
    }
    return used;
  }

  /**
   * Starts listening under {@code keyPair}: routes handshakes for its hash here and announces it.
   * {@code done} gets null once the first announce round is over, or the error.
   */
  public void listen(KeyPair keyPair, Consumer<Throwable> done) {
    if (this.keyPair != null) {
      done.accept(new HyperDhtException(HyperDhtException.ALREADY_LISTENING, "already listening"));
      return;
    }
    if (closed) {
      done.accept(new HyperDhtException(HyperDhtException.NODE_DESTROYED, "server closed"));
      return;
    }
    byte[] key = keyPair.publicKey();
    byte[] hash = hyperDht.hash(key);
    if (hyperDht.router().server(hash) != null) {
      done.accept(
          new HyperDhtException(HyperDhtException.KEYPAIR_ALREADY_USED,
              "a server already listens under " + HexFormat.of().formatHex(key)));
      return;
    }
    this.keyPair = keyPair;
    this.target = hash;
    this.announcer = new Announcer(hyperDht, keyPair, hash);
    // The announcer's record, as the reference's: what a FIND_PEER here for our target returns.
    byte[] record = PeerRecords.encode(new PeerRecord(key, List.of()));
    hyperDht.router().addServer(hash, record, this::onPeerHandshake);
    announcer.start(done);
  }

  /** Stops listening: unannounces, forgets its route, drops pending handshakes. */
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    if (target != null) {
      hyperDht.router().removeServer(target);
    }
    if (announcer != null) {
      announcer.stop();
    }
    for (Slot slot : slots) {
      if (slot != null) {
        slot.clear();
      }
    }
    slots.clear();
    connects.clear();
    hyperDht.serverClosed(this);
  }

  /** A new announce round now (after a network change, say). */
  public void refresh() {
    if (announcer != null) {
      announcer.refresh();
    }
  }

  private void onPeerHandshake(
      byte[] noise, PeerAddress peerAddress, IncomingRequest request,
      BiConsumer<byte[], UdxSocket> answer) {
    if (closed) {
      return;
    }
    String key = HexFormat.of().formatHex(noise);
    Slot slot = connects.get(key);
    if (slot == null) {
      if (handshakeSlots() >= hyperDht.options().maxServerHandshakes()) {
        hyperDht.counters().handshakesRefused++;
        return;
      }
      slot =
          addHandshake(
              key, noise, peerAddress != null ? peerAddress : request.from(), request,
              peerAddress == null);
      connects.put(key, slot);
    }
    if (slot.reply != null) {
      answer.accept(slot.reply, null);
    }
  }

  private Slot addHandshake(
      String key, byte[] noise, PeerAddress clientAddress, IncomingRequest request,
      boolean direct) {
    int id = slots.indexOf(null);
    if (id == -1) {
      id = slots.size();
      slots.add(null);
    }
    Slot slot = new Slot(id, key);
    slots.set(id, slot);
    NoiseIkHandshake handshake =
        NoiseIkHandshake.responder(
            hyperDht.crypto(), keyPair, hyperDht.namespaces().peerHandshake());
    NoisePayload remotePayload;
    try {
      remotePayload = NoisePayloads.decode(handshake.receive(noise));
    } catch (RuntimeException e) {
      hyperDht.counters().badHandshakes++;
      slot.clearLater();
      return slot;
    }
    byte[] remoteKey = handshake.remoteStaticKey();
    if (firewall.test(remoteKey, clientAddress)) {
      hyperDht.counters().handshakesFirewalled++;
      slot.clearLater();
      return slot;
    }
    long error =
        remotePayload.version() == NoisePayload.VERSION
            ? remotePayload.udx() != null
                ? HyperDhtConstants.ERROR_NONE
                : HyperDhtConstants.ERROR_ABORTED
            : HyperDhtConstants.ERROR_VERSION_MISMATCH;
    List<PeerAddress> addresses = new ArrayList<>();
    PeerAddress ours = dht.remoteAddress();
    if (ours != null) {
      addresses.add(ours);
    }
    if (hyperDht.options().shareLocalAddress()) {
      addresses.addAll(hyperDht.localAddresses());
    }
    if (error == HyperDhtConstants.ERROR_NONE) {
      slot.rawStream = hyperDht.createRawStream();
      slot.rawStream.setFirewall(
          (stream, socket, source) -> {
            if (source.getPort() <= 0 || source.getPort() >= 65536) {
              return true;
            }
            slot.onSocket(socket, source);
            return false;
          });
      slot.remoteUdxId = (int) remotePayload.udx().id();
    }
    List<PeerAddress> relayAddresses = relayAddresses();
    NoisePayload payload =
        new NoisePayload(
            NoisePayload.VERSION,
            error,
            ours != null ? HyperDhtConstants.FIREWALL_OPEN : HyperDhtConstants.FIREWALL_UNKNOWN,
            null,
            addresses,
            List.of(),
            new NoisePayload.Udx(
                1, false, slot.rawStream == null ? 0 : Integer.toUnsignedLong(slot.rawStream.id()), 0),
            new NoisePayload.SecretStream(1),
            null,
            relayAddresses.isEmpty() ? null : relayAddresses);
    try {
      slot.reply = handshake.send(NoisePayloads.encode(payload));
    } catch (RuntimeException e) {
      slot.clear();
      slot.clearLater();
      return slot;
    }
    slot.result = handshake.result();
    if (error != HyperDhtConstants.ERROR_NONE) {
      if (slot.rawStream != null) {
        slot.rawStream.close();
      }
      slot.clearLater();
      return slot;
    }
    if (remotePayload.firewall() == HyperDhtConstants.FIREWALL_OPEN || direct) {
      UdxSocket socket = direct ? request.socket() : dht.io().socket();
      slot.onSocket(socket, DhtIo.socketAddress(clientAddress));
      return slot;
    }
    // Wait for the client's first packet (it dials the address its relay saw, or our LAN address).
    slot.prepunching =
        dht.eventLoop().schedule(HANDSHAKE_INITIAL_TIMEOUT_MILLIS, slot::abort);
    return slot;
  }

  /** One handshake's state, kept until 10 s after it was used or abandoned. */
  private final class Slot {
    final int id;
    final String key;
    byte[] reply;
    HandshakeResult result;
    UdxStream rawStream;
    int remoteUdxId;
    boolean claimed;
    Cancellable prepunching;
    Cancellable clearing;

    Slot(int id, String key) {
      this.id = id;
      this.key = key;
    }

    void onSocket(UdxSocket socket, InetSocketAddress address) {
      if (claimed || rawStream == null || closed || result == null) {
        return;
      }
      claimed = true;
      clearLater();
      if (prepunching != null) {
        prepunching.cancel();
        prepunching = null;
      }
      rawStream.connect(socket, remoteUdxId, address);
      NoiseSecretStream stream = hyperDht.createSecretStream(false, rawStream);
      stream.start(result);
      onConnection.accept(stream);
    }

    void abort() {
      prepunching = null;
      if (!claimed && rawStream != null) {
        rawStream.close();
      }
      clearLater();
    }

    void clearLater() {
      if (clearing != null) {
        return;
      }
      clearing = dht.eventLoop().schedule(HANDSHAKE_CLEAR_WAIT_MILLIS, this::remove);
    }

    void clear() {
      if (prepunching != null) {
        prepunching.cancel();
      }
      if (clearing != null) {
        clearing.cancel();
      }
      if (!claimed && rawStream != null) {
        rawStream.close();
      }
    }

    private void remove() {
      if (id < slots.size() && slots.get(id) == this) {
        slots.set(id, null);
        while (!slots.isEmpty() && slots.get(slots.size() - 1) == null) {
          slots.remove(slots.size() - 1);
        }
      }
      connects.remove(key);
    }
  }
}
