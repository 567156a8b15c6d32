package io.protomux.wakeup.domain.hyperdht;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.protomux.wakeup.adapters.bouncycastle.BouncyCastleCrypto;
import io.protomux.wakeup.domain.dht.PeerAddress;
import io.protomux.wakeup.ports.crypto.KeyPair;
import io.protomux.wakeup.testvectors.Vectors;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Announce, unannounce and mutable signatures against signatures.json. */
class AnnounceSignaturesTest {
  private static final BouncyCastleCrypto CRYPTO = new BouncyCastleCrypto();
  private final AnnounceSignatures signatures = new AnnounceSignatures(CRYPTO, CRYPTO);

  static List<JsonNode> announces() {
    return list("announces");
  }

  static List<JsonNode> mutables() {
    return list("mutables");
  }

  @ParameterizedTest(name = "{index}: {0}")
  @MethodSource("announces")
  void announceSignablesSignaturesAndRequestValuesMatch(JsonNode v) {
    boolean unannounce = v.get("namespace").asText().equals("UNANNOUNCE");
    byte[] target = Vectors.hex(v.get("target"));
    byte[] nodeId = Vectors.hex(v.get("storingNodeId"));
    byte[] token = Vectors.hex(v.get("token"));
    PeerRecord peer = HyperDhtVectors.peer(v.get("peer"));
    byte[] refresh = HyperDhtVectors.bytesOrNull(v.get("refresh"));
    KeyPair pair = CRYPTO.keyPair(Vectors.hex(v.get("seed")));
    assertThat(Vectors.toHex(pair.secretKey())).isEqualTo(v.get("secretKey").asText());
    assertThat(Vectors.toHex(PeerRecords.encode(peer))).isEqualTo(v.get("peerEncoded").asText());

    byte[] signable =
        unannounce
            ? signatures.unannounceSignable(target, nodeId, token, peer, refresh)
            : signatures.announceSignable(target, nodeId, token, peer, refresh);
    assertThat(Vectors.toHex(signable)).isEqualTo(v.get("signable").asText());
    assertThat(Vectors.toHex(signable).substring(64)).isEqualTo(v.get("digest").asText());
    byte[] signature =
        unannounce
            ? signatures.signUnannounce(target, nodeId, token, peer, refresh, pair.secretKey())
            : signatures.signAnnounce(target, nodeId, token, peer, refresh, pair.secretKey());
    assertThat(Vectors.toHex(signature)).isEqualTo(v.get("signature").asText());

    AnnounceMessage request = new AnnounceMessage(peer, refresh, signature, 0);
    assertThat(Vectors.toHex(PeerRecords.encode(request)))
        .isEqualTo(v.get("requestValue").asText());

    // The storing node decodes the request and checks it with its own id and the token it got.
    AnnounceMessage received = PeerRecords.decodeAnnounce(Vectors.hex(v.get("requestValue")));
    assertThat(verify(unannounce, target, nodeId, token, received)).isTrue();
    // Signed for one purpose, one node and one token only.
    assertThat(verify(!unannounce, target, nodeId, token, received)).isFalse();
    assertThat(verify(unannounce, target, flip(nodeId), token, received)).isFalse();
    assertThat(verify(unannounce, target, nodeId, flip(token), received)).isFalse();
    assertThat(verify(unannounce, flip(target), nodeId, token, received)).isFalse();
    // The bump is not signed, the relay addresses are.
    AnnounceMessage bumped = new AnnounceMessage(peer, refresh, signature, 1_700_000_000_000L);
    assertThat(verify(unannounce, target, nodeId, token, bumped)).isTrue();
    List<PeerAddress> more = new ArrayList<>(peer.relayAddresses());
    more.add(new PeerAddress("10.9.9.9", 1));
    AnnounceMessage altered =
        new AnnounceMessage(new PeerRecord(peer.publicKey(), more), refresh, signature, 0);
    assertThat(verify(unannounce, target, nodeId, token, altered)).isFalse();
    AnnounceMessage refreshed = new AnnounceMessage(peer, new byte[32], signature, 0);
    assertThat(verify(unannounce, target, nodeId, token, refreshed)).isFalse();
  }

