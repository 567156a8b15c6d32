package io.protomux.wakeup.domain.hyperdht;

import static io.protomux.wakeup.domain.hyperdht.LiveCaptures.bytes;
import static io.protomux.wakeup.domain.hyperdht.LiveCaptures.hex;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.protomux.wakeup.adapters.bouncycastle.BouncyCastleCrypto;
import io.protomux.wakeup.domain.dht.NodeId;
import io.protomux.wakeup.domain.dht.PeerAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The signatures in the captures (HYPERDHT.md 3.5): every ANNOUNCE and UNANNOUNCE verifies for the
 * node it was sent to (its id is H(its address)) with the token of the request, and that token is
 * the one the node gave the requester; where the capture has the signing key, our signature is
 * the reference's byte for byte (Ed25519 is deterministic). Mutable and immutable values too.
 */
class CaptureSignaturesTest {
  private static final BouncyCastleCrypto CRYPTO = new BouncyCastleCrypto();
  private static final AnnounceSignatures SIGNATURES = new AnnounceSignatures(CRYPTO, CRYPTO);

  static Stream<Arguments> announces() {
    List<Arguments> out = new ArrayList<>();
    for (String name : LiveCaptures.ALL) {
      for (JsonNode g : LiveCaptures.dhtRpc(name)) {
        if (LiveCaptures.isRequest(g)
            && List.of("ANNOUNCE", "UNANNOUNCE").contains(LiveCaptures.command(g))) {
          out.add(Arguments.of(name, g.get("n").asInt(), g));
        }
      }
    }
    return out.stream();
  }

  @ParameterizedTest(name = "{0} #{1}")
  @MethodSource("announces")
  void announceSignatureVerifiesForTheStoringNode(String capture, int n, JsonNode g) {
    JsonNode d = g.get("decoded");
    boolean announce = d.get("commandName").asText().equals("ANNOUNCE");
    PeerAddress storing = LiveCaptures.destination(g);
    byte[] storingId = NodeId.of(storing, CRYPTO);
    byte[] token = bytes(d.get("token"));
    byte[] target = bytes(d.get("target"));
    AnnounceMessage m = PeerRecords.decodeAnnounce(bytes(d.get("value")));
    assertThat(m.peer()).isNotNull();
    assertThat(m.signature()).isNotNull();
    if (!announce) {
      assertThat(m.peer().relayAddresses()).as("unannounces carry no relays").isEmpty();
    }

    assertThat(verify(announce, target, storingId, token, m)).isTrue();
    // ... and for nothing else: another namespace, another node, another token, another target.
    assertThat(verify(!announce, target, storingId, token, m)).isFalse();
    byte[] neighbour = NodeId.of(new PeerAddress(storing.host(), storing.port() ^ 1), CRYPTO);
    assertThat(verify(announce, target, neighbour, token, m)).isFalse();
    byte[] otherToken = token.clone();
    otherToken[0] ^= 1;
    assertThat(verify(announce, target, storingId, otherToken, m)).isFalse();
    byte[] otherTarget = target.clone();
    otherTarget[31] ^= 1;
    assertThat(verify(announce, otherTarget, storingId, token, m)).isFalse();

    // The token is one the storing node handed this requester in an earlier reply, with its id.
    JsonNode reply = earlierReplyWithToken(capture, g, storing, d.get("token").asText());
    assertThat(reply).as("a reply from %s that gave token %s", storing, d.get("token").asText()).isNotNull();
    JsonNode replyId = reply.get("decoded").get("id");
    assertThat(replyId.isNull()).isFalse();
    assertThat(replyId.asText()).isEqualTo(hex(storingId));

    // With the key at hand, our signature is the captured one, byte for byte.
    JsonNode keys = LiveCaptures.load(capture).get("keys");
    if (keys != null
        && hex(m.peer().publicKey()).equals(keys.get("server").get("publicKey").asText())) {
      byte[] secretKey = bytes(keys.get("server").get("secretKey"));
      byte[] signature =
          announce
              ? SIGNATURES.signAnnounce(target, storingId, token, m.peer(), m.refresh(), secretKey)
              : SIGNATURES.signUnannounce(target, storingId, token, m.peer(), m.refresh(), secretKey);
      assertThat(hex(signature)).isEqualTo(hex(m.signature()));
      AnnounceMessage rebuilt = new AnnounceMessage(m.peer(), null, signature, 0);
      assertThat(hex(PeerRecords.encode(rebuilt))).isEqualTo(d.get("value").asText());
    }
  }

