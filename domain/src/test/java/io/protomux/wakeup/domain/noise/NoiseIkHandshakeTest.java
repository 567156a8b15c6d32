package io.protomux.wakeup.domain.noise;

import static io.protomux.wakeup.testvectors.Vectors.hex;
import static io.protomux.wakeup.testvectors.Vectors.toHex;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.protomux.wakeup.adapters.bouncycastle.BouncyCastleCrypto;
import io.protomux.wakeup.adapters.bouncycastle.RandomSources;
import io.protomux.wakeup.domain.stream.NoiseSecretStream;
import io.protomux.wakeup.ports.crypto.Crypto;
import io.protomux.wakeup.ports.crypto.KeyPair;
import io.protomux.wakeup.testvectors.Vectors;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class NoiseIkHandshakeTest {
  private static final JsonNode V = Vectors.load("dht/noise-ik.json");

  private final Crypto crypto = new BouncyCastleCrypto(RandomSources.seeded(21));
  private final KeyPair clientStatic = keyPair(V.get("keys").get("clientStatic"));
  private final KeyPair serverStatic = keyPair(V.get("keys").get("serverStatic"));
  private final KeyPair clientEphemeral = keyPair(V.get("keys").get("clientEphemeral"));
  private final KeyPair serverEphemeral = keyPair(V.get("keys").get("serverEphemeral"));
  private final byte[] prologue = hex(V.get("prologue"));
  private final byte[] clientPayload = hex(V.get("clientPayload").get("encoded"));
  private final byte[] serverPayload = hex(V.get("serverPayload").get("encoded"));

  private record Step(String op, String h, String ck) {}

  @Test
  void theVectorsPrologueIsHyperdhtsPeerHandshakeNamespace() {
    byte[][] ns = crypto.namespace("hyperswarm/dht", 11);
    assertThat(toHex(ns[0])).isEqualTo(V.get("prologue").asText());
    assertThat(V.get("protocolName").asText()).isEqualTo(NoiseIkHandshake.PROTOCOL_NAME);
  }

  @Test
  void reproducesBothMessagesAndEveryStepOfTheReferenceTrace() {
    List<Step> clientSteps = new ArrayList<>();
    List<Step> serverSteps = new ArrayList<>();
    NoiseIkHandshake client =
        NoiseIkHandshake.observed(
            crypto, true, clientStatic, serverStatic.publicKey(), prologue, clientEphemeral,
            (op, h, ck) -> clientSteps.add(new Step(op, toHex(h), toHex(ck))));
    NoiseIkHandshake server =
        NoiseIkHandshake.observed(
            crypto, false, serverStatic, null, prologue, serverEphemeral,
            (op, h, ck) -> serverSteps.add(new Step(op, toHex(h), toHex(ck))));

    byte[] m1 = client.send(clientPayload);
    // The reference zeroes the ephemeral key inside the message buffer once done; the rest is as sent.
    assertThat(toHex(zeroE(m1))).isEqualTo(V.get("message1").get("hex").asText());
    assertThat(toHex(Arrays.copyOf(m1, 32))).isEqualTo(V.get("keys").get("clientEphemeral").get("publicKey").asText());
    assertThat(toHex(Arrays.copyOfRange(m1, 32, 80))).isEqualTo(V.get("message1").get("encryptedStatic").asText());
    assertThat(toHex(Arrays.copyOfRange(m1, 80, m1.length))).isEqualTo(V.get("message1").get("encryptedPayload").asText());
    assertThat(m1).hasSize(NoiseIkHandshake.MESSAGE1_OVERHEAD + clientPayload.length);

    assertThat(server.remoteStaticKey()).isNull();
    assertThat(server.receive(m1)).isEqualTo(clientPayload);
    assertThat(server.remoteStaticKey()).isEqualTo(clientStatic.publicKey());
    assertThat(server.isComplete()).isFalse();

    byte[] m2 = server.send(serverPayload);
    assertThat(server.isComplete()).isTrue();
    assertThat(toHex(zeroE(m2))).isEqualTo(V.get("message2").get("hex").asText());
    assertThat(toHex(Arrays.copyOf(m2, 32))).isEqualTo(V.get("keys").get("serverEphemeral").get("publicKey").asText());
    assertThat(toHex(Arrays.copyOfRange(m2, 32, m2.length))).isEqualTo(V.get("message2").get("encryptedPayload").asText());
    assertThat(client.receive(m2)).isEqualTo(serverPayload);
    assertThat(client.isComplete()).isTrue();

    JsonNode init = V.get("initSteps");
    List<Step> expectedClient = new ArrayList<>();
    List<Step> expectedServer = new ArrayList<>();
    String ck0 = init.get(0).get("ck").asText();
    for (int i = 1; i <= 2; i++) {
      Step step = new Step("MixHash", init.get(i).get("h").asText(), ck0);
      expectedClient.add(step);
      expectedServer.add(step);
    }
    assertThat(expectedClient.get(1).h()).isEqualTo(V.get("initialState").get("client").get("h").asText());
    for (JsonNode t : V.get("trace")) {
      Step step = new Step(t.get("op").asText().replace("(DH)", ""), t.get("h").asText(), t.get("ck").asText());
      (t.get("who").asText().equals("client") ? expectedClient : expectedServer).add(step);
    }
    assertThat(clientSteps).containsExactlyElementsOf(expectedClient);
    assertThat(serverSteps).containsExactlyElementsOf(expectedServer);

    JsonNode result = V.get("result");
    HandshakeResult c = client.result();
    HandshakeResult s = server.result();
    assertThat(toHex(c.handshakeHash())).isEqualTo(result.get("handshakeHash").asText());
    assertThat(s.handshakeHash()).isEqualTo(c.handshakeHash());
    assertThat(toHex(c.tx())).isEqualTo(result.get("client").get("tx").asText());
    assertThat(toHex(c.rx())).isEqualTo(result.get("client").get("rx").asText());
    assertThat(toHex(s.tx())).isEqualTo(result.get("server").get("tx").asText());
    assertThat(toHex(s.rx())).isEqualTo(result.get("server").get("rx").asText());
    assertThat(c.isInitiator()).isTrue();
    assertThat(s.isInitiator()).isFalse();
    assertThat(c.publicKey()).isEqualTo(clientStatic.publicKey());
    assertThat(c.remotePublicKey()).isEqualTo(serverStatic.publicKey());
    assertThat(s.publicKey()).isEqualTo(serverStatic.publicKey());
    assertThat(s.remotePublicKey()).isEqualTo(clientStatic.publicKey());
  }

  @Test
  void theTracesDiffieHellmanOutputsMatch() {
    List<KeyPair> pairs = List.of(clientStatic, serverStatic, clientEphemeral, serverEphemeral);
    int checked = 0;
    for (JsonNode t : V.get("trace")) {
      if (!t.has("dh")) {
        continue;
      }
      byte[] local = hex(t.get("localPublicKey"));
      KeyPair pair = pairs.stream().filter(p -> Arrays.equals(p.publicKey(), local)).findFirst().orElseThrow();
      assertThat(toHex(crypto.dh(pair.secretKey(), hex(t.get("remotePublicKey"))))).isEqualTo(t.get("dh").asText());
      checked++;
    }
    assertThat(checked).isEqualTo(8);
  }

  @Test
  void derivesTheVectorsHolepunchSecretAndStreamIdsAndKeysTheEphemeralsFromTheirSeeds() {
    byte[] nsPeerHolepunch = crypto.namespace("hyperswarm/dht", 11)[1];
    byte[] hash = hex(V.get("result").get("handshakeHash"));
    assertThat(toHex(HandshakeSecrets.holepunchSecret(crypto, nsPeerHolepunch, hash)))
        .isEqualTo(V.get("result").get("holepunchSecret").asText());
    assertThat(crypto.keyPair(hex(V.get("keys").get("clientEphemeral").get("seed")))).isEqualTo(clientEphemeral);
    assertThat(toHex(NoiseSecretStream.streamId(crypto, hash, true)))
        .isEqualTo(V.get("result").get("secretStreamIdInitiator").asText());
    assertThat(toHex(NoiseSecretStream.streamId(crypto, hash, false)))
        .isEqualTo(V.get("result").get("secretStreamIdResponder").asText());
    assertThatThrownBy(() -> HandshakeSecrets.holepunchSecret(crypto, nsPeerHolepunch, new byte[32]))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void randomKeysAgreeAndTheServerLearnsTheClientKeyBeforeAnswering() {
    KeyPair a = crypto.keyPair();
    KeyPair b = crypto.keyPair();
    NoiseIkHandshake client = NoiseIkHandshake.initiator(crypto, a, b.publicKey(), prologue);
    NoiseIkHandshake server = NoiseIkHandshake.responder(crypto, b, prologue);
    assertThat(client.isMyTurn()).isTrue();
    assertThat(server.isMyTurn()).isFalse();
    assertThat(server.receive(client.send(new byte[0]))).isEmpty();
    assertThat(server.remoteStaticKey()).isEqualTo(a.publicKey());
    assertThat(client.receive(server.send(new byte[] {1, 2, 3}))).containsExactly(1, 2, 3);
    assertThat(client.result().tx()).isEqualTo(server.result().rx());
    assertThat(client.result().rx()).isEqualTo(server.result().tx());
    assertThat(client.result().handshakeHash()).isEqualTo(server.result().handshakeHash());
  }

  @Test
  void flippingAnyByteOfMessage1FailsTheServer() {
    byte[] m1 = vectorClient().send(clientPayload);
    // e (0), the encrypted static key and its tag (32..79), the payload and its tag (80..).
    for (int at : new int[] {0, 31, 32, 63, 64, 79, 80, m1.length - 17, m1.length - 1}) {
      byte[] tampered = m1.clone();
      tampered[at] ^= 0x01;
      NoiseIkHandshake server = vectorServer();
      assertThatThrownBy(() -> server.receive(tampered)).as("byte %d", at).isInstanceOf(NoiseException.class);
      assertThat(server.remoteStaticKey()).as("no key from a failed message").isNull();
      assertThatThrownBy(() -> server.send(serverPayload)).isInstanceOf(NoiseException.class).hasMessageContaining("failed");
    }
  }

  @Test
  void flippingAnyByteOfMessage2FailsTheClient() {
    NoiseIkHandshake server = vectorServer();
    NoiseIkHandshake probe = vectorClient();
    server.receive(probe.send(clientPayload));
    byte[] m2 = server.send(serverPayload);
    for (int at : new int[] {0, 31, 32, m2.length - 17, m2.length - 1}) {
      byte[] tampered = m2.clone();
      tampered[at] ^= (byte) 0x80;
      NoiseIkHandshake client = vectorClient();
      client.send(clientPayload);
      assertThatThrownBy(() -> client.receive(tampered)).as("byte %d", at).isInstanceOf(NoiseException.class);
      assertThat(client.isComplete()).isFalse();
      assertThatThrownBy(client::result).isInstanceOf(IllegalStateException.class);
      assertThatThrownBy(() -> client.receive(m2)).isInstanceOf(NoiseException.class).hasMessageContaining("failed");
    }
  }

  @Test
  void aClientWithTheWrongServerKeyIsRefused() {
    NoiseIkHandshake client = NoiseIkHandshake.initiator(crypto, clientStatic, crypto.keyPair().publicKey(), prologue);
    byte[] m1 = client.send(clientPayload);
    assertThatThrownBy(() -> vectorServer().receive(m1)).isInstanceOf(NoiseException.class);
  }

  @Test
  void anotherPrologueIsRefused() {
    byte[] other = prologue.clone();
    other[0] ^= 1;
    byte[] m1 = NoiseIkHandshake.initiator(crypto, clientStatic, serverStatic.publicKey(), other).send(clientPayload);
    assertThatThrownBy(() -> vectorServer().receive(m1)).isInstanceOf(NoiseException.class);
  }

  @Test
  void truncatedOrMissingMessagesAreNoiseExceptions() {
    byte[] m1 = vectorClient().send(clientPayload);
    for (int length : new int[] {0, 1, 31, 32, 79, 80, 95, m1.length - 1}) {
      byte[] cut = Arrays.copyOf(m1, length);
      assertThatThrownBy(() -> vectorServer().receive(cut)).as("length %d", length).isInstanceOf(NoiseException.class);
    }
    assertThatThrownBy(() -> vectorServer().receive(null)).isInstanceOf(NoiseException.class);
    NoiseIkHandshake server = vectorServer();
    server.receive(m1);
    byte[] m2 = server.send(serverPayload);
    for (int length : new int[] {0, 32, 47, m2.length - 1}) {
      NoiseIkHandshake client = vectorClient();
      client.send(clientPayload);
      byte[] cut = Arrays.copyOf(m2, length);
      assertThatThrownBy(() -> client.receive(cut)).as("length %d", length).isInstanceOf(NoiseException.class);
    }
  }

  @Test
  void anEphemeralKeyOfLowOrderIsRefusedAsNoiseException() {
    byte[] m1 = vectorClient().send(clientPayload);
    byte[] lowOrder = m1.clone();
    Arrays.fill(lowOrder, 0, 32, (byte) 0);
    lowOrder[0] = 1; // the identity point
    assertThatThrownBy(() -> vectorServer().receive(lowOrder)).isInstanceOf(NoiseException.class);
  }

  @Test
  void callsOutOfTurnAreRefused() {
    NoiseIkHandshake client = vectorClient();
    NoiseIkHandshake server = vectorServer();
    assertThatThrownBy(() -> client.receive(new byte[100])).isInstanceOf(NoiseException.class).hasMessageContaining("turn");
    assertThatThrownBy(() -> server.send(serverPayload)).isInstanceOf(NoiseException.class).hasMessageContaining("turn");
    // As in the XX handshake, a refused call out of turn changes nothing: the right call still works.
    assertThat(server.receive(client.send(clientPayload))).isEqualTo(clientPayload);

    NoiseIkHandshake fresh = vectorClient();
    NoiseIkHandshake answer = vectorServer();
    answer.receive(fresh.send(clientPayload));
    fresh.receive(answer.send(serverPayload));
    assertThatThrownBy(() -> fresh.send(clientPayload)).isInstanceOf(NoiseException.class).hasMessageContaining("complete");
    assertThatThrownBy(() -> answer.receive(new byte[100])).isInstanceOf(NoiseException.class).hasMessageContaining("complete");
  }

  @Test
  void aRemoteStaticKeyOfTheWrongLengthIsAProgrammingError() {
    assertThatThrownBy(() -> NoiseIkHandshake.initiator(crypto, clientStatic, new byte[31], prologue))
        .isInstanceOf(IllegalArgumentException.class);
  }

  private NoiseIkHandshake vectorClient() {
    return NoiseIkHandshake.initiator(crypto, clientStatic, serverStatic.publicKey(), prologue, clientEphemeral);
  }

  private NoiseIkHandshake vectorServer() {
    return NoiseIkHandshake.responder(crypto, serverStatic, prologue, serverEphemeral);
  }

  private static byte[] zeroE(byte[] message) {
    byte[] copy = message.clone();
    Arrays.fill(copy, 0, 32, (byte) 0);
    return copy;
  }

  private static KeyPair keyPair(JsonNode node) {
    return new KeyPair(hex(node.get("publicKey")), hex(node.get("secretKey")));
  }
}
