package io.protomux.wakeup.domain.hyperdht;

import static io.protomux.wakeup.domain.hyperdht.LiveCaptures.bytes;
import static io.protomux.wakeup.domain.hyperdht.LiveCaptures.hex;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.protomux.wakeup.adapters.bouncycastle.BouncyCastleCrypto;
import io.protomux.wakeup.domain.dht.Commands;
import io.protomux.wakeup.domain.dht.DhtRequest;
import io.protomux.wakeup.domain.dht.DhtResponse;
import io.protomux.wakeup.domain.dht.Messages;
import io.protomux.wakeup.domain.dht.NodeId;
import io.protomux.wakeup.domain.dht.PeerAddress;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The message shapes a Java node must share with the JS nodes (HYPERDHT.md 6.3 to 6.8), built with
 * our codecs from what the sender knew (its role, the addresses, the tid, the Noise message) and
 * compared byte for byte with what the JS node sent. Unlike the plain replay, the flags, ids and
 * values here are derived, not copied from the capture.
 */
class CaptureShapesTest {
  private static final BouncyCastleCrypto CRYPTO = new BouncyCastleCrypto();

  static List<String> captures() {
    return LiveCaptures.LIVE;
  }

  static List<String> connections() {
    return LiveCaptures.CONNECTIONS;
  }

  private static String node(JsonNode g, String labelField) {
    String label = g.get(labelField).asText();
    int dot = label.indexOf('.');
    return dot < 0 ? label : label.substring(0, dot);
  }

  /** Whether the sending node of {@code g} is persistent, per the capture's {@code state}. */
  private static boolean persistent(String capture, String node) {
    JsonNode state = LiveCaptures.load(capture).get("state");
    for (JsonNode t : state.get("testnetNodes")) {
      if (t.get("name").asText().equals(node)) {
        return !t.get("ephemeral").asBoolean();
      }
    }
    if (node.equals("server-dht")) return !state.get("serverDht").get("ephemeral").asBoolean();
    if (node.equals("client-dht")) return !state.get("clientDht").get("ephemeral").asBoolean();
    throw new IllegalArgumentException(node);
  }

  private static boolean isServerSocket(JsonNode g) {
    return g.get("fromLabel").asText().endsWith(".serverSocket");
  }

  private static byte[] noise(String capture, String role) {
    for (JsonNode h : LiveCaptures.load(capture).get("handshakes")) {
      if (h.get("role").asText().equals(role) && h.get("op").asText().equals("send")) {
        return bytes(h.get("noiseMessage"));
      }
    }
    throw new IllegalStateException("no " + role + " send in " + capture);
  }

  private static byte[] serverTarget(String capture) {
    JsonNode server = LiveCaptures.load(capture).get("keys").get("server");
    byte[] target = CRYPTO.hash(bytes(server.get("publicKey")));
    assertThat(hex(target)).isEqualTo(server.get("target").asText());
    return target;
  }

  private static int tid(JsonNode g) {
    return g.get("decoded").get("tid").asInt();
  }

  private static boolean isHandshake(JsonNode g, boolean request, long mode) {
    if (!LiveCaptures.isDhtRpc(g)
        || LiveCaptures.isRequest(g) != request
        || !LiveCaptures.command(g).equals("PEER_HANDSHAKE")) {
      return false;
    }
    JsonNode vd = g.get("decoded").get("valueDecoded");
    return !vd.isNull() && vd.get("mode").asLong() == mode;
  }

  /** The datagram before {@code g} matching the tid, delivered at {@code at} (and optionally its kind). */
  private static JsonNode earlier(String capture, JsonNode g, PeerAddress at, boolean request, String command) {
    JsonNode found = null;
    for (JsonNode x : LiveCaptures.dhtRpc(capture)) {
      if (x.get("n").asInt() >= g.get("n").asInt()) break;
      if (LiveCaptures.isRequest(x) == request
          && tid(x) == tid(g)
          && LiveCaptures.command(x).equals(command)
          && LiveCaptures.destination(x).equals(at)) {
        found = x;
      }
    }
    return found;
  }

  /** 6.3/6.5: an ephemeral node's FIND_PEER is 43 bytes, flags 8 (target only), to = its destination. */
  @ParameterizedTest(name = "{0}")
  @MethodSource("connections")
  void ephemeralFindPeerIs43BytesWithFlags8(String capture) {
    int seen = 0;
    for (JsonNode g : LiveCaptures.dhtRpc(capture)) {
      String node = node(g, "fromLabel");
      if (!LiveCaptures.isRequest(g)
          || !LiveCaptures.command(g).equals("FIND_PEER")
          || !node.endsWith("-dht")
          || persistent(capture, node)) {
        continue;
      }
      seen++;
      DhtRequest built =
          new DhtRequest(
              tid(g), LiveCaptures.destination(g), null, null, false, HyperDhtConstants.FIND_PEER,
              bytes(g.get("decoded").get("target")), null);
      byte[] encoded = Messages.encode(built);
      assertThat(encoded).hasSize(43);
      assertThat(built.flags()).isEqualTo(8);
      assertThat(hex(encoded)).as("#%s", g.get("n")).isEqualTo(g.get("hex").asText());
    }
    assertThat(seen).isPositive();
  }

