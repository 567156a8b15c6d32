package io.protomux.wakeup.domain.dht;

import static org.assertj.core.api.Assertions.assertThat;

import io.protomux.wakeup.domain.hyperdht.DhtServer;
import io.protomux.wakeup.domain.hyperdht.HandshakeMessage;
import io.protomux.wakeup.domain.hyperdht.HandshakeMessages;
import io.protomux.wakeup.domain.hyperdht.HolepunchMessage;
import io.protomux.wakeup.domain.hyperdht.HyperDht;
import io.protomux.wakeup.domain.hyperdht.HyperDhtConstants;
import io.protomux.wakeup.domain.hyperdht.HyperDhtOptions;
import io.protomux.wakeup.domain.hyperdht.Namespaces;
import io.protomux.wakeup.domain.hyperdht.NoisePayload;
import io.protomux.wakeup.domain.hyperdht.NoisePayloads;
import io.protomux.wakeup.domain.noise.NoiseIkHandshake;
import io.protomux.wakeup.domain.udx.Udx;
import io.protomux.wakeup.ports.crypto.KeyPair;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * hyperdht's router on a Java node, against scripted peers on virtual time: how PEER_HANDSHAKE and
 * PEER_HOLEPUNCH are relayed (HYPERDHT.md 3.4) and how a server on the node answers handshakes
 * (3.9): same tid, requests onwards and responses back, the addresses the relays add, the
 * de-duplication by noise bytes, the firewall and the slot bound.
 */
class HyperDhtRouterTest {
  private final DhtTestNet net = new DhtTestNet(41);
  private final DhtNode node =
      net.node("10.0.0.1", 49737, 40000, DhtNodeOptions.DEFAULTS.withBootstrap(List.of()));
  private final PeerAddress nodeAddress = new PeerAddress("10.0.0.1", 49737);
  private final DhtTestNet.Scripted client = net.scripted("10.0.0.2", 5000);
  private final DhtTestNet.Scripted relay = net.scripted("10.0.0.3", 6000);
  private final byte[] target = net.random.bytes(32);

  private HyperDht hyperDht(HyperDhtOptions options) {
    Udx udx = new Udx(net.loop, net.random);
    return new HyperDht(node, udx, net.crypto, net.crypto.keyPair(), options);
  }

  private void sendHandshake(DhtTestNet.Scripted from, int tid, HandshakeMessage message,
      byte[] to) {
    from.send(new DhtRequest(tid, nodeAddress, null, null, false, HyperDhtConstants.PEER_HANDSHAKE,
        to, HandshakeMessages.encode(message)), nodeAddress);
    net.loop.runFor(50);
  }

  @Test
  void aClientHandshakeForAnUnknownTargetIsAnsweredWithoutAValueSoTheClientRoutesOn() {
    hyperDht(HyperDhtOptions.DEFAULTS);
    sendHandshake(client, 7, new HandshakeMessage(HyperDhtConstants.MODE_FROM_CLIENT, new byte[80],
        null, null), target);
    DhtResponse answer = client.responses().get(0).response();
    assertThat(answer.tid()).isEqualTo(7);
    assertThat(answer.value()).isNull();
    assertThat(answer.error()).isZero();
    assertThat(relay.received).isEmpty();
  }

  @Test
  void aClientHandshakeNamingARelayAddressIsForwardedFromRelayWithTheClientAddressAndSameTid() {
    hyperDht(HyperDhtOptions.DEFAULTS);
    byte[] noise = net.random.bytes(90);
    sendHandshake(client, 8, new HandshakeMessage(HyperDhtConstants.MODE_FROM_CLIENT, noise, null,
        relay.address), target);
    DhtRequest forwarded = relay.requests().get(0).request();
    assertThat(forwarded.tid()).isEqualTo(8);
    assertThat(forwarded.internal()).isFalse();
    assertThat(forwarded.command()).isEqualTo(HyperDhtConstants.PEER_HANDSHAKE);
    assertThat(forwarded.target()).isEqualTo(target);
    assertThat(forwarded.token()).isNull();
    assertThat(forwarded.to()).isEqualTo(relay.address);
    HandshakeMessage value = HandshakeMessages.decodeHandshake(forwarded.value());
    assertThat(value.mode()).isEqualTo(HyperDhtConstants.MODE_FROM_RELAY);
    assertThat(value.noise()).isEqualTo(noise);
    assertThat(value.peerAddress()).isEqualTo(client.address);
    assertThat(value.relayAddress()).isNull();
    assertThat(client.received).isEmpty();
  }