  @Test
  void everyCaptureWithAServerAnnounces() {
    long live = announces().filter(a -> !LiveCaptures.isNat((String) a.get()[0])).count();
    long nat = announces().filter(a -> LiveCaptures.isNat((String) a.get()[0])).count();
    assertThat(live).isGreaterThanOrEqualTo(10);
    assertThat(nat).isPositive();
  }

  @Test
  void mutableValuesAreSignedByTheKeyTheyAreStoredUnder() {
    String capture = "live-exchange-storage";
    JsonNode keys = LiveCaptures.load(capture).get("keys");
    byte[] publicKey = bytes(keys.get("server").get("publicKey"));
    byte[] secretKey = bytes(keys.get("server").get("secretKey"));
    int puts = 0;
    int gets = 0;
    for (JsonNode g : LiveCaptures.dhtRpc(capture)) {
      JsonNode d = g.get("decoded");
      String command = LiveCaptures.command(g);
      if (LiveCaptures.isRequest(g) && command.equals("MUTABLE_PUT")) {
        puts++;
        MutablePutRequest put = ValueMessages.decodeMutablePutRequest(bytes(d.get("value")));
        assertThat(put.publicKey()).isEqualTo(publicKey);
        assertThat(CRYPTO.hash(put.publicKey())).isEqualTo(bytes(d.get("target")));
        assertThat(SIGNATURES.verify(put)).isTrue();
        assertThat(SIGNATURES.verifyMutable(put.publicKey(), put.seq() + 1, put.value(), put.signature()))
            .isFalse();
        assertThat(SIGNATURES.signMutable(put.seq(), put.value(), secretKey))
            .isEqualTo(put.signature());
      }
      if (!LiveCaptures.isRequest(g) && command.equals("MUTABLE_GET") && !d.get("value").isNull()) {
        gets++;
        MutableGetResponse got = ValueMessages.decodeMutableGetResponse(bytes(d.get("value")));
        assertThat(SIGNATURES.verifyMutable(publicKey, got.seq(), got.value(), got.signature()))
            .isTrue();
      }
    }
    assertThat(puts).isEqualTo(4);
    assertThat(gets).isPositive();
  }

  @Test
  void immutableValuesAreStoredUnderTheirHash() {
    String capture = "live-exchange-storage";
    List<JsonNode> all = LiveCaptures.dhtRpc(capture);
    int puts = 0;
    int gets = 0;
    for (JsonNode g : all) {
      JsonNode d = g.get("decoded");
      String command = LiveCaptures.command(g);
      if (LiveCaptures.isRequest(g) && command.equals("IMMUTABLE_PUT")) {
        puts++;
        assertThat(hex(CRYPTO.hash(bytes(d.get("value"))))).isEqualTo(d.get("target").asText());
      }
      if (!LiveCaptures.isRequest(g) && command.equals("IMMUTABLE_GET") && !d.get("value").isNull()) {
        gets++;
        JsonNode request = requestAnswered(all, g);
        assertThat(request).isNotNull();
        assertThat(hex(CRYPTO.hash(bytes(d.get("value")))))
            .isEqualTo(request.get("decoded").get("target").asText());
      }
    }
    assertThat(puts).isEqualTo(2);
    assertThat(gets).isPositive();
  }

  private static boolean verify(
      boolean announce, byte[] target, byte[] nodeId, byte[] token, AnnounceMessage m) {
    return announce
        ? SIGNATURES.verifyAnnounce(target, nodeId, token, m)
        : SIGNATURES.verifyUnannounce(target, nodeId, token, m);
  }

  /** The latest reply before {@code request} from {@code storing} carrying {@code token}. */
  private static JsonNode earlierReplyWithToken(
      String capture, JsonNode request, PeerAddress storing, String token) {
    JsonNode found = null;
    PeerAddress requester = LiveCaptures.source(request);
    for (JsonNode g : LiveCaptures.dhtRpc(capture)) {
      if (g.get("n").asInt() >= request.get("n").asInt()) {
        break;
      }
      if (LiveCaptures.isRequest(g) || !storing.equals(LiveCaptures.source(g))) {
        continue;
      }
      if (requester != null && !requester.equals(LiveCaptures.destination(g))) {
        continue;
      }
      if (token.equals(g.get("decoded").get("token").asText(""))) {
        found = g;
      }
    }
    return found;
  }

  /** The request with the response's tid sent to the responder before it. */
  private static JsonNode requestAnswered(List<JsonNode> all, JsonNode response) {
    JsonNode found = null;
    for (JsonNode g : all) {
      if (g == response) {
        break;
      }
      if (LiveCaptures.isRequest(g)
          && g.get("decoded").get("tid").asInt() == response.get("decoded").get("tid").asInt()
          && LiveCaptures.destination(g).equals(LiveCaptures.source(response))) {
        found = g;
      }
    }
    return found;
  }
}