  /** 6.3: testnet bootstrap FIND_NODE: 43 bytes flags 12 without an id, 75 bytes flags 13 with H(source). */
  @ParameterizedTest(name = "{0}")
  @MethodSource("captures")
  void bootstrapFindNodeShapes(String capture) {
    int withId = 0;
    int withoutId = 0;
    for (JsonNode g : LiveCaptures.dhtRpc(capture)) {
      if (!LiveCaptures.isRequest(g) || !LiveCaptures.command(g).equals("FIND_NODE")) continue;
      JsonNode d = g.get("decoded");
      boolean hasId = !d.get("id").isNull();
      byte[] id = hasId ? NodeId.of(LiveCaptures.source(g), CRYPTO) : null;
      if (hasId) {
        // Only persistent nodes send an id, and only from their server socket.
        assertThat(persistent(capture, node(g, "fromLabel"))).isTrue();
        assertThat(isServerSocket(g)).isTrue();
      }
      DhtRequest built =
          new DhtRequest(
              tid(g), LiveCaptures.destination(g), id, null, true, Commands.FIND_NODE,
              bytes(d.get("target")), null);
      byte[] encoded = Messages.encode(built);
      assertThat(encoded).hasSize(hasId ? 75 : 43);
      assertThat(built.flags()).isEqualTo(hasId ? 13 : 12);
      assertThat(hex(encoded)).as("#%s", g.get("n")).isEqualTo(g.get("hex").asText());
      if (hasId) withId++;
      else withoutId++;
    }
    assertThat(withId).isPositive();
    assertThat(withoutId).isPositive();
  }

  /**
   * 6.3/6.5: the client's PEER_HANDSHAKE: request flags 24 (target + value), user command 0, value
   * = handshake {flags 0, mode FROM_CLIENT, noise = its first IK message}.
   */
  @ParameterizedTest(name = "{0}")
  @MethodSource("connections")
  void clientHandshakeRequests(String capture) {
    byte[] noise = noise(capture, "client");
    byte[] target = serverTarget(capture);
    int seen = 0;
    for (JsonNode g : LiveCaptures.datagrams(capture)) {
      if (!isHandshake(g, true, HyperDhtConstants.MODE_FROM_CLIENT)) continue;
      assertThat(node(g, "fromLabel")).isEqualTo("client-dht");
      seen++;
      byte[] value =
          HandshakeMessages.encode(
              new HandshakeMessage(HyperDhtConstants.MODE_FROM_CLIENT, noise, null, null));
      assertThat(value[0]).as("handshake flags").isEqualTo((byte) 0);
      assertThat(value[1]).as("mode").isEqualTo((byte) 0);
      DhtRequest built =
          new DhtRequest(
              tid(g), LiveCaptures.destination(g), null, null, false,
              HyperDhtConstants.PEER_HANDSHAKE, target, value);
      assertThat(built.flags()).isEqualTo(24);
      assertThat(hex(Messages.encode(built))).as("#%s", g.get("n")).isEqualTo(g.get("hex").asText());
    }
    assertThat(seen).isPositive();
  }