  @Test
  void aServerAnswerIsRepliedToTheClientAsAReplyWithTheServerAddressAsThisNodeSawIt() {
    hyperDht(HyperDhtOptions.DEFAULTS);
    byte[] noise = net.random.bytes(70);
    sendHandshake(relay, 9, new HandshakeMessage(HyperDhtConstants.MODE_FROM_SERVER, noise,
        client.address, null), target);
    DhtResponse reply = client.responses().get(0).response();
    assertThat(reply.tid()).isEqualTo(9);
    assertThat(reply.to()).isEqualTo(client.address);
    assertThat(reply.token()).isNull();
    assertThat(reply.closerNodes()).isNull();
    HandshakeMessage value = HandshakeMessages.decodeHandshake(reply.value());
    assertThat(value.mode()).isEqualTo(HyperDhtConstants.MODE_REPLY);
    assertThat(value.noise()).isEqualTo(noise);
    assertThat(value.peerAddress()).isEqualTo(relay.address);
  }

  @Test
  void holepunchMessagesAreRelayedOnlyWithAnAddressToRelayTo() {
    hyperDht(HyperDhtOptions.DEFAULTS);
    byte[] sealed = net.random.bytes(60);
    client.send(new DhtRequest(10, nodeAddress, null, null, false, HyperDhtConstants.PEER_HOLEPUNCH,
        target, HandshakeMessages.encode(new HolepunchMessage(HyperDhtConstants.MODE_FROM_CLIENT, 3,
            sealed, null))), nodeAddress);
    net.loop.runFor(50);
    assertThat(relay.received).isEmpty();
    assertThat(client.received).isEmpty();
    client.send(new DhtRequest(11, nodeAddress, null, null, false, HyperDhtConstants.PEER_HOLEPUNCH,
        target, HandshakeMessages.encode(new HolepunchMessage(HyperDhtConstants.MODE_FROM_CLIENT, 3,
            sealed, relay.address))), nodeAddress);
    net.loop.runFor(50);
    DhtRequest forwarded = relay.requests().get(0).request();
    assertThat(forwarded.tid()).isEqualTo(11);
    HolepunchMessage value = HandshakeMessages.decodeHolepunch(forwarded.value());
    assertThat(value.mode()).isEqualTo(HyperDhtConstants.MODE_FROM_RELAY);
    assertThat(value.id()).isEqualTo(3);
    assertThat(value.payload()).isEqualTo(sealed);
    assertThat(value.peerAddress()).isEqualTo(client.address);
  }

