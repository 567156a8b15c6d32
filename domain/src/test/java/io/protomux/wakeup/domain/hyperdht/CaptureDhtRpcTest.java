package io.protomux.wakeup.domain.hyperdht;

import static io.protomux.wakeup.domain.hyperdht.LiveCaptures.address;
import static io.protomux.wakeup.domain.hyperdht.LiveCaptures.addresses;
import static io.protomux.wakeup.domain.hyperdht.LiveCaptures.addressOrNull;
import static io.protomux.wakeup.domain.hyperdht.LiveCaptures.bytes;
import static io.protomux.wakeup.domain.hyperdht.LiveCaptures.bytesOrNull;
import static io.protomux.wakeup.domain.hyperdht.LiveCaptures.hex;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.protomux.wakeup.adapters.bouncycastle.BouncyCastleCrypto;
import io.protomux.wakeup.domain.dht.Commands;
import io.protomux.wakeup.domain.dht.DhtMessage;
import io.protomux.wakeup.domain.dht.DhtRequest;
import io.protomux.wakeup.domain.dht.DhtResponse;
import io.protomux.wakeup.domain.dht.Messages;
import io.protomux.wakeup.domain.dht.NodeId;
import io.protomux.wakeup.domain.dht.PeerAddress;
import io.protomux.wakeup.testvectors.Vectors;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every dht-rpc datagram of every live capture, replayed field by field (HYPERDHT.md 6.2): decoded
 * with {@link Messages#decode}, compared with the capture's {@code decoded}, re-encoded byte-exact,
 * its id checked against the source address as a receiver does, and its value decoded per command
 * with the hyperdht codecs, compared with {@code valueDecoded} and re-encoded byte-exact.
 */
class CaptureDhtRpcTest {
  private static final BouncyCastleCrypto CRYPTO = new BouncyCastleCrypto();
  private static final String[] INTERNAL_NAMES = {
    "PING", "PING_NAT", "FIND_NODE", "DOWN_HINT", "DELAYED_PING"
  };
  /** Commands whose value the capture leaves undecoded although one may be present. */
  private static final Set<String> RAW_VALUES = Set.of("IMMUTABLE_PUT", "IMMUTABLE_GET");

  static Stream<Arguments> datagrams() {
    List<Arguments> out = new ArrayList<>();
    for (String name : LiveCaptures.ALL) {
      for (JsonNode g : LiveCaptures.dhtRpc(name)) {
        out.add(Arguments.of(name, g.get("n").asInt(), g));
      }
    }
    return out.stream();
  }

  @ParameterizedTest(name = "{0} #{1}")
  @MethodSource("datagrams")
  void decodesToTheCapturedFieldsAndReencodesByteExact(String capture, int n, JsonNode g) {
    byte[] datagram = bytes(g.get("hex"));
    JsonNode d = g.get("decoded");
    assertThat(datagram).hasSize(g.get("length").asInt());
    assertThat(d.get("trailingBytes").asInt()).isZero();

    DhtMessage message = Messages.decode(datagram);
    PeerAddress to = address(d.get("to"));
    if (d.get("type").asText().equals("request")) {
      assertThat(g.get("kind").asText()).isEqualTo("dht-rpc request");
      assertThat(message).isInstanceOf(DhtRequest.class);
      DhtRequest request = (DhtRequest) message;
      DhtRequest expected =
          new DhtRequest(
              d.get("tid").asInt(),
              to,
              bytesOrNull(d.get("id")),
              bytesOrNull(d.get("token")),
              d.get("internal").asBoolean(),
              d.get("command").asLong(),
              bytesOrNull(d.get("target")),
              bytesOrNull(d.get("value")));
      assertThat(request).isEqualTo(expected);
      assertThat(request.flags()).isEqualTo(d.get("flags").asInt());
      assertThat(commandName(request)).isEqualTo(d.get("commandName").asText());
      assertThat(hex(Messages.encode(expected))).isEqualTo(g.get("hex").asText());
    } else {
      assertThat(g.get("kind").asText()).isEqualTo("dht-rpc response");
      assertThat(message).isInstanceOf(DhtResponse.class);
      DhtResponse response = (DhtResponse) message;
      DhtResponse expected =
          new DhtResponse(
              d.get("tid").asInt(),
              to,
              bytesOrNull(d.get("id")),
              bytesOrNull(d.get("token")),
              addresses(d.get("closerNodes")),
              d.get("error").asLong(),
              bytesOrNull(d.get("value")));
      assertThat(response).isEqualTo(expected);
      assertThat(response.flags()).isEqualTo(d.get("flags").asInt());
      assertThat(hex(Messages.encode(expected))).isEqualTo(g.get("hex").asText());
    }
    assertThat(datagram[1] & 0xff).as("flags byte").isEqualTo(d.get("flags").asInt());
    assertThat(hex(Messages.encode(message))).isEqualTo(g.get("hex").asText());

    if (d.has("idMatchesSource")) {
      byte[] id = bytes(d.get("id"));
      PeerAddress source = LiveCaptures.source(g);
      assertThat(NodeId.validate(id, source, CRYPTO) != null)
          .as("id of %s", source)
          .isEqualTo(d.get("idMatchesSource").asBoolean());
    } else if (!LiveCaptures.isNat(capture)) {
      assertThat(d.get("id").isNull()).as("a live capture judges every id it shows").isTrue();
    }

    checkValue(capture, LiveCaptures.command(g), LiveCaptures.isRequest(g), d);
  }

  /** Every kind of value the captures carry was seen at least once (the replay is not vacuous). */
  @Test
  void theCapturesCoverEveryValueCodec() {
    Set<String> seen = new java.util.TreeSet<>();
    for (String name : LiveCaptures.ALL) {
      for (JsonNode g : LiveCaptures.dhtRpc(name)) {
        if (!g.get("decoded").get("valueDecoded").isNull()) {
          seen.add((LiveCaptures.isRequest(g) ? "request " : "response ") + LiveCaptures.command(g));
        }
      }
    }
    assertThat(seen)
        .contains(
            "request PEER_HANDSHAKE",
            "response PEER_HANDSHAKE",
            "request PEER_HOLEPUNCH",
            "response PEER_HOLEPUNCH",
            "request ANNOUNCE",
            "request UNANNOUNCE",
            "response FIND_PEER",
            "response LOOKUP",
            "request MUTABLE_PUT",
            "request MUTABLE_GET",
            "response MUTABLE_GET",
            "request PING_NAT");
  }

  /** The opener of sealed holepunch payloads used below, checked on the fixed-nonce vectors. */
  @Test
  void holepunchPayloadVectorsOpenAndDecode() {
    JsonNode v = Vectors.load("dht/holepunch-payload.json");
    byte[] secret = bytes(v.get("holepunchSecret"));
    List<JsonNode> payloads = LiveCaptures.list(v.get("payloads"));
    assertThat(payloads).isNotEmpty();
    for (JsonNode p : payloads) {
      byte[] encrypted = bytes(p.get("encrypted"));
      assertThat(hex(java.util.Arrays.copyOf(encrypted, 24))).isEqualTo(p.get("nonce").asText());
      byte[] plaintext = LiveCaptures.secretboxOpen(secret, encrypted);
      assertThat(plaintext).isNotNull();
      assertThat(hex(plaintext)).isEqualTo(p.get("plaintext").asText());
      HolepunchPayload expected = LiveCaptures.holepunchPayload(p.get("payload"));
      assertThat(HandshakeMessages.decodeHolepunchPayload(plaintext)).isEqualTo(expected);
      assertThat(hex(HandshakeMessages.encode(expected))).isEqualTo(p.get("plaintext").asText());
      encrypted[encrypted.length - 1] ^= 1;
      assertThat(LiveCaptures.secretboxOpen(secret, encrypted)).as("tampered").isNull();
    }
  }

  private static String commandName(DhtRequest request) {
    if (request.internal()) {
      return request.command() < INTERNAL_NAMES.length
          ? INTERNAL_NAMES[(int) request.command()]
          : null;
    }
    return HyperDhtConstants.commandName(request.command());
  }

  private static void checkValue(String capture, String command, boolean request, JsonNode d) {
    JsonNode vd = d.get("valueDecoded");
    byte[] value = bytesOrNull(d.get("value"));
    if (vd == null || vd.isNull()) {
      if (!RAW_VALUES.contains(command)) {
        assertThat(value).as("a value the capture did not decode").isNull();
      }
      return;
    }
    assertThat(value).isNotNull();
    switch (command) {
      case "PEER_HANDSHAKE" -> {
        HandshakeMessage expected =
            new HandshakeMessage(
                vd.get("mode").asLong(),
                bytes(vd.get("noise")),
                addressOrNull(vd.get("peerAddress")),
                addressOrNull(vd.get("relayAddress")));
        assertThat(HandshakeMessages.decodeHandshake(value)).isEqualTo(expected);
        assertThat(HandshakeMessages.encode(expected)).isEqualTo(value);
      }
      case "PEER_HOLEPUNCH" -> {
        HolepunchMessage expected =
            new HolepunchMessage(
                vd.get("mode").asLong(),
                vd.get("id").asLong(),
                bytes(vd.get("payload")),
                addressOrNull(vd.get("peerAddress")));
        assertThat(HandshakeMessages.decodeHolepunch(value)).isEqualTo(expected);
        assertThat(HandshakeMessages.encode(expected)).isEqualTo(value);
        // The sealed payload: opened with the connection's holepunch secret, its plaintext is
        // exactly our encoding of payloadDecrypted, and decodes back to it.
        HolepunchPayload payload = LiveCaptures.holepunchPayload(vd.get("payloadDecrypted"));
        byte[] plaintext =
            LiveCaptures.secretboxOpen(LiveCaptures.holepunchSecret(capture), expected.payload());
        assertThat(plaintext).as("payload opens with the holepunch secret").isNotNull();
        assertThat(hex(plaintext)).isEqualTo(hex(HandshakeMessages.encode(payload)));
        assertThat(HandshakeMessages.decodeHolepunchPayload(plaintext)).isEqualTo(payload);
      }
      case "FIND_PEER" -> {
        assertThat(request).isFalse();
        PeerRecord expected = LiveCaptures.peerRecord(vd);
        assertThat(PeerRecords.decode(value)).isEqualTo(expected);
        assertThat(PeerRecords.encode(expected)).isEqualTo(value);
      }
      case "LOOKUP" -> {
        assertThat(request).isFalse();
        List<PeerRecord> peers = new ArrayList<>();
        vd.get("peers").forEach(p -> peers.add(LiveCaptures.peerRecord(p)));
        LookupReply expected = new LookupReply(peers, vd.get("bump").asLong());
        assertThat(PeerRecords.decodeLookupReply(value)).isEqualTo(expected);
        assertThat(PeerRecords.encode(expected)).isEqualTo(value);
      }
      case "ANNOUNCE", "UNANNOUNCE" -> {
        assertThat(request).isTrue();
        JsonNode peer = vd.get("peer");
        AnnounceMessage expected =
            new AnnounceMessage(
                peer.isNull() ? null : LiveCaptures.peerRecord(peer),
                bytesOrNull(vd.get("refresh")),
                bytesOrNull(vd.get("signature")),
                vd.get("bump").asLong());
        assertThat(PeerRecords.decodeAnnounce(value)).isEqualTo(expected);
        assertThat(PeerRecords.encode(expected)).isEqualTo(value);
      }
      case "MUTABLE_PUT" -> {
        assertThat(request).isTrue();
        MutablePutRequest expected =
            new MutablePutRequest(
                bytes(vd.get("publicKey")),
                vd.get("seq").asLong(),
                bytes(vd.get("value")),
                bytes(vd.get("signature")));
        assertThat(ValueMessages.decodeMutablePutRequest(value)).isEqualTo(expected);
        assertThat(ValueMessages.encode(expected)).isEqualTo(value);
      }
      case "MUTABLE_GET" -> {
        if (request) {
          assertThat(ValueMessages.decodeMutableGetRequest(value)).isEqualTo(vd.get("seq").asLong());
          assertThat(ValueMessages.encodeMutableGetRequest(vd.get("seq").asLong())).isEqualTo(value);
        } else {
          MutableGetResponse expected =
              new MutableGetResponse(
                  vd.get("seq").asLong(), bytes(vd.get("value")), bytes(vd.get("signature")));
          assertThat(ValueMessages.decodeMutableGetResponse(value)).isEqualTo(expected);
          assertThat(ValueMessages.encode(expected)).isEqualTo(value);
        }
      }
      case "PING_NAT" -> {
        // dht-rpc's PING_NAT value: the asker's server socket port as uint16 LE (DhtNode reads
        // it so); the reply goes to that port.
        assertThat(request).isTrue();
        assertThat(value).hasSize(2);
        assertThat((value[0] & 0xff) | (value[1] & 0xff) << 8)
            .isEqualTo(vd.get("serverSocketPort").asInt());
        assertThat(d.get("command").asInt()).isEqualTo(Commands.PING_NAT);
      }
      default -> throw new AssertionError("no codec for a " + command + " value: " + vd);
    }
  }
}
