package io.protomux.wakeup.domain.dht;

import static org.assertj.core.api.Assertions.assertThat;

import io.protomux.wakeup.domain.hyperdht.DhtServer;
import io.protomux.wakeup.domain.hyperdht.FoundPeer;
import io.protomux.wakeup.domain.hyperdht.HandshakeMessage;
import io.protomux.wakeup.domain.hyperdht.HandshakeMessages;
import io.protomux.wakeup.domain.hyperdht.HolepunchMessage;
import io.protomux.wakeup.domain.hyperdht.HyperDht;
import io.protomux.wakeup.domain.hyperdht.HyperDhtConstants;
import io.protomux.wakeup.domain.hyperdht.Namespaces;
import io.protomux.wakeup.domain.hyperdht.NoisePayload;
import io.protomux.wakeup.domain.hyperdht.NoisePayloads;
import io.protomux.wakeup.domain.hyperdht.PeerRecord;
import io.protomux.wakeup.domain.hyperdht.StorageOptions;
import io.protomux.wakeup.domain.noise.NoiseIkHandshake;
import io.protomux.wakeup.domain.stream.NoiseSecretStream;
import io.protomux.wakeup.ports.crypto.KeyPair;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Routes on a persistent Java node (HYPERDHT.md 3.4): a server's self-announce leaves a route, and
 * the router forwards handshakes and holepunches for that target to it, FROM_RELAY from a client
 * and FROM_SECOND_RELAY from another relay; then the same with Java servers and clients, and topic
 * announces stored at one Java node and found by another's lookup.
 */
class HyperDhtRoutesTest {
  private static final long MAX_AGE = 30_000;

  private final StorageNet net =
      new StorageNet(71, StorageOptions.DEFAULTS.withMaxAgeMillis(MAX_AGE));
  private final DhtTestNet.Scripted server = net.net.scripted("10.7.0.1", 5000);
  private final DhtTestNet.Scripted client = net.net.scripted("10.7.0.2", 5001);
  private final DhtTestNet.Scripted relay = net.net.scripted("10.7.0.3", 5002);
  private final KeyPair serverKeys = net.net.crypto.keyPair();
  private final byte[] target = net.net.crypto.hash(serverKeys.publicKey());
  private final PeerAddress s1 = StorageNet.address(net.s1);

  private void selfAnnounce() {
    assertThat(net.announce(server, net.s1, target,
        new PeerRecord(serverKeys.publicKey(), List.of()), serverKeys)).isNotNull();
  }

  private void send(DhtTestNet.Scripted from, int tid, long command, byte[] value) {
    from.send(new DhtRequest(tid, s1, null, null, false, command, target, value), s1);
    net.net.loop.runFor(StorageNet.WAIT);
  }

  private List<DhtRequest> forwardedTo(DhtTestNet.Scripted peer, long command) {
    return peer.requests().stream().map(DhtTestNet.Received::request)
        .filter(r -> r.command() == command).toList();
  }

  @Test
  void aClientHandshakeForARoutedTargetGoesToTheServerAsFromRelayAndItsAnswerBack() {
    selfAnnounce();
    byte[] noise = net.net.random.bytes(96);
    send(client, 31, HyperDhtConstants.PEER_HANDSHAKE, HandshakeMessages.encode(
        new HandshakeMessage(HyperDhtConstants.MODE_FROM_CLIENT, noise, null, null)));
    List<DhtRequest> forwarded = forwardedTo(server, HyperDhtConstants.PEER_HANDSHAKE);
    assertThat(forwarded).hasSize(1);
    DhtRequest request = forwarded.get(0);
    assertThat(request.tid()).isEqualTo(31);
    assertThat(request.target()).isEqualTo(target);
    assertThat(request.id()).as("a persistent relay sends its id").isEqualTo(net.s1.id());
    HandshakeMessage value = HandshakeMessages.decodeHandshake(request.value());
    assertThat(value.mode()).isEqualTo(HyperDhtConstants.MODE_FROM_RELAY);
    assertThat(value.noise()).isEqualTo(noise);
    assertThat(value.peerAddress()).isEqualTo(client.address);
    assertThat(value.relayAddress()).isNull();
    assertThat(client.received).isEmpty();

    byte[] answer = net.net.random.bytes(72);
    send(server, 31, HyperDhtConstants.PEER_HANDSHAKE, HandshakeMessages.encode(
        new HandshakeMessage(HyperDhtConstants.MODE_FROM_SERVER, answer, client.address, null)));
    DhtResponse reply = client.responses().get(0).response();
    assertThat(reply.tid()).isEqualTo(31);
    HandshakeMessage replied = HandshakeMessages.decodeHandshake(reply.value());
    assertThat(replied.mode()).isEqualTo(HyperDhtConstants.MODE_REPLY);
    assertThat(replied.noise()).isEqualTo(answer);
    assertThat(replied.peerAddress()).isEqualTo(server.address);
  }