  /**
   * 6.3/6.5: the relays' FROM_RELAY forward (flags 25 = id + target + value, same tid, peerAddress
   * = the client as the relay saw it), the server's FROM_SERVER answer (flags 24, peerAddress
   * unchanged), and the relay's REPLY response to the client (flags 17, peerAddress = the server as
   * the relay saw it, to = the client).
   */
  @ParameterizedTest(name = "{0}")
  @MethodSource("connections")
  void relayedHandshakeShapes(String capture) {
    byte[] clientNoise = noise(capture, "client");
    byte[] serverNoise = noise(capture, "server");
    byte[] target = serverTarget(capture);
    int relayed = 0;
    int answered = 0;
    int replied = 0;
    for (JsonNode g : LiveCaptures.dhtRpc(capture)) {
      PeerAddress from = LiveCaptures.source(g);
      PeerAddress to = LiveCaptures.destination(g);
      String sender = node(g, "fromLabel");
      if (isHandshake(g, true, HyperDhtConstants.MODE_FROM_RELAY)) {
        relayed++;
        assertThat(persistent(capture, sender)).isTrue();
        JsonNode fromClient = earlier(capture, g, from, true, "PEER_HANDSHAKE");
        assertThat(fromClient).isNotNull();
        byte[] value =
            HandshakeMessages.encode(
                new HandshakeMessage(
                    HyperDhtConstants.MODE_FROM_RELAY, clientNoise, LiveCaptures.source(fromClient), null));
        DhtRequest built =
            new DhtRequest(
                tid(g), to, isServerSocket(g) ? NodeId.of(from, CRYPTO) : null, null, false,
                HyperDhtConstants.PEER_HANDSHAKE, target, value);
        assertThat(built.flags()).isEqualTo(25);
        assertThat(hex(Messages.encode(built))).as("#%s", g.get("n")).isEqualTo(g.get("hex").asText());
      } else if (isHandshake(g, true, HyperDhtConstants.MODE_FROM_SERVER)) {
        answered++;
        assertThat(sender).isEqualTo("server-dht");
        // The FROM_RELAY this answers came from the relay (our destination), same tid.
        JsonNode relay = null;
        for (JsonNode x : LiveCaptures.dhtRpc(capture)) {
          if (x.get("n").asInt() >= g.get("n").asInt()) break;
          if (isHandshake(x, true, HyperDhtConstants.MODE_FROM_RELAY)
              && tid(x) == tid(g)
              && LiveCaptures.source(x).equals(to)) {
            relay = x;
          }
        }
        assertThat(relay).as("#%s answers a FROM_RELAY", g.get("n")).isNotNull();
        PeerAddress client =
            LiveCaptures.address(relay.get("decoded").get("valueDecoded").get("peerAddress"));
        byte[] value =
            HandshakeMessages.encode(
                new HandshakeMessage(HyperDhtConstants.MODE_FROM_SERVER, serverNoise, client, null));
        DhtRequest built =
            new DhtRequest(
                tid(g), to, null, null, false, HyperDhtConstants.PEER_HANDSHAKE, target, value);
        assertThat(built.flags()).isEqualTo(24);
        assertThat(hex(Messages.encode(built))).as("#%s", g.get("n")).isEqualTo(g.get("hex").asText());
      } else if (isHandshake(g, false, HyperDhtConstants.MODE_REPLY)) {
        replied++;
        boolean direct = sender.equals("server-dht");
        PeerAddress serverSeen = null;
        if (!direct) {
          JsonNode fromServer = null;
          for (JsonNode x : LiveCaptures.dhtRpc(capture)) {
            if (x.get("n").asInt() >= g.get("n").asInt()) break;
            if (isHandshake(x, true, HyperDhtConstants.MODE_FROM_SERVER)
                && tid(x) == tid(g)
                && LiveCaptures.destination(x).equals(from)) {
              fromServer = x;
            }
          }
          assertThat(fromServer).as("#%s relays a FROM_SERVER", g.get("n")).isNotNull();
          serverSeen = LiveCaptures.source(fromServer);
        }
        byte[] value =
            HandshakeMessages.encode(
                new HandshakeMessage(HyperDhtConstants.MODE_REPLY, serverNoise, serverSeen, null));
        byte[] id =
            persistent(capture, sender) && isServerSocket(g) ? NodeId.of(from, CRYPTO) : null;
        DhtResponse built = new DhtResponse(tid(g), to, id, null, null, 0, value);
        // Persistent relay: id + value (17); the ephemeral server answering directly: value only (16).
        assertThat(built.flags()).isEqualTo(direct ? 16 : 17);
        assertThat(hex(Messages.encode(built))).as("#%s", g.get("n")).isEqualTo(g.get("hex").asText());
      }
    }
    assertThat(relayed + answered + replied).isPositive();
    assertThat(replied).isPositive();
    if (!capture.equals("live-exchange-swarm")) {
      assertThat(relayed).isPositive();
      assertThat(answered).isPositive();
    }
  }

  /** 6.6: the swarm client's first handshake goes directly to the server node, which answers flags 16. */
  @Test
  void swarmDirectHandshake() {
    String capture = "live-exchange-swarm";
    boolean sawDirectRequest = false;
    boolean sawDirectReply = false;
    for (JsonNode g : LiveCaptures.dhtRpc(capture)) {
      if (isHandshake(g, true, HyperDhtConstants.MODE_FROM_CLIENT)
          && node(g, "toLabel").equals("server-dht")) {
        sawDirectRequest = true;
      }
      if (isHandshake(g, false, HyperDhtConstants.MODE_REPLY) && node(g, "fromLabel").equals("server-dht")) {
        sawDirectReply = true;
        assertThat(g.get("decoded").get("flags").asInt()).isEqualTo(16);
        assertThat(g.get("decoded").get("valueDecoded").get("peerAddress").isNull()).isTrue();
      }
    }
    assertThat(sawDirectRequest).isTrue();
    assertThat(sawDirectReply).isTrue();
  }

