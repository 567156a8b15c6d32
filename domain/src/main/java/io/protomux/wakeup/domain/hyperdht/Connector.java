package io.protomux.wakeup.domain.hyperdht;

import io.protomux.wakeup.domain.dht.DhtNode;
import io.protomux.wakeup.domain.dht.DhtIo;
import io.protomux.wakeup.domain.dht.PeerAddress;
import io.protomux.wakeup.domain.dht.Query;
import io.protomux.wakeup.domain.dht.QueryOptions;
import io.protomux.wakeup.domain.noise.HandshakeResult;
import io.protomux.wakeup.domain.noise.NoiseIkHandshake;
import io.protomux.wakeup.domain.stream.NoiseSecretStream;
import io.protomux.wakeup.domain.udx.UdxSocket;
import io.protomux.wakeup.domain.udx.UdxStream;
import io.protomux.wakeup.ports.crypto.KeyPair;
import io.protomux.wakeup.ports.loop.Cancellable;
import java.net.InetSocketAddress;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * One {@code connect(publicKey)} (hyperdht's {@code lib/connect.js}): find the nodes that route to
 * the server, send the first Noise IK message through them, and on the first valid answer pick the
 * path (the server's open address, waiting for it to dial us, or the LAN shortcut), connect the
 * UDX stream and start the secret stream as initiator from the handshake.
 *
 * <p>Holepunching through NATs is not here yet: a peer that needs it fails with {@code
 * HOLEPUNCH_ABORTED}, as the reference does when its punch gives up.
 */
final class Connector {
  private static final long PASSIVE_CONNECT_MILLIS = 10_000;
  private static final int MAX_CANDIDATES = 64;

  private final HyperDht hyperDht;
  private final DhtNode dht;
  private final byte[] remotePublicKey;
  private final byte[] target;
  private final String cacheKey;
  private final UdxStream rawStream;
  private final NoiseSecretStream encrypted;
  private final ArrayDeque<PeerAddress> candidates = new ArrayDeque<>();
  private final List<PeerAddress> remoteRelayAddresses = new ArrayList<>();
  private NoiseIkHandshake handshake;
  private List<PeerAddress> relayAddresses;
  private byte[] firstMessage;
  private int firewall = HyperDhtConstants.FIREWALL_UNKNOWN;
  private Connected connected;
  private boolean streamClaimed;
  private boolean done;
  private UdxSocket seenSocket;
  private InetSocketAddress seenAddress;
  private Query query;
  private int tries;
  private int round;
  private int handshakesInFlight;
  private int handshakeLimit;
  private int attempts;
  private boolean queryRunning;
  private Cancellable passiveTimer;

  private record Connected(
      boolean relayed,
      PeerAddress relayAddress,
      PeerAddress clientAddress,
      PeerAddress serverAddress,
      NoisePayload payload,
      HandshakeResult result) {}

  Connector(
      HyperDht hyperDht,
      byte[] remotePublicKey,
      KeyPair keyPair,
      List<PeerAddress> relayAddresses,
      UdxStream rawStream,
      NoiseSecretStream encrypted) {
    this.hyperDht = hyperDht;
    this.dht = hyperDht.dht();
    this.remotePublicKey = remotePublicKey.clone();
    this.target = hyperDht.hash(remotePublicKey);
    this.cacheKey = java.util.HexFormat.of().formatHex(remotePublicKey);
    this.rawStream = rawStream;
    this.encrypted = encrypted;
    this.relayAddresses = relayAddresses;
    this.handshake =
        NoiseIkHandshake.initiator(
            hyperDht.crypto(), keyPair, remotePublicKey, hyperDht.namespaces().peerHandshake());
    rawStream.setFirewall(this::onFirewall);
    encrypted.whenClosed(cause -> cleanUp());
  }

  void start() {
    if (relayAddresses.isEmpty()) {
      List<PeerAddress> cached = hyperDht.cachedRelayAddresses(cacheKey);
      relayAddresses = cached == null ? List.of() : cached;
    }
    boolean preConnect = !relayAddresses.isEmpty();
    handshakeLimit = preConnect ? 3 : 2;
    tries = preConnect ? 2 : 1;
    if (preConnect) {
      handshakesInFlight++;
      connectThroughNodes(new ArrayDeque<>(relayAddresses));
    }
    runQuery();
  }

  private void connectThroughNodes(ArrayDeque<PeerAddress> nodes) {
    PeerAddress next = nodes.poll();
    if (next == null || done || connected != null) {
      handshakesInFlight--;
      afterHandshake();
      return;
    }
    remoteRelayAddresses.add(next);
    connectThroughNode(next, null, () -> connectThroughNodes(nodes));
  }

  private void runQuery() {
    if (done || connected != null) {
      return;
    }
    queryRunning = true;
    List<PeerAddress> start = round == 0 ? relayAddresses : List.of();
    List<PeerAddress> skip = round == 0 ? relayAddresses : List.of();
    query =
        hyperDht.findPeerTarget(
            target,
            QueryOptions.DEFAULTS.withNodes(start).withRetries(3),
            found -> {
              if (done || connected != null || skip.contains(found.from())) {
                return;
              }
              if (candidates.size() < MAX_CANDIDATES && !candidates.contains(found.from())) {
                candidates.add(found.from());
              }
              drainCandidates();
            });
    query.whenDone(
        (replies, error) -> {
          queryRunning = false;
          query = null;
          round++;
          afterHandshake();
        });
  }

  private void drainCandidates() {
    while (!done && connected == null && handshakesInFlight < handshakeLimit
        && !candidates.isEmpty()) {
      PeerAddress node = candidates.poll();
      remoteRelayAddresses.add(node);
      attempts++;
      handshakesInFlight++;
      connectThroughNode(
          node,
          null,
          () -> {
            handshakesInFlight--;
            afterHandshake();
          });
    }
  }

  /** Called whenever an attempt or the query settles: go on, retry or give up. */
  private void afterHandshake() {
    if (done) {
      return;
    }
    if (connected != null) {
      return;
    }
    drainCandidates();
    if (queryRunning || handshakesInFlight > 0 || !candidates.isEmpty()) {
      return;
    }
    if (round < tries) {
      runQuery();
      return;
    }
    fail(
        attempts > 0
            ? new HyperDhtException(
                HyperDhtException.PEER_CONNECTION_FAILED,
                "no valid handshake answer through " + attempts + " relays")
            : new HyperDhtException(
                HyperDhtException.PEER_NOT_FOUND, "no node routes to the peer"));
  }

  private void connectThroughNode(PeerAddress address, UdxSocket socket, Runnable settled) {
    if (firstMessage == null) {
      PeerAddress ours = dht.remoteAddress();
      List<PeerAddress> addresses4 = new ArrayList<>();
      if (ours != null) {
        addresses4.add(ours);
      }
      if (hyperDht.options().localConnection()) {
        addresses4.addAll(hyperDht.localAddresses());
      }
      firewall = ours != null ? HyperDhtConstants.FIREWALL_OPEN : HyperDhtConstants.FIREWALL_UNKNOWN;
      NoisePayload payload =
          new NoisePayload(
              NoisePayload.VERSION,
              HyperDhtConstants.ERROR_NONE,
              firewall,
              null,
              addresses4,
              List.of(),
              new NoisePayload.Udx(1, false, Integer.toUnsignedLong(rawStream.id()), 0),
              new NoisePayload.SecretStream(1),
              null,
              null);
      firstMessage = handshake.send(NoisePayloads.encode(payload));
    }
    hyperDht
        .router()
        .peerHandshake(
            target,
            firstMessage,
            socket,
            address,
            (answer, error) -> {
              if (error == null && !done && connected == null) {
                onAnswer(answer, address, socket);
              }
              settled.run();
            });
  }

  private void onAnswer(Router.HandshakeAnswer answer, PeerAddress address, UdxSocket socket) {
    NoisePayload payload;
    HandshakeResult result;
    try {
      NoiseIkHandshake attempt = handshake.copy();
      payload = NoisePayloads.decode(attempt.receive(answer.noise()));
      result = attempt.result();
    } catch (RuntimeException e) {
      // A relay (or anyone) answering with a bad message costs this attempt only: the handshake
      // state it would have corrupted was a copy.
      hyperDht.counters().badHandshakeAnswers++;
      return;
    }
    if (payload.version() != NoisePayload.VERSION) {
      fail(new HyperDhtException(HyperDhtException.SERVER_INCOMPATIBLE,
          "server payload version " + payload.version()));
      return;
    }
    if (payload.error() != HyperDhtConstants.ERROR_NONE) {
      fail(new HyperDhtException(HyperDhtException.SERVER_ERROR,
          "server answered with error " + payload.error()));
      return;
    }
    if (payload.udx() == null) {
      fail(new HyperDhtException(HyperDhtException.SERVER_ERROR, "Server did not send UDX data"));
      return;
    }
    handshake = null;
    connected =
        new Connected(answer.relayed(), address, answer.clientAddress(), answer.serverAddress(),
            payload, result);
    if (query != null) {
      query.destroy(null);
    }
    candidates.clear();
    if (seenSocket != null) {
      onSocket(seenSocket, seenAddress);
      return;
    }
    if (!answer.relayed()) {
      onSocket(socket != null ? socket : dht.io().socket(), DhtIo.socketAddress(address));
      return;
    }
    choosePath();
  }

  /** hyperdht's {@code holepunch()} up to where punching starts. */
  private void choosePath() {
    Connected c = connected;
    NoisePayload payload = c.payload();
    boolean holepunchable =
        payload.holepunch() != null && !payload.holepunch().relays().isEmpty();
    boolean relayed = !c.serverAddress().equals(c.relayAddress());
    if (payload.firewall() == HyperDhtConstants.FIREWALL_OPEN || (relayed && !holepunchable)) {
      PeerAddress address = c.serverAddress();
      for (PeerAddress candidate : payload.addresses4()) {
        if (!Bogons.isBogon(candidate)) {
          address = candidate;
          break;
        }
      }
      onSocket(dht.io().socket(), DhtIo.socketAddress(address));
      return;
    }
    if (firewall == HyperDhtConstants.FIREWALL_OPEN) {
      // The server dials us: wait for its first packet.
      passiveTimer =
          dht.eventLoop()
              .schedule(
                  PASSIVE_CONNECT_MILLIS,
                  () ->
                      fail(new HyperDhtException(HyperDhtException.HOLEPUNCH_ABORTED,
                          "the server did not connect within " + PASSIVE_CONNECT_MILLIS + " ms")));
      return;
    }
    if (hyperDht.options().localConnection()
        && relayed
        && c.clientAddress().host().equals(c.serverAddress().host())) {
      List<PeerAddress> serverAddresses = new ArrayList<>();
      for (PeerAddress candidate : payload.addresses4()) {
        if (!Bogons.isReserved(candidate)) {
          serverAddresses.add(candidate);
        }
      }
      if (!serverAddresses.isEmpty()) {
        PeerAddress lan = LocalAddresses.match(hyperDht.localAddresses(), serverAddresses);
        PeerAddress address = lan != null ? lan : serverAddresses.get(0);
        UdxSocket serverSocket = dht.io().serverSocket();
        dht.ping(address)
            .onResponse(
                (reply, request) -> {
                  if (!done && !streamClaimed) {
                    onSocket(serverSocket, DhtIo.socketAddress(address));
                  }
                })
            .onError(
                (error, request) ->
                    fail(new HyperDhtException(HyperDhtException.HOLEPUNCH_ABORTED,
                        "the LAN address " + address + " did not answer, and holepunching is"
                            + " not supported yet")))
            .send();
        return;
      }
    }
    fail(new HyperDhtException(HyperDhtException.HOLEPUNCH_ABORTED,
        "the server is behind a NAT that needs holepunching, which is not supported yet"));
  }

  private boolean onFirewall(UdxStream stream, UdxSocket socket, InetSocketAddress source) {
    if (connected != null) {
      onSocket(socket, source);
    } else {
      seenSocket = socket;
      seenAddress = source;
    }
    return false;
  }

  private void onSocket(UdxSocket socket, InetSocketAddress address) {
    if (streamClaimed || done) {
      return;
    }
    streamClaimed = true;
    Connected c = connected;
    List<PeerAddress> relays = c.payload().relayAddresses();
    if (relays != null && !relays.isEmpty()) {
      hyperDht.cacheRelayAddresses(cacheKey, relays);
    } else if (!remoteRelayAddresses.isEmpty()) {
      hyperDht.cacheRelayAddresses(cacheKey, remoteRelayAddresses);
    }
    if (passiveTimer != null) {
      passiveTimer.cancel();
      passiveTimer = null;
    }
    rawStream.connect(socket, (int) c.payload().udx().id(), address);
    done = true;
    hyperDht.connectorFinished(this);
    encrypted.start(c.result());
  }

  private void fail(RuntimeException cause) {
    if (done) {
      return;
    }
    done = true;
    hyperDht.connectorFinished(this);
    encrypted.destroy(cause);
  }

  private void cleanUp() {
    if (query != null) {
      query.destroy(null);
      query = null;
    }
    if (passiveTimer != null) {
      passiveTimer.cancel();
    }
    if (!streamClaimed) {
      rawStream.close();
    }
    if (!done) {
      done = true;
      hyperDht.connectorFinished(this);
    }
  }
}
