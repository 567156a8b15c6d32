package io.protomux.wakeup.domain.hyperdht;

import static io.protomux.wakeup.domain.hyperdht.LiveCaptures.bytes;
import static io.protomux.wakeup.domain.hyperdht.LiveCaptures.hex;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.protomux.wakeup.adapters.bouncycastle.BouncyCastleCrypto;
import io.protomux.wakeup.domain.noise.NoiseIkHandshake;
import io.protomux.wakeup.domain.stream.NoiseSecretStream;
import io.protomux.wakeup.domain.udx.UdxHeader;
import io.protomux.wakeup.domain.udx.UdxPacket;
import io.protomux.wakeup.ports.crypto.KeyPair;
import io.protomux.wakeup.ports.crypto.SecretStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The connection of each live capture (HYPERDHT.md 6.2 {@code handshakes[]} and {@code
 * streams[]}): the Noise payloads as our codec encodes and decodes them, the first IK message
 * opened by our responder with the server's fixed key, the derived values of the final entries,
 * and the secret-stream bytes on the UDX stream: header frames carrying our stream ids, messages
 * that our secretstream pull decrypts to the captured plaintexts.
 */
class CaptureHandshakesTest {
  private static final BouncyCastleCrypto CRYPTO = new BouncyCastleCrypto();
  private static final Namespaces NS = Namespaces.derive(CRYPTO);

  static List<String> connections() {
    return LiveCaptures.CONNECTIONS;
  }

  private static List<JsonNode> entries(String capture, String role, String op) {
    return LiveCaptures.list(LiveCaptures.load(capture).get("handshakes")).stream()
        .filter(h -> h.get("role").asText().equals(role) && h.get("op").asText().equals(op))
        .toList();
  }

  private static JsonNode one(String capture, String role, String op) {
    List<JsonNode> found = entries(capture, role, op);
    assertThat(found).as("%s %s entries", role, op).hasSize(1);
    return found.get(0);
  }

