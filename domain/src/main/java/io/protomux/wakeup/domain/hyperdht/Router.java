package io.protomux.wakeup.domain.hyperdht;

import io.protomux.wakeup.domain.Key32;
import io.protomux.wakeup.domain.dht.DhtException;
import io.protomux.wakeup.domain.dht.DhtNode;
import io.protomux.wakeup.domain.dht.IncomingRequest;
import io.protomux.wakeup.domain.dht.OutgoingRequest;
import io.protomux.wakeup.domain.dht.PeerAddress;
import io.protomux.wakeup.domain.encoding.EncodingException;
import io.protomux.wakeup.domain.udx.UdxSocket;
import java.util.function.BiConsumer;

/**
 * hyperdht's router ({@code lib/router.js}): relays PEER_HANDSHAKE and PEER_HOLEPUNCH between
 * clients and servers, hands those for a server on this node to it, and sends our own handshakes
 * (checking that the answer is a REPLY from exactly the node asked).
 *
 * <p>What it knows per target (its {@code forwards}): the servers listening on this node (kept
 * until they close) and, on a persistent node, the routes that servers' self-announces left here
 * (the server's address as this node saw it, in a {@link MaxCache}: they expire like the
 * reference's, between 2/3 and 4/3 of {@link StorageOptions#maxAgeMillis()}, and are bounded by
 * {@link StorageOptions#maxRoutes()}). A handshake or holepunch from a client for a routed target
 * is forwarded to the server; one already relayed once goes on as FROM_SECOND_RELAY.
 */
final class Router {
  /** A server on this node, as the router calls it. */
  interface LocalServer {
    /**
     * Handles a handshake for its target; calls {@code answer} with (reply noise, socket to answer
     * from or null) or never (dropped).
     */
    void onPeerHandshake(
        byte[] noise, PeerAddress peerAddress, IncomingRequest request,
        BiConsumer<byte[], UdxSocket> answer);
  }

  /** What a handshake answer told us. */
  record HandshakeAnswer(
      byte[] noise, boolean relayed, PeerAddress serverAddress, PeerAddress clientAddress) {}

  /**
   * What the router knows of one target: a server on this node ({@code server} set, no relay) or
   * a route from a self-announce ({@code relay} = the announcing server's address as seen here).
   *
   * @param record the encoded peer record a FIND_PEER for the target returns
   */
  record Route(PeerAddress relay, byte[] record, LocalServer server) {}

  private final DhtNode dht;
  private final MaxCache<Key32, Route> forwards;

  /** @param onFull told each time the newest generation of routes filled up early */
  Router(DhtNode dht, StorageOptions options, Runnable onFull) {
    this.dht = dht;
    this.forwards =
        new MaxCache<>(
            options.maxRoutes(), options.maxAgeMillis(), dht.eventLoop()::nowMillis, onFull);
  }

  /** Routes handshakes for {@code target} to a server on this node, until {@link #removeServer}. */
  void addServer(byte[] target, byte[] record, LocalServer server) {
    forwards.retain(Key32.of(target), new Route(null, record, server));
  }

  void removeServer(byte[] target) {
    forwards.delete(Key32.of(target));
  }

  LocalServer server(byte[] target) {
    if (target == null) {
      return null;
    }
    Key32 key = Key32.of(target);
    return forwards.isRetained(key) ? forwards.get(key).server() : null;
  }

  /** Learns (or renews) a route from a self-announce; a server on this node keeps its own. */
  void setRoute(Key32 target, PeerAddress relay, byte[] record) {
    forwards.set(target, new Route(relay, record, null));
  }

  /** The server or route for a target, renewing a route; or null. */
  Route route(Key32 target) {
    return forwards.get(target);
  }

  /** Forgets a route (an unannounce); a server on this node stays. */
  void deleteRoute(Key32 target) {
    if (!forwards.isRetained(target)) {
      forwards.delete(target);
    }
  }

  private Route route(byte[] target) {
    return target == null ? null : forwards.get(Key32.of(target));
  }


  /**
   * Sends our first Noise message to {@code to} and reports the checked answer, or the failure
   * (BAD_HANDSHAKE_REPLY for an answer that is not a REPLY with noise from {@code to}).
   */
  OutgoingRequest peerHandshake(
      byte[] target,
      byte[] noise,
      UdxSocket socket,
      PeerAddress to,
      BiConsumer<HandshakeAnswer, RuntimeException> done) {
    byte[] value =
        HandshakeMessages.encode(
            new HandshakeMessage(HyperDhtConstants.MODE_FROM_CLIENT, noise, null, null));
    OutgoingRequest request =
        dht.request(to, null, HyperDhtConstants.PEER_HANDSHAKE, target, value);
    if (socket != null) {
      request.socket(socket);
    }
    request
        .onResponse(
            (reply, r) -> {
              HandshakeMessage answer = decodeHandshake(reply.value());
              if (answer == null
                  || answer.mode() != HyperDhtConstants.MODE_REPLY
                  || !reply.from().equals(to)
                  || answer.noise().length == 0) {
                done.accept(
                    null,
                    new HyperDhtException(
                        HyperDhtException.BAD_HANDSHAKE_REPLY,
                        "the answer from " + reply.from() + " is not a handshake reply"));
                return;
              }
              done.accept(
                  new HandshakeAnswer(
                      answer.noise(),
                      answer.peerAddress() != null,
                      answer.peerAddress() != null ? answer.peerAddress() : to,
                      reply.to()),
                  null);
            })
        .onError((DhtException error, OutgoingRequest r) -> done.accept(null, error));
    request.send();
    return request;
  }