  @Test
  void aRelayedHandshakeForARoutedTargetGoesOnAsFromSecondRelay() {
    selfAnnounce();
    byte[] noise = net.net.random.bytes(96);
    send(relay, 32, HyperDhtConstants.PEER_HANDSHAKE, HandshakeMessages.encode(
        new HandshakeMessage(HyperDhtConstants.MODE_FROM_RELAY, noise, client.address, null)));
    List<DhtRequest> forwarded = forwardedTo(server, HyperDhtConstants.PEER_HANDSHAKE);
    assertThat(forwarded).hasSize(1);
    assertThat(forwarded.get(0).tid()).isEqualTo(32);
    HandshakeMessage value = HandshakeMessages.decodeHandshake(forwarded.get(0).value());
    assertThat(value.mode()).isEqualTo(HyperDhtConstants.MODE_FROM_SECOND_RELAY);
    assertThat(value.noise()).isEqualTo(noise);
    assertThat(value.peerAddress()).as("the client, unchanged").isEqualTo(client.address);
    assertThat(value.relayAddress()).as("where the server answers").isEqualTo(relay.address);
  }

  @Test
  void aClientHolepunchForARoutedTargetGoesToTheServer() {
    send(client, 33, HyperDhtConstants.PEER_HOLEPUNCH, HandshakeMessages.encode(
        new HolepunchMessage(HyperDhtConstants.MODE_FROM_CLIENT, 7, new byte[40], null)));
    assertThat(server.received).as("no route yet").isEmpty();
    selfAnnounce();
    byte[] payload = net.net.random.bytes(50);
    send(client, 34, HyperDhtConstants.PEER_HOLEPUNCH, HandshakeMessages.encode(
        new HolepunchMessage(HyperDhtConstants.MODE_FROM_CLIENT, 7, payload, null)));
    List<DhtRequest> forwarded = forwardedTo(server, HyperDhtConstants.PEER_HOLEPUNCH);
    assertThat(forwarded).hasSize(1);
    HolepunchMessage value = HandshakeMessages.decodeHolepunch(forwarded.get(0).value());
    assertThat(value.mode()).isEqualTo(HyperDhtConstants.MODE_FROM_RELAY);
    assertThat(value.id()).isEqualTo(7);
    assertThat(value.payload()).isEqualTo(payload);
    assertThat(value.peerAddress()).isEqualTo(client.address);
  }