  private static String other(String role) {
    return role.equals("client") ? "server" : "client";
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("connections")
  void payloadsEncodeAsCapturedAndDecodeBack(String capture) {
    assertThat(LiveCaptures.list(LiveCaptures.load(capture).get("handshakes"))).hasSize(6);
    for (String role : List.of("client", "server")) {
      JsonNode send = one(capture, role, "send");
      JsonNode recv = one(capture, other(role), "recv");
      NoisePayload given = LiveCaptures.noisePayload(send.get("payload"));
      byte[] encoded = NoisePayloads.encode(given);
      assertThat(hex(encoded)).as("%s payloadEncoded", role).isEqualTo(send.get("payloadEncoded").asText());
      NoisePayload decoded = NoisePayloads.decode(encoded);
      assertThat(decoded).as("%s payload decoded back", role).isEqualTo(given);
      // What the peer's decoder returned (defaults included) is what ours returns.
      assertThat(decoded).isEqualTo(LiveCaptures.noisePayload(recv.get("payload")));
      assertThat(recv.get("noiseMessage").asText()).isEqualTo(send.get("noiseMessage").asText());
      int overhead =
          role.equals("client")
              ? NoiseIkHandshake.MESSAGE1_OVERHEAD
              : NoiseIkHandshake.MESSAGE2_OVERHEAD;
      assertThat(bytes(send.get("noiseMessage"))).hasSize(overhead + encoded.length);
    }
  }

  /** Our responder, with the server's fixed key pair, opens the captured first message. */
  @ParameterizedTest(name = "{0}")
  @MethodSource("connections")
  void ourResponderOpensTheClientsFirstMessage(String capture) {
    JsonNode keys = LiveCaptures.load(capture).get("keys");
    KeyPair server =
        new KeyPair(bytes(keys.get("server").get("publicKey")), bytes(keys.get("server").get("secretKey")));
    assertThat(CRYPTO.keyPair(bytes(keys.get("server").get("seed"))).publicKey())
        .isEqualTo(server.publicKey());
    JsonNode send = one(capture, "client", "send");
    NoiseIkHandshake responder = NoiseIkHandshake.responder(CRYPTO, server, NS.peerHandshake());
    byte[] payload = responder.receive(bytes(send.get("noiseMessage")));
    assertThat(hex(payload)).isEqualTo(send.get("payloadEncoded").asText());
    assertThat(responder.remoteStaticKey()).isEqualTo(bytes(keys.get("client").get("publicKey")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("connections")
  void finalEntriesAgreeAndDeriveTheHolepunchSecret(String capture) {
    JsonNode client = one(capture, "client", "final");
    JsonNode server = one(capture, "server", "final");
    JsonNode keys = LiveCaptures.load(capture).get("keys");
    byte[] hash = bytes(client.get("handshakeHash"));
    assertThat(hash).hasSize(64);
    assertThat(bytes(server.get("handshakeHash"))).isEqualTo(hash);
    assertThat(client.get("tx").asText()).isEqualTo(server.get("rx").asText());
    assertThat(client.get("rx").asText()).isEqualTo(server.get("tx").asText());
    byte[] holepunchSecret = CRYPTO.keyedHash(32, hash, NS.peerHolepunch());
    assertThat(hex(holepunchSecret)).isEqualTo(client.get("holepunchSecret").asText());
    assertThat(hex(holepunchSecret)).isEqualTo(server.get("holepunchSecret").asText());
    assertThat(client.get("remotePublicKey").asText())
        .isEqualTo(keys.get("server").get("publicKey").asText());
    assertThat(server.get("remotePublicKey").asText())
        .isEqualTo(keys.get("client").get("publicKey").asText());
    // The phases report the same hash on both ends, with the client as initiator.
    List<JsonNode> opened =
        LiveCaptures.list(LiveCaptures.load(capture).get("phases")).stream()
            .filter(p -> p.has("handshakeHash"))
            .toList();
    assertThat(opened).hasSize(2);
    for (JsonNode p : opened) {
      assertThat(p.get("handshakeHash").asText()).isEqualTo(hex(hash));
      assertThat(p.get("isInitiator").asBoolean())
          .isEqualTo(p.get("phase").asText().startsWith("client"));
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("connections")
  void streamsCarryOurStreamIdsAndDecryptWithTheSendersTxKey(String capture) {
    JsonNode root = LiveCaptures.load(capture);
    byte[] hash = bytes(one(capture, "client", "final").get("handshakeHash"));
    List<JsonNode> streams = LiveCaptures.list(root.get("streams"));
    assertThat(streams).hasSize(2);
    List<String> plaintexts = new ArrayList<>();
    for (JsonNode stream : streams) {
      String direction = stream.get("direction").asText();
      boolean fromClient = direction.equals("clientToServer");
      String sender = fromClient ? "client" : "server";
      byte[] tx = bytes(one(capture, sender, "final").get("tx"));
      List<JsonNode> frames = LiveCaptures.list(stream.get("frames"));
      assertThat(frames.size()).isGreaterThanOrEqualTo(2);

      ByteArrayOutputStream all = new ByteArrayOutputStream();
      for (JsonNode f : frames) {
        byte[] frame = bytes(f.get("frameHex"));
        int length = (frame[0] & 0xff) | (frame[1] & 0xff) << 8 | (frame[2] & 0xff) << 16;
        assertThat(length).isEqualTo(f.get("length").asInt()).isEqualTo(frame.length - 3);
        all.writeBytes(frame);
      }
      assertThat(all.size()).isEqualTo(stream.get("totalBytes").asInt());

      JsonNode header = frames.get(0);
      byte[] headerFrame = bytes(header.get("frameHex"));
      assertThat(headerFrame).hasSize(3 + 32 + SecretStream.HEADER_BYTES);
      byte[] streamId = NoiseSecretStream.streamId(CRYPTO, hash, fromClient);
      assertThat(hex(streamId)).as("%s stream id", sender).isEqualTo(header.get("streamId").asText());
      assertThat(Arrays.copyOfRange(headerFrame, 3, 35)).isEqualTo(streamId);
      assertThat(streamId).isNotEqualTo(NoiseSecretStream.streamId(CRYPTO, hash, !fromClient));
      byte[] ssHeader = bytes(header.get("secretstreamHeader"));
      assertThat(Arrays.copyOfRange(headerFrame, 35, headerFrame.length)).isEqualTo(ssHeader);

      SecretStream.Pull pull = CRYPTO.initPull(Arrays.copyOf(tx, 32), ssHeader);
      for (JsonNode f : frames.subList(1, frames.size())) {
        byte[] frame = bytes(f.get("frameHex"));
        byte[] out = new byte[frame.length - 3 - SecretStream.ABYTES];
        int tag = pull.pull(frame, 3, frame.length - 3, out, 0);
        assertThat(tag).isEqualTo(SecretStream.TAG_MESSAGE);
        assertThat(hex(out)).isEqualTo(f.get("plaintextHex").asText());
        if (f.has("plaintext")) {
          assertThat(new String(out, StandardCharsets.UTF_8)).isEqualTo(f.get("plaintext").asText());
        }
        if (out.length > 0) {
          plaintexts.add((fromClient ? "server" : "client") + ":" + new String(out, StandardCharsets.UTF_8));
        }
      }

      // The same bytes are what the captured UDX DATA packets towards the receiver carried, in
      // seq order: every packet of the stream is addressed to the receiver's udx id.
      long receiverId =
          one(capture, fromClient ? "server" : "client", "send")
              .get("payload")
              .get("udx")
              .get("id")
              .asLong();
      assertThat(udxStreamBytes(capture, receiverId)).isEqualTo(all.toByteArray());
    }
    // The application messages each side received.
    List<String> received =
        LiveCaptures.list(root.get("messages")).stream()
            .map(m -> m.get("at").asText() + ":" + m.get("data").asText())
            .sorted()
            .collect(Collectors.toList());
    assertThat(plaintexts.stream().sorted().toList()).isEqualTo(received);
  }

  /** The phases' {@code udx stream connect} entries name the ids the payloads announced. */
  @ParameterizedTest(name = "{0}")
  @MethodSource("connections")
  void udxStreamIdsAreThoseOfThePayloads(String capture) {
    long clientId = one(capture, "client", "send").get("payload").get("udx").get("id").asLong();
    long serverId = one(capture, "server", "send").get("payload").get("udx").get("id").asLong();
    List<JsonNode> connects =
        LiveCaptures.list(LiveCaptures.load(capture).get("phases")).stream()
            .filter(p -> p.get("phase").asText().equals("udx stream connect"))
            .toList();
    assertThat(connects).hasSize(2);
    for (JsonNode c : connects) {
      long own = c.get("streamId").asLong();
      assertThat(own).isIn(clientId, serverId);
      assertThat(c.get("remoteId").asLong()).isEqualTo(own == clientId ? serverId : clientId);
    }
  }

  private static byte[] udxStreamBytes(String capture, long receiverId) {
    Map<Integer, byte[]> bySeq = new TreeMap<>(Integer::compareUnsigned);
    for (JsonNode g : LiveCaptures.datagrams(capture)) {
      if (!g.get("kind").asText().equals("udx")) {
        continue;
      }
      byte[] datagram = bytes(g.get("hex"));
      UdxPacket packet = UdxPacket.parse(datagram);
      assertThat(packet).isNotNull();
      UdxHeader h = packet.header();
      if (Integer.toUnsignedLong(h.id()) != receiverId || !h.has(UdxHeader.DATA)) {
        continue;
      }
      byte[] payload =
          Arrays.copyOfRange(
              datagram, packet.payloadOffset(), packet.payloadOffset() + packet.payloadLength());
      byte[] before = bySeq.putIfAbsent(h.seq(), payload);
      if (before != null) {
        assertThat(payload).as("a retransmission carries the same bytes").isEqualTo(before);
      }
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    bySeq.values().forEach(out::writeBytes);
    return out.toByteArray();
  }
}
