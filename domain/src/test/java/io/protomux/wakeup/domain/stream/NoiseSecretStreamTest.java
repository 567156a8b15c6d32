package io.protomux.wakeup.domain.stream;

import static org.assertj.core.api.Assertions.assertThat;

import io.protomux.wakeup.adapters.bouncycastle.BouncyCastleCrypto;
import io.protomux.wakeup.adapters.bouncycastle.RandomSources;
import io.protomux.wakeup.adapters.inmemory.Delivery;
import io.protomux.wakeup.adapters.inmemory.InMemoryConnection;
import io.protomux.wakeup.adapters.inmemory.InMemoryNetwork;
import io.protomux.wakeup.adapters.inmemory.Link;
import io.protomux.wakeup.adapters.inmemory.NetworkOptions;
import io.protomux.wakeup.adapters.inmemory.VirtualTimeLoop;
import io.protomux.wakeup.domain.noise.NoiseException;
import io.protomux.wakeup.ports.crypto.Crypto;
import io.protomux.wakeup.ports.crypto.KeyPair;
import io.protomux.wakeup.ports.transport.ConnectionHandler;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class NoiseSecretStreamTest {
  private final VirtualTimeLoop loop = new VirtualTimeLoop();
  private final Crypto crypto = new BouncyCastleCrypto(RandomSources.seeded(1));
  private final KeyPair alice = crypto.keyPair();
  private final KeyPair bob = crypto.keyPair();

  /** Two streams over one in-memory link, started. */
  private final class Pair {
    final Link link;
    final StreamEvents initiatorEvents = new StreamEvents();
    final StreamEvents responderEvents = new StreamEvents();
    final NoiseSecretStream initiator;
    final NoiseSecretStream responder;

    Pair(InMemoryNetwork network, StreamOptions options) {
      link = network.pair();
      initiator = new NoiseSecretStream(crypto, true, alice, link.initiator(), options, initiatorEvents);
      responder = new NoiseSecretStream(crypto, false, bob, link.responder(), options, responderEvents);
      initiator.start();
      responder.start();
    }
  }

  private InMemoryNetwork network(long seed, int chunk) {
    return new InMemoryNetwork(loop, NetworkOptions.defaults().withSeed(seed).withChunking(chunk));
  }

  @Test
  void handshakeCompletesWithTheSameHashAndTheRightKeysAcrossTinyReads() {
    Pair pair = new Pair(network(3, 5), StreamOptions.DEFAULTS);
    loop.runUntilIdle();
    assertThat(pair.initiator.isOpen()).isTrue();
    assertThat(pair.responder.isOpen()).isTrue();
    assertThat(pair.initiator.handshakeHash()).hasSize(64).isEqualTo(pair.responder.handshakeHash());
    assertThat(pair.initiator.remotePublicKey()).isEqualTo(bob.publicKey());
    assertThat(pair.responder.remotePublicKey()).isEqualTo(alice.publicKey());
    assertThat(pair.initiator.publicKey()).isEqualTo(alice.publicKey());
    assertThat(pair.initiatorEvents.opens).isEqualTo(1);
    assertThat(pair.responderEvents.opens).isEqualTo(1);
  }

  @Test
  void messagesOfManySizesFlowBothWaysIntactAndInOrder() {
    Pair pair = new Pair(network(4, 4096), StreamOptions.DEFAULTS);
    Random random = new Random(4);
    int[] sizes = {0, 1, 16, 17, 255, 4096, 65_535, 65_536, 300_000, 1 << 20};
    List<byte[]> sent = new ArrayList<>();
    for (int size : sizes) {
      byte[] message = new byte[size];
      random.nextBytes(message);
      sent.add(message);
      pair.initiator.write(message); // written before the handshake: queued, then sent in order
    }
    loop.runUntilIdle();
    for (byte[] message : sent) {
      pair.responder.write(message);
    }
    loop.runUntilIdle();
    assertThat(pair.responderEvents.messages).containsExactlyElementsOf(sent);
    assertThat(pair.initiatorEvents.messages).containsExactlyElementsOf(sent);
  }

  @Test
  void sameSeedGivesTheSameTraceAndAnotherSeedAnother() {
    assertThat(trace(11)).isEqualTo(trace(11));
    assertThat(trace(11)).isNotEqualTo(trace(12));
  }

  private List<Delivery> trace(long seed) {
    VirtualTimeLoop own = new VirtualTimeLoop();
    InMemoryNetwork network = new InMemoryNetwork(own, NetworkOptions.defaults().withSeed(seed).withChunking(64));
    List<Delivery> deliveries = new ArrayList<>();
    network.addTap(deliveries::add);
    Crypto seeded = new BouncyCastleCrypto(RandomSources.seeded(seed));
    Link link = network.pair();
    NoiseSecretStream a = new NoiseSecretStream(seeded, true, seeded.keyPair(), link.initiator(), StreamOptions.DEFAULTS, new StreamEvents());
    NoiseSecretStream b = new NoiseSecretStream(seeded, false, seeded.keyPair(), link.responder(), StreamOptions.DEFAULTS, new StreamEvents());
    a.start();
    b.start();
    a.write(new byte[1000]);
    own.runUntilIdle();
    return deliveries;
  }

  @Test
  void corruptedCiphertextDestroysOnlyThatStream() {
    InMemoryNetwork network = network(5, 0);
    Pair victim = new Pair(network, StreamOptions.DEFAULTS);
    Pair bystander = new Pair(network, StreamOptions.DEFAULTS);
    loop.runUntilIdle();
    victim.link.toResponder().corruptByteAt(victim.link.toResponder().bytesWritten() + 10);
    victim.initiator.write(new byte[100]);
    bystander.initiator.write(new byte[] {42});
    loop.runUntilIdle();
    assertThat(victim.responder.isClosed()).isTrue();
    assertThat(victim.responder.closeCause())
        .isInstanceOf(SecretStreamException.class)
        .hasMessageContaining("failed authentication");
    assertThat(victim.responderEvents.messages).isEmpty();
    assertThat(bystander.responder.isOpen()).isTrue();
    assertThat(bystander.responderEvents.messages).containsExactly(new byte[] {42});
  }

  @Test
  void aWrongStreamIdInTheHeaderDestroysTheStream() {
    InMemoryNetwork network = network(6, 0);
    Link link = network.pair();
    // Initiator bytes: message 1 (3 + 32), message 3 (3 + 64), then the header frame (3 + 56).
    link.toResponder().corruptByteAt(35 + 67 + 3 + 5);
    StreamEvents events = new StreamEvents();
    NoiseSecretStream initiator = new NoiseSecretStream(crypto, true, alice, link.initiator(), StreamOptions.DEFAULTS, new StreamEvents());
    NoiseSecretStream responder = new NoiseSecretStream(crypto, false, bob, link.responder(), StreamOptions.DEFAULTS, events);
    initiator.start();
    responder.start();
    loop.runUntilIdle();
    assertThat(events.closeCause)
        .isInstanceOf(SecretStreamException.class)
        .hasMessageContaining("stream id does not match");
  }

  @Test
  void aCorruptedHandshakeMessageFailsTheHandshake() {
    Link link = network(7, 0).pair();
    link.toInitiator().corruptByteAt(3 + 40); // inside the responder's encrypted static key
    StreamEvents events = new StreamEvents();
    NoiseSecretStream initiator = new NoiseSecretStream(crypto, true, alice, link.initiator(), StreamOptions.DEFAULTS, events);
    NoiseSecretStream responder = new NoiseSecretStream(crypto, false, bob, link.responder(), StreamOptions.DEFAULTS, new StreamEvents());
    initiator.start();
    responder.start();
    loop.runUntilIdle();
    assertThat(events.closeCause).isInstanceOf(NoiseException.class);
    assertThat(events.opens).isZero();
    assertThat(responder.isClosed()).as("the peer sees the connection go").isTrue();
  }

  @Test
  void anOversizedFrameLengthDestroysTheStreamBeforeAnyBodyArrives() {
    StreamEvents events = new StreamEvents();
    RawPeer raw = rawPeerAgainstResponder(StreamOptions.DEFAULTS.withMaxFrameBytes(4096), events);
    raw.send(new byte[] {(byte) 0xff, (byte) 0xff, (byte) 0xff}); // claims 16 MiB - 1
    loop.runUntilIdle();
    assertThat(events.closeCause)
        .isInstanceOf(FrameTooLargeException.class)
        .hasMessageContaining("16777215")
        .hasMessageContaining("4096");
  }

  @Test
  void aFrameCutShortByTheConnectionClosingIsReported() {
    StreamEvents events = new StreamEvents();
    RawPeer raw = rawPeerAgainstResponder(StreamOptions.DEFAULTS, events);
    raw.send(new byte[] {32, 0, 0, 1, 2, 3}); // a 32-byte frame with 3 bytes of it
    raw.connection.shutdownOutput();
    loop.runUntilIdle();
    assertThat(events.closeCause)
        .isInstanceOf(SecretStreamException.class)
        .hasMessageContaining("during the handshake");
  }

  @Test
  void aTooShortMessageAfterTheHandshakeDestroysTheStream() {
    Pair pair = new Pair(network(8, 0), StreamOptions.DEFAULTS);
    loop.runUntilIdle();
    // Write a raw 5-byte frame under the initiator's encryption.
    pair.link.initiator().write(ByteBuffer.wrap(new byte[] {5, 0, 0, 1, 2, 3, 4, 5}));
    loop.runUntilIdle();
    assertThat(pair.responder.closeCause())
        .isInstanceOf(SecretStreamException.class)
        .hasMessageContaining("shorter than the 17-byte");
  }

  @Test
  void aHandshakeThatNeverCompletesTimesOutOnVirtualTime() {
    StreamEvents events = new StreamEvents();
    rawPeerAgainstResponder(StreamOptions.DEFAULTS.withHandshakeTimeoutMillis(10_000), events);
    loop.runFor(9_999);
    assertThat(events.closes).isZero();
    loop.runFor(1);
    assertThat(events.closeCause).hasMessageContaining("handshake timed out");
  }

  @Test
  void keepAlivesHoldAnIdleStreamOpenAndAreNotDelivered() {
    StreamOptions options = StreamOptions.DEFAULTS.withKeepAliveMillis(1_000).withTimeoutMillis(5_000);
    Pair pair = new Pair(network(9, 0), options);
    loop.runFor(60_000);
    assertThat(pair.initiator.isOpen()).isTrue();
    assertThat(pair.responder.isOpen()).isTrue();
    assertThat(pair.initiatorEvents.messages).isEmpty();
    assertThat(pair.responderEvents.messages).isEmpty();
    assertThat(pair.link.toResponder().bytesWritten()).as("about 60 keep-alives went out").isGreaterThan(50L * 20);
  }

  @Test
  void anIdleStreamWithoutKeepAlivesTimesOut() {
    Pair pair = new Pair(network(10, 0), StreamOptions.DEFAULTS.withTimeoutMillis(5_000));
    loop.runFor(4_000);
    assertThat(pair.initiator.isOpen()).isTrue();
    loop.runFor(2_000);
    assertThat(pair.initiator.closeCause()).hasMessageContaining("timed out");
  }

  @Test
  void endingBothSidesClosesCleanlyAfterTheQueuedMessages() {
    Pair pair = new Pair(network(12, 0), StreamOptions.DEFAULTS);
    pair.initiator.write(new byte[] {1});
    pair.initiator.end();
    loop.runUntilIdle();
    assertThat(pair.responderEvents.messages).hasSize(1);
    assertThat(pair.responderEvents.ends).isEqualTo(1);
    pair.responder.end();
    loop.runUntilIdle();
    assertThat(pair.initiator.isClosed()).isTrue();
    assertThat(pair.responder.isClosed()).isTrue();
    assertThat(pair.initiator.closeCause()).isNull();
    assertThat(pair.responder.closeCause()).isNull();
    assertThat(pair.initiatorEvents.closes).isEqualTo(1);
  }

  @Test
  void whenOpenAndWhenClosedListenersRunOnce() {
    Pair pair = new Pair(network(13, 0), StreamOptions.DEFAULTS);
    int[] counts = new int[2];
    pair.initiator.whenOpen(() -> counts[0]++);
    pair.initiator.whenClosed(cause -> counts[1]++);
    loop.runUntilIdle();
    pair.initiator.whenOpen(() -> counts[0]++); // already open: runs at once
    pair.initiator.destroy(null);
    pair.initiator.destroy(null);
    assertThat(counts).containsExactly(2, 1);
  }

  @Test
  void whatOneTurnSendsLeavesInOneWrite() {
    InMemoryNetwork network = network(5, 4096);
    List<Integer> deliveredToInitiator = new ArrayList<>();
    Link link = network.pair();
    network.addTap(
        delivery -> {
          if (delivery.kind() == Delivery.Kind.DATA
              && delivery.receiver().equals(link.initiator().localDescription())) {
            deliveredToInitiator.add(delivery.data().length);
          }
        });
    NoiseSecretStream initiator =
        new NoiseSecretStream(
            crypto, true, alice, link.initiator(), StreamOptions.DEFAULTS, new StreamEvents());
    NoiseSecretStream responder =
        new NoiseSecretStream(
            crypto, false, bob, link.responder(), StreamOptions.DEFAULTS, new StreamEvents());
    responder.whenOpen(() -> responder.write(new byte[] {1, 2, 3}));
    initiator.start();
    responder.start();
    loop.runUntilIdle();

    // Handshake message 2, then, from the turn that completes the handshake, the header and the
    // message written on open together: the initiator is woken once for those two, not twice.
    assertThat(initiator.isOpen()).isTrue();
    assertThat(deliveredToInitiator).containsExactly(3 + 96, (3 + 56) + (3 + 17 + 3));
  }

  /** A responder stream whose remote is a bare connection the test writes to. */
  private RawPeer rawPeerAgainstResponder(StreamOptions options, StreamEvents events) {
    Link link = network(20, 0).pair();
    NoiseSecretStream responder = new NoiseSecretStream(crypto, false, bob, link.responder(), options, events);
    responder.start();
    return new RawPeer(link.initiator());
  }

  private static final class RawPeer implements ConnectionHandler {
    final InMemoryConnection connection;

    RawPeer(InMemoryConnection connection) {
      this.connection = connection;
      connection.setHandler(this);
    }

    void send(byte[] bytes) {
      connection.write(ByteBuffer.wrap(bytes));
    }

    @Override
    public void onData(ByteBuffer bytes) {}

    @Override
    public void onWritable() {}

    @Override
    public void onEnd() {}

    @Override
    public void onClose(Throwable cause) {}
  }
}