  @Test
  void withoutARouteFromRelayIsDroppedAndARouteExpires() {
    byte[] noise = net.net.random.bytes(96);
    byte[] fromRelay = HandshakeMessages.encode(
        new HandshakeMessage(HyperDhtConstants.MODE_FROM_RELAY, noise, client.address, null));
    send(relay, 35, HyperDhtConstants.PEER_HANDSHAKE, fromRelay);
    assertThat(server.received).isEmpty();
    assertThat(relay.received).isEmpty();

    selfAnnounce();
    net.net.loop.runFor(4 * MAX_AGE / 3 + StorageNet.WAIT);
    byte[] fromClient = HandshakeMessages.encode(
        new HandshakeMessage(HyperDhtConstants.MODE_FROM_CLIENT, noise, null, null));
    send(client, 36, HyperDhtConstants.PEER_HANDSHAKE, fromClient);
    assertThat(forwardedTo(server, HyperDhtConstants.PEER_HANDSHAKE)).isEmpty();
    DhtResponse routeOn = client.responses().get(0).response();
    assertThat(routeOn.value()).isNull();
    assertThat(routeOn.closerNodes()).isNotEmpty();
  }

  /** A node like hyperdht's non-testnet peers: unfirewalled, adaptive, so it stays ephemeral. */
  private HyperDht ephemeralPeer(String host) {
    DhtNode node = net.net.node(host, 49737, 40000, DhtNodeOptions.DEFAULTS
        .withBootstrap(List.of(StorageNet.address(net.boot))).withFirewalled(false));
    node.bootstrap();
    net.net.loop.runUntil(node::bootstrapped, 60_000);
    assertThat(node.ephemeral()).isTrue();
    return net.hyperDht(node, StorageOptions.DEFAULTS);
  }

  @Test
  void aJavaClientConnectsToAJavaServerThroughTheRouteItsSelfAnnounceLeftAtAJavaNode() {
    HyperDht serverDht = ephemeralPeer("10.8.0.1");
    HyperDht clientDht = ephemeralPeer("10.8.0.2");
    List<NoiseSecretStream> accepted = new ArrayList<>();
    DhtServer javaServer = serverDht.createServer((key, address) -> false, accepted::add);
    Throwable[] listened = {new IllegalStateException("not yet")};
    javaServer.listen(serverKeys, error -> listened[0] = error);
    net.net.loop.runFor(2000);
    assertThat(listened[0]).isNull();
    assertThat(javaServer.relayAddresses()).contains(s1, StorageNet.address(net.s2));
    long relayedBefore = net.s1.io().counters().relayed() + net.s2.io().counters().relayed();

    NoiseSecretStream stream = clientDht.connect(serverKeys.publicKey(), List.of(), null);
    net.net.loop.runUntil(stream::isOpen, 30_000);
    assertThat(stream.isOpen()).isTrue();
    assertThat(stream.remotePublicKey()).isEqualTo(serverKeys.publicKey());
    assertThat(accepted).hasSize(1);
    assertThat(net.s1.io().counters().relayed() + net.s2.io().counters().relayed())
        .as("the FROM_RELAY and the FROM_SERVER went through a storage node")
        .isGreaterThan(relayedBefore);
  }