  /** 6.4: the client's round-0 PEER_HOLEPUNCH: flags 24, mode FROM_CLIENT, the server's slot id. */
  @Test
  void clientHolepunchRequests() {
    int seen = 0;
    for (String capture : List.of("live-exchange-firewalled", "live-exchange-holepunch")) {
      byte[] target = serverTarget(capture);
      for (JsonNode g : LiveCaptures.dhtRpc(capture)) {
        if (!LiveCaptures.isRequest(g) || !LiveCaptures.command(g).equals("PEER_HOLEPUNCH")) continue;
        JsonNode vd = g.get("decoded").get("valueDecoded");
        if (vd.get("mode").asLong() != HyperDhtConstants.MODE_FROM_CLIENT) continue;
        seen++;
        assertThat(node(g, "fromLabel")).isEqualTo("client-dht");
        byte[] value =
            HandshakeMessages.encode(
                new HolepunchMessage(
                    HyperDhtConstants.MODE_FROM_CLIENT,
                    vd.get("id").asLong(),
                    bytes(vd.get("payload")),
                    LiveCaptures.address(vd.get("peerAddress"))));
        DhtRequest built =
            new DhtRequest(
                tid(g), LiveCaptures.destination(g), null, null, false,
                HyperDhtConstants.PEER_HOLEPUNCH, target, value);
        assertThat(built.flags()).isEqualTo(24);
        assertThat(hex(Messages.encode(built))).isEqualTo(g.get("hex").asText());
        HolepunchPayload payload = LiveCaptures.holepunchPayload(vd.get("payloadDecrypted"));
        assertThat(payload.round()).isZero();
        assertThat(payload.remoteAddress()).isNotNull();
      }
    }
    assertThat(seen).isPositive();
  }

  /**
   * 6.3/6.8: ANNOUNCE requests are flags 26 (token + target + value) from the ephemeral server
   * node, the value 98 bytes for a record without relays; storage errors are flags 13 (id + closer
   * nodes + error) with SEQ_TOO_LOW.
   */
  @Test
  void announceAndStorageErrorShapes() {
    int announces = 0;
    for (String capture : LiveCaptures.LIVE) {
      for (JsonNode g : LiveCaptures.dhtRpc(capture)) {
        if (!LiveCaptures.isRequest(g)
            || !List.of("ANNOUNCE", "UNANNOUNCE").contains(LiveCaptures.command(g))) continue;
        announces++;
        JsonNode d = g.get("decoded");
        assertThat(d.get("flags").asInt()).isEqualTo(26);
        AnnounceMessage m = PeerRecords.decodeAnnounce(bytes(d.get("value")));
        assertThat(m.flags()).isEqualTo(AnnounceMessage.FLAG_PEER | AnnounceMessage.FLAG_SIGNATURE);
        assertThat(bytes(d.get("value")))
            .hasSize(1 + 32 + 1 + 6 * m.peer().relayAddresses().size() + 64);
      }
    }
    assertThat(announces).isPositive();

    int errors = 0;
    for (JsonNode g : LiveCaptures.dhtRpc("live-exchange-storage")) {
      JsonNode d = g.get("decoded");
      if (LiveCaptures.isRequest(g) || d.get("error").asLong() != HyperDhtConstants.ERROR_SEQ_TOO_LOW) continue;
      errors++;
      assertThat(LiveCaptures.command(g)).isEqualTo("MUTABLE_PUT");
      DhtResponse built =
          new DhtResponse(
              tid(g), LiveCaptures.destination(g), NodeId.of(LiveCaptures.source(g), CRYPTO), null,
              LiveCaptures.addresses(d.get("closerNodes")), HyperDhtConstants.ERROR_SEQ_TOO_LOW, null);
      assertThat(built.flags()).isEqualTo(13);
      assertThat(hex(Messages.encode(built))).isEqualTo(g.get("hex").asText());
    }
    assertThat(errors).isEqualTo(2);
  }

  /** 8.1 #5: every reply's {@code to} is the requester's address as the responder saw it. */
  @ParameterizedTest(name = "{0}")
  @MethodSource("captures")
  void replyToIsTheRequesterAsSeen(String capture) {
    int checked = 0;
    for (JsonNode g : LiveCaptures.dhtRpc(capture)) {
      // Requests: the destination as the sender knows it; replies (relayed REPLYs included): the
      // requester as the responder saw it, which is also where the reply is sent.
      assertThat(LiveCaptures.address(g.get("decoded").get("to")))
          .as("#%s", g.get("n"))
          .isEqualTo(LiveCaptures.destination(g));
      checked++;
    }
    assertThat(checked).isPositive();
  }
}