  /** Handles a received PEER_HANDSHAKE as relay or as server, per the reference's table. */
  void onPeerHandshake(IncomingRequest request) {
    HandshakeMessage hs = decodeHandshake(request.value());
    if (hs == null) {
      return;
    }
    byte[] noise = hs.noise();
    Route route = route(request.target());
    LocalServer server = route == null ? null : route.server();
    PeerAddress relay = route == null ? null : route.relay();
    long mode = hs.mode();
    if (server != null) {
      if (noise.length == 0) {
        return;
      }
      PeerAddress peerAddress = hs.peerAddress();
      server.onPeerHandshake(
          noise,
          peerAddress,
          request,
          (replyNoise, socket) -> {
            if (replyNoise == null) {
              return;
            }
            UdxSocket via = socket != null ? socket : request.socket();
            if (mode == HyperDhtConstants.MODE_FROM_CLIENT) {
              request.reply(
                  HandshakeMessages.encode(
                      new HandshakeMessage(HyperDhtConstants.MODE_REPLY, replyNoise, null, null)),
                  false,
                  false,
                  via,
                  request.from());
            } else if (mode == HyperDhtConstants.MODE_FROM_RELAY) {
              request.relay(
                  HandshakeMessages.encode(
                      new HandshakeMessage(
                          HyperDhtConstants.MODE_FROM_SERVER, replyNoise, peerAddress, null)),
                  request.from(),
                  via);
            } else if (mode == HyperDhtConstants.MODE_FROM_SECOND_RELAY
                && hs.relayAddress() != null) {
              request.relay(
                  HandshakeMessages.encode(
                      new HandshakeMessage(
                          HyperDhtConstants.MODE_FROM_SERVER, replyNoise, peerAddress, null)),
                  hs.relayAddress(),
                  via);
            }
          });
      return;
    }
    if (mode == HyperDhtConstants.MODE_FROM_CLIENT) {
      if (noise.length == 0) {
        return;
      }
      if (hs.relayAddress() == null && relay == null) {
        // Nothing known about the target: help the client route on.
        request.reply(null, false, true);
        return;
      }
      request.relay(
          HandshakeMessages.encode(
              new HandshakeMessage(
                  HyperDhtConstants.MODE_FROM_RELAY, noise, request.from(), null)),
          hs.relayAddress() != null ? hs.relayAddress() : relay,
          null);
    } else if (mode == HyperDhtConstants.MODE_FROM_RELAY) {
      if (relay == null || noise.length == 0) {
        return;
      }
      request.relay(
          HandshakeMessages.encode(
              new HandshakeMessage(
                  HyperDhtConstants.MODE_FROM_SECOND_RELAY, noise, hs.peerAddress(),
                  request.from())),
          relay,
          null);
    } else if (mode == HyperDhtConstants.MODE_FROM_SERVER) {
      if (hs.peerAddress() == null || noise.length == 0) {
        return;
      }
      request.reply(
          HandshakeMessages.encode(
              new HandshakeMessage(HyperDhtConstants.MODE_REPLY, noise, request.from(), null)),
          false,
          false,
          request.socket(),
          hs.peerAddress());
    }
  }

  /**
   * Handles a received PEER_HOLEPUNCH: relays it as the reference does, to the address the client
   * names or else along the target's route. A server on this node does not punch yet, so a
   * message for it is not answered.
   */
  void onPeerHolepunch(IncomingRequest request) {
    HolepunchMessage hp = decodeHolepunch(request.value());
    if (hp == null) {
      return;
    }
    if (hp.mode() == HyperDhtConstants.MODE_FROM_CLIENT) {
      Route route = route(request.target());
      PeerAddress relay = route == null ? null : route.relay();
      if (hp.peerAddress() == null && relay == null) {
        return;
      }
      request.relay(
          HandshakeMessages.encode(
              new HolepunchMessage(
                  HyperDhtConstants.MODE_FROM_RELAY, hp.id(), hp.payload(), request.from())),
          hp.peerAddress() != null ? hp.peerAddress() : relay,
          null);
    } else if (hp.mode() == HyperDhtConstants.MODE_FROM_SERVER) {
      if (hp.peerAddress() == null) {
        return;
      }
      request.reply(
          HandshakeMessages.encode(
              new HolepunchMessage(
                  HyperDhtConstants.MODE_REPLY, hp.id(), hp.payload(), request.from())),
          false,
          false,
          request.socket(),
          hp.peerAddress());
    }
  }

  private static HandshakeMessage decodeHandshake(byte[] value) {
    if (value == null) {
      return null;
    }
    try {
      return HandshakeMessages.decodeHandshake(value);
    } catch (EncodingException e) {
      return null;
    }
  }

  private static HolepunchMessage decodeHolepunch(byte[] value) {
    if (value == null) {
      return null;
    }
    try {
      return HandshakeMessages.decodeHolepunch(value);
    } catch (EncodingException e) {
      return null;
    }
  }

  /** Routes and local servers held. */
  int routeCount() {
    return forwards.size();
  }
}