  @Test
  void aHandshakeNamingASecondRelayReachesAJavaServerAndItsAnswerComesBack() {
    HyperDht serverDht = ephemeralPeer("10.8.0.1");
    DhtServer javaServer = serverDht.createServer((key, address) -> false, stream -> {});
    javaServer.listen(serverKeys, error -> {});
    net.net.loop.runFor(2000);
    // s1 forgets its route (a signed unannounce), so only s2 can reach the server.
    byte[] token = net.token(client, net.s1);
    PeerRecord record = new PeerRecord(serverKeys.publicKey(), List.of());
    assertThat(net.ask(client, net.s1, HyperDhtConstants.UNANNOUNCE, target, token,
        net.announce(target, token, net.s1, record, serverKeys, null, 0, true))).isNotNull();
    assertThat(net.ask(client, net.s1, HyperDhtConstants.FIND_PEER, target, null, null).value())
        .isNull();
    assertThat(net.ask(client, net.s2, HyperDhtConstants.FIND_PEER, target, null, null).value())
        .isNotNull();
    long relayedBySecond = net.s2.io().counters().relayed();
    KeyPair clientKeys = net.net.crypto.keyPair();
    NoiseIkHandshake initiator = NoiseIkHandshake.initiator(net.net.crypto, clientKeys,
        serverKeys.publicKey(), Namespaces.derive(net.net.crypto).peerHandshake());
    byte[] noise = initiator.send(NoisePayloads.encode(new NoisePayload(NoisePayload.VERSION,
        HyperDhtConstants.ERROR_NONE, HyperDhtConstants.FIREWALL_UNKNOWN, null, List.of(),
        List.of(), new NoisePayload.Udx(1, false, 5, 0), new NoisePayload.SecretStream(1), null,
        null)));
    // s1 forwards FROM_RELAY to s2, s2 along its route FROM_SECOND_RELAY naming s1, the server
    // answers FROM_SERVER to s1, and s1 replies to us.
    send(client, 40, HyperDhtConstants.PEER_HANDSHAKE, HandshakeMessages.encode(
        new HandshakeMessage(HyperDhtConstants.MODE_FROM_CLIENT, noise, null,
            StorageNet.address(net.s2))));
    net.net.loop.runFor(200);
    DhtResponse reply = client.responses().get(client.responses().size() - 1).response();
    assertThat(reply.tid()).isEqualTo(40);
    assertThat(net.s2.io().counters().relayed()).isEqualTo(relayedBySecond + 1);
    HandshakeMessage answer = HandshakeMessages.decodeHandshake(reply.value());
    assertThat(answer.mode()).isEqualTo(HyperDhtConstants.MODE_REPLY);
    assertThat(answer.peerAddress()).as("the server as s1 saw it")
        .isEqualTo(new PeerAddress("10.8.0.1", 49737));
    NoisePayload payload = NoisePayloads.decode(initiator.receive(answer.noise()));
    assertThat(payload.error()).isEqualTo(HyperDhtConstants.ERROR_NONE);
    assertThat(payload.udx()).isNotNull();
  }

  @Test
  void aTopicAnnouncedThroughJavaNodesIsFoundByAnotherNodesLookupAndFindPeer() {
    HyperDht announcer = ephemeralPeer("10.8.0.3");
    HyperDht seeker = ephemeralPeer("10.8.0.4");
    KeyPair keys = net.net.crypto.keyPair();
    byte[] topic = net.net.crypto.hash("a topic".getBytes(StandardCharsets.UTF_8));
    List<PeerAddress> relays = List.of(new PeerAddress("10.8.0.3", 49737));
    boolean[] done = {false};
    announcer.announce(topic, keys, relays, false, QueryOptions.DEFAULTS, found -> {})
        .whenDone((replies, error) -> done[0] = true);
    net.net.loop.runUntil(() -> done[0], 30_000);
    assertThat(done[0]).isTrue();

    List<FoundPeer> found = new ArrayList<>();
    done[0] = false;
    seeker.lookup(topic, QueryOptions.DEFAULTS, found::add)
        .whenDone((replies, error) -> done[0] = true);
    net.net.loop.runUntil(() -> done[0], 30_000);
    assertThat(found).extracting(FoundPeer::from)
        .containsExactlyInAnyOrder(s1, StorageNet.address(net.s2));
    for (FoundPeer f : found) {
      assertThat(f.peers()).containsExactly(new PeerRecord(keys.publicKey(), relays));
    }

    // A server's self-announce is found by FIND_PEER, at both storage nodes.
    HyperDht serverDht = ephemeralPeer("10.8.0.1");
    serverDht.createServer((key, address) -> false, stream -> {}).listen(serverKeys, e -> {});
    net.net.loop.runFor(2000);
    List<FoundPeer> routes = new ArrayList<>();
    seeker.findPeer(serverKeys.publicKey(), QueryOptions.DEFAULTS, routes::add);
    net.net.loop.runFor(2000);
    assertThat(routes).extracting(FoundPeer::from)
        .containsExactlyInAnyOrder(s1, StorageNet.address(net.s2));
    assertThat(routes.get(0).peers()).containsExactly(
        new PeerRecord(serverKeys.publicKey(), List.of()));
  }
}