  @Test
  void aServerOnTheNodeAnswersOnceForIdenticalHandshakesAndRefusesBadOnesAndTheFirewalled() {
    HyperDht hyperDht = hyperDht(HyperDhtOptions.DEFAULTS);
    KeyPair serverKeys = net.crypto.keyPair();
    KeyPair clientKeys = net.crypto.keyPair();
    KeyPair rejectedKeys = net.crypto.keyPair();
    DhtServer server = hyperDht.createServer(
        (key, address) -> java.util.Arrays.equals(key, rejectedKeys.publicKey()), stream -> {});
    server.listen(serverKeys, error -> {});
    net.loop.runFor(100);
    byte[] serverTarget = net.crypto.hash(serverKeys.publicKey());

    NoiseIkHandshake initiator = initiator(clientKeys, serverKeys);
    byte[] noise = initiator.send(NoisePayloads.encode(clientPayload(77)));
    sendHandshake(relay, 20, new HandshakeMessage(HyperDhtConstants.MODE_FROM_RELAY, noise,
        client.address, null), serverTarget);
    sendHandshake(relay, 21, new HandshakeMessage(HyperDhtConstants.MODE_FROM_RELAY, noise,
        client.address, null), serverTarget);
    List<Forwarded> answers = forwardedBack();
    assertThat(answers).hasSize(2);
    assertThat(answers.get(0).tid).isEqualTo(20);
    assertThat(answers.get(1).tid).isEqualTo(21);
    assertThat(answers.get(0).message.mode()).isEqualTo(HyperDhtConstants.MODE_FROM_SERVER);
    assertThat(answers.get(0).message.peerAddress()).isEqualTo(client.address);
    assertThat(answers.get(1).message.noise()).isEqualTo(answers.get(0).message.noise());
    NoisePayload payload = NoisePayloads.decode(initiator.receive(answers.get(0).message.noise()));
    assertThat(payload.error()).isEqualTo(HyperDhtConstants.ERROR_NONE);
    assertThat(payload.firewall()).isEqualTo(HyperDhtConstants.FIREWALL_UNKNOWN);
    assertThat(payload.holepunch()).isNull();
    assertThat(payload.udx()).isNotNull();
    assertThat(server.handshakeSlots()).isEqualTo(1);

    sendHandshake(relay, 22, new HandshakeMessage(HyperDhtConstants.MODE_FROM_RELAY,
        net.random.bytes(130), client.address, null), serverTarget);
    byte[] rejected = initiator(rejectedKeys, serverKeys).send(NoisePayloads.encode(clientPayload(78)));
    sendHandshake(relay, 23, new HandshakeMessage(HyperDhtConstants.MODE_FROM_RELAY, rejected,
        client.address, null), serverTarget);
    assertThat(forwardedBack()).hasSize(2);
    assertThat(hyperDht.counters().badHandshakes()).isEqualTo(1);
    assertThat(hyperDht.counters().handshakesFirewalled()).isEqualTo(1);
  }

  @Test
  void handshakeSlotsAreBoundedAndFreedTenSecondsAfterUse() {
    HyperDht hyperDht = hyperDht(new HyperDhtOptions(5000, HyperDhtOptions.DEFAULTS.streamOptions(),
        HyperDhtOptions.DEFAULTS.udxStreamOptions(), true, true, 16, 2, 8));
    KeyPair serverKeys = net.crypto.keyPair();
    DhtServer server = hyperDht.createServer((key, address) -> false, stream -> {});
    server.listen(serverKeys, error -> {});
    net.loop.runFor(100);
    byte[] serverTarget = net.crypto.hash(serverKeys.publicKey());
    for (int i = 0; i < 3; i++) {
      byte[] noise = initiator(net.crypto.keyPair(), serverKeys)
          .send(NoisePayloads.encode(clientPayload(100 + i)));
      sendHandshake(relay, 30 + i, new HandshakeMessage(HyperDhtConstants.MODE_FROM_RELAY, noise,
          client.address, null), serverTarget);
    }
    assertThat(forwardedBack()).hasSize(2);
    assertThat(server.handshakeSlots()).isEqualTo(2);
    assertThat(hyperDht.counters().handshakesRefused()).isEqualTo(1);
    net.loop.runFor(21_000);
    assertThat(server.handshakeSlots()).isZero();
  }

  private record Forwarded(int tid, HandshakeMessage message) {}

  private List<Forwarded> forwardedBack() {
    return relay.requests().stream()
        .filter(r -> r.request().command() == HyperDhtConstants.PEER_HANDSHAKE)
        .map(r -> new Forwarded(r.request().tid(), HandshakeMessages.decodeHandshake(r.request().value())))
        .toList();
  }

  private NoiseIkHandshake initiator(KeyPair clientKeys, KeyPair serverKeys) {
    return NoiseIkHandshake.initiator(net.crypto, clientKeys, serverKeys.publicKey(),
        Namespaces.derive(net.crypto).peerHandshake());
  }

  private static NoisePayload clientPayload(long udxId) {
    return new NoisePayload(NoisePayload.VERSION, HyperDhtConstants.ERROR_NONE,
        HyperDhtConstants.FIREWALL_UNKNOWN, null, List.of(), List.of(),
        new NoisePayload.Udx(1, false, udxId, 0), new NoisePayload.SecretStream(1), null, null);
  }
}