  @ParameterizedTest(name = "{index}: seq {0}")
  @MethodSource("mutables")
  void mutableSignablesSignaturesAndPutRequestsMatch(JsonNode v) {
    KeyPair pair = CRYPTO.keyPair(Vectors.hex(v.get("seed")));
    long seq = v.get("seq").asLong();
    byte[] value = Vectors.hex(v.get("value"));
    assertThat(Vectors.toHex(pair.publicKey())).isEqualTo(v.get("publicKey").asText());
    assertThat(Vectors.toHex(CRYPTO.hash(pair.publicKey()))).isEqualTo(v.get("target").asText());
    assertThat(Vectors.toHex(signatures.mutableSignable(seq, value)))
        .isEqualTo(v.get("signable").asText());
    byte[] signature = signatures.signMutable(seq, value, pair.secretKey());
    assertThat(Vectors.toHex(signature)).isEqualTo(v.get("signature").asText());
    MutablePutRequest put = new MutablePutRequest(pair.publicKey(), seq, value, signature);
    assertThat(Vectors.toHex(ValueMessages.encode(put)))
        .isEqualTo(v.get("putRequestValue").asText());

    MutablePutRequest received =
        ValueMessages.decodeMutablePutRequest(Vectors.hex(v.get("putRequestValue")));
    assertThat(received).isEqualTo(put);
    assertThat(signatures.verify(received)).isTrue();
    assertThat(signatures.verifyMutable(pair.publicKey(), seq + 1, value, signature)).isFalse();
    assertThat(signatures.verifyMutable(pair.publicKey(), seq, new byte[] {1}, signature))
        .isFalse();
  }

  @Test
  void immutableTargetIsTheHashOfTheValue() {
    JsonNode v = HyperDhtVectors.SIGNATURES.get("immutable");
    assertThat(Vectors.toHex(CRYPTO.hash(Vectors.hex(v.get("value")))))
        .isEqualTo(v.get("target").asText());
  }

  @Test
  void whatAPeerGetsWrongIsInvalidNotAnException() {
    byte[] id = new byte[32];
    PeerRecord peer = new PeerRecord(new byte[32], List.of());
    assertThat(signatures.verifyAnnounce(id, id, id, new AnnounceMessage(null, null, null, 0)))
        .isFalse();
    assertThat(signatures.verifyAnnounce(id, id, id, new AnnounceMessage(peer, null, null, 0)))
        .isFalse();
    AnnounceMessage signed = new AnnounceMessage(peer, null, new byte[64], 0);
    assertThat(signatures.verifyAnnounce(id, id, id, signed)).isFalse();
    assertThat(signatures.verifyAnnounce(new byte[31], id, id, signed)).isFalse();
    assertThat(signatures.verifyUnannounce(id, id, null, signed)).isFalse();
    List<PeerAddress> many = new ArrayList<>();
    for (int i = 0; i <= HyperDhtLimits.MAX_RECORD_RELAY_ADDRESSES; i++) {
      many.add(new PeerAddress("10.0.0.1", i));
    }
    AnnounceMessage wide =
        new AnnounceMessage(new PeerRecord(new byte[32], many), null, new byte[64], 0);
    assertThat(signatures.verifyAnnounce(id, id, id, wide)).isFalse();
    assertThat(signatures.verifyMutable(new byte[3], 0, new byte[0], new byte[64])).isFalse();
    assertThat(signatures.verifyMutable(new byte[32], 0, new byte[0], new byte[2])).isFalse();
  }

  @Test
  void signingWithAMisSizedFieldIsAProgrammingError() {
    PeerRecord peer = new PeerRecord(new byte[32], List.of());
    assertThatThrownBy(
            () -> signatures.announceSignable(new byte[31], new byte[32], new byte[32], peer, null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("target must be 32 bytes, got 31");
    assertThatThrownBy(
            () ->
                signatures.announceSignable(
                    new byte[32], new byte[32], new byte[32], peer, new byte[5]))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("refresh must be 32 bytes, got 5");
  }

  private boolean verify(
      boolean unannounce, byte[] target, byte[] id, byte[] token, AnnounceMessage m) {
    return unannounce
        ? signatures.verifyUnannounce(target, id, token, m)
        : signatures.verifyAnnounce(target, id, token, m);
  }

  private static byte[] flip(byte[] bytes) {
    byte[] out = bytes.clone();
    out[0] ^= 1;
    return out;
  }

  private static List<JsonNode> list(String section) {
    List<JsonNode> out = new ArrayList<>();
    HyperDhtVectors.SIGNATURES.get(section).forEach(out::add);
    if (out.isEmpty()) {
      throw new IllegalStateException("no vectors in " + section);
    }
    return out;
  }
}
