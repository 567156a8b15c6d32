package io.protomux.wakeup.domain.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.protomux.wakeup.adapters.bouncycastle.BouncyCastleCrypto;
import io.protomux.wakeup.adapters.bouncycastle.RandomSources;
import io.protomux.wakeup.adapters.inmemory.DatagramNetwork;
import io.protomux.wakeup.adapters.inmemory.InMemoryConnection;
import io.protomux.wakeup.adapters.inmemory.InMemoryNetwork;
import io.protomux.wakeup.adapters.inmemory.Link;
import io.protomux.wakeup.adapters.inmemory.NetworkOptions;
import io.protomux.wakeup.adapters.inmemory.PathProfile;
import io.protomux.wakeup.adapters.inmemory.VirtualTimeLoop;
import io.protomux.wakeup.domain.noise.HandshakeResult;
import io.protomux.wakeup.domain.noise.NoiseIkHandshake;
import io.protomux.wakeup.domain.udx.Udx;
import io.protomux.wakeup.domain.udx.UdxSocket;
import io.protomux.wakeup.domain.udx.UdxStream;
import io.protomux.wakeup.domain.udx.UdxStreamOptions;
import io.protomux.wakeup.ports.crypto.Crypto;
import io.protomux.wakeup.ports.crypto.KeyPair;
import io.protomux.wakeup.ports.transport.ConnectionHandler;
import java.io.ByteArrayOutputStream;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Streams started from hyperdht's IK handshake: no handshake on the connection. */
class NoiseSecretStreamFromHandshakeTest {
  private final VirtualTimeLoop loop = new VirtualTimeLoop();
  private final Crypto crypto = new BouncyCastleCrypto(RandomSources.seeded(31));
  private final KeyPair client = crypto.keyPair();
  private final KeyPair server = crypto.keyPair();
  private final byte[] prologue = crypto.namespace("hyperswarm/dht", 1)[0];

  /** The two results of one real IK handshake between {@link #client} and {@link #server}. */
  private HandshakeResult[] handshake() {
    NoiseIkHandshake initiator = NoiseIkHandshake.initiator(crypto, client, server.publicKey(), prologue);
    NoiseIkHandshake responder = NoiseIkHandshake.responder(crypto, server, prologue);
    responder.receive(initiator.send(new byte[] {1}));
    initiator.receive(responder.send(new byte[] {2}));
    return new HandshakeResult[] {initiator.result(), responder.result()};
  }

  private Link link(long seed, int chunk) {
    return new InMemoryNetwork(loop, NetworkOptions.defaults().withSeed(seed).withChunking(chunk)).pair();
  }

  @Test
  void bothSidesOpenAtOnceAndExchangeMessagesBothWays() {
    Link link = link(1, 7);
    HandshakeResult[] hs = handshake();
    byte[] hash = hs[0].handshakeHash();
    StreamEvents ce = new StreamEvents();
    StreamEvents se = new StreamEvents();
    NoiseSecretStream c = NoiseSecretStream.fromHandshake(crypto, true, link.initiator(), StreamOptions.DEFAULTS, ce);
    NoiseSecretStream s = NoiseSecretStream.fromHandshake(crypto, false, link.responder(), StreamOptions.DEFAULTS, se);
    assertThat(c.isOpen()).isFalse();
    assertThat(c.handshakeHash()).isNull();

    c.start(hs[0]);
    // Open without waiting for the peer's header, as the reference is.
    assertThat(c.isOpen()).isTrue();
    assertThat(ce.opens).isEqualTo(1);
    assertThat(c.handshakeHash()).isEqualTo(hash);
    assertThat(c.publicKey()).isEqualTo(client.publicKey());
    assertThat(c.remotePublicKey()).isEqualTo(server.publicKey());
    assertThat(c.isInitiator()).isTrue();
    c.write(new byte[] {10});
    s.start(hs[1]);
    s.write(new byte[] {20});
    s.write(new byte[0]); // delivered: no keep-alive configured, so empty messages are messages
    loop.runUntilIdle();

    assertThat(se.messages).containsExactly(new byte[] {10});
    assertThat(ce.messages).containsExactly(new byte[] {20}, new byte[0]);
    assertThat(s.remotePublicKey()).isEqualTo(client.publicKey());
    assertThat(s.handshakeHash()).isEqualTo(hash);
    assertThat(c.isOpen()).isTrue();
    assertThat(s.isOpen()).isTrue();
  }

  @Test
  void theFirstBytesOnTheWireAreTheRolesStreamIdAndAHeaderAndNothingElseComesFirst() {
    HandshakeResult[] hs = handshake();
    for (int side = 0; side < 2; side++) {
      Link link = link(2 + side, 0);
      boolean initiator = side == 0;
      InMemoryConnection own = initiator ? link.initiator() : link.responder();
      RawPeer raw = new RawPeer(initiator ? link.responder() : link.initiator());
      NoiseSecretStream stream = NoiseSecretStream.fromHandshake(crypto, initiator, own, StreamOptions.DEFAULTS);
      stream.start(hs[side]);
      stream.write(new byte[] {1, 2, 3});
      loop.runUntilIdle();

      byte[] wire = raw.received.toByteArray();
      assertThat(wire).hasSize(59 + 3 + 17 + 3);
      assertThat(Arrays.copyOf(wire, 3)).containsExactly(0x38, 0, 0);
      byte[] id = NoiseSecretStream.streamId(crypto, hs[0].handshakeHash(), initiator);
      assertThat(Arrays.copyOfRange(wire, 3, 35)).isEqualTo(id);
      assertThat(raw.dataEvents).as("header and first message leave in one write").isEqualTo(1);
    }
  }

  @Test
  void writesBeforeStartAreQueuedInOrderAndWhenOpenWaits() {
    Link link = link(4, 0);
    HandshakeResult[] hs = handshake();
    StreamEvents se = new StreamEvents();
    NoiseSecretStream c = NoiseSecretStream.fromHandshake(crypto, true, link.initiator(), StreamOptions.DEFAULTS);
    NoiseSecretStream s = NoiseSecretStream.fromHandshake(crypto, false, link.responder(), StreamOptions.DEFAULTS, se);
    List<String> order = new ArrayList<>();
    c.whenOpen(() -> order.add("open"));
    c.write(new byte[] {1});
    c.write(new byte[] {9, 2, 9}, 1, 1);
    loop.runFor(10_000);
    assertThat(order).isEmpty();
    assertThat(link.toResponder().bytesWritten()).as("nothing sent before start").isZero();

    c.start(hs[0]);
    c.write(new byte[] {3});
    assertThat(order).containsExactly("open");
    s.start(hs[1]);
    loop.runUntilIdle();
    assertThat(se.messages).containsExactly(new byte[] {1}, new byte[] {2}, new byte[] {3});
  }

  @Test
  void dataThatArrivedBeforeStartIsReadAfterStart() {
    Link link = link(5, 3);
    HandshakeResult[] hs = handshake();
    StreamEvents se = new StreamEvents();
    NoiseSecretStream c = NoiseSecretStream.fromHandshake(crypto, true, link.initiator(), StreamOptions.DEFAULTS);
    NoiseSecretStream s = NoiseSecretStream.fromHandshake(crypto, false, link.responder(), StreamOptions.DEFAULTS, se);
    c.start(hs[0]);
    for (int i = 0; i < 5; i++) {
      c.write(new byte[] {(byte) i});
    }
    c.end();
    loop.runUntilIdle();
    assertThat(link.toResponder().bytesWritten()).isGreaterThan(59);
    assertThat(se.messages).isEmpty();

    s.start(hs[1]);
    loop.runUntilIdle();
    assertThat(se.messages).hasSize(5);
    assertThat(se.messages.get(4)).containsExactly(4);
    assertThat(se.ends).isEqualTo(1);
    s.end();
    loop.runUntilIdle();
    assertThat(c.isClosed()).isTrue();
    assertThat(s.isClosed()).isTrue();
    assertThat(c.closeCause()).isNull();
    assertThat(s.closeCause()).isNull();
  }

  @Test
  void overUdxTheServersDataBeforeTheClientStartsIsHeldByTheUdxStream() {
    DatagramNetwork network = new DatagramNetwork(loop, 6);
    network.defaultPath(PathProfile.PERFECT.withLatency(5, 0));
    Random random = new Random(6);
    Udx udxC = new Udx(loop, random::nextBytes);
    Udx udxS = new Udx(loop, random::nextBytes);
    UdxSocket socketC = udxC.socket(network.host("10.0.0.1").bind("10.0.0.1", 5001));
    UdxSocket socketS = udxS.socket(network.host("10.0.0.2").bind("10.0.0.2", 5002));
    UdxStream rawC = udxC.createStream(11, UdxStreamOptions.DEFAULTS);
    UdxStream rawS = udxS.createStream(22, UdxStreamOptions.DEFAULTS);
    HandshakeResult[] hs = handshake();
    StreamEvents ce = new StreamEvents();
    StreamEvents se = new StreamEvents();
    NoiseSecretStream c = NoiseSecretStream.fromHandshake(crypto, true, rawC, StreamOptions.DEFAULTS, ce);
    NoiseSecretStream s = NoiseSecretStream.fromHandshake(crypto, false, rawS, StreamOptions.DEFAULTS, se);
    c.write(new byte[] {7}); // the client writes before it has the server's answer

    // The server answers, connects and starts first (hyperdht's OPEN case); the client is slow.
    rawS.connect(socketS, 11, new InetSocketAddress("10.0.0.1", 5001));
    s.start(hs[1]);
    s.write(new byte[] {8});
    rawC.connect(socketC, 22, new InetSocketAddress("10.0.0.2", 5002));
    loop.runFor(1_000);
    assertThat(ce.opens).isZero();

    c.start(hs[0]);
    assertThat(loop.runUntil(() -> ce.messages.size() == 1 && se.messages.size() == 1, 5_000)).isTrue();
    assertThat(ce.messages).containsExactly(new byte[] {8});
    assertThat(se.messages).containsExactly(new byte[] {7});
    c.end();
    s.end();
    assertThat(loop.runUntil(() -> c.isClosed() && s.isClosed(), 10_000)).isTrue();
    assertThat(c.closeCause()).isNull();
    assertThat(s.closeCause()).isNull();
  }

  @Test
  void destroyBeforeStartClosesTheStreamAndItsConnection() {
    Link link = link(7, 0);
    StreamEvents ce = new StreamEvents();
    RawPeer raw = new RawPeer(link.responder());
    NoiseSecretStream c = NoiseSecretStream.fromHandshake(crypto, true, link.initiator(), StreamOptions.DEFAULTS, ce);
    int[] counts = new int[2];
    Throwable[] seen = new Throwable[1];
    c.whenOpen(() -> counts[0]++);
    c.whenClosed(cause -> {
      counts[1]++;
      seen[0] = cause;
    });
    c.write(new byte[] {1});
    IllegalStateException cause = new IllegalStateException("suspended");
    c.destroy(cause);
    assertThat(c.isClosed()).isTrue();
    assertThat(counts).containsExactly(0, 1);
    assertThat(seen[0]).isSameAs(cause);
    assertThat(ce.closeCause).isSameAs(cause);
    assertThatThrownBy(() -> c.write(new byte[] {2})).isInstanceOf(IllegalStateException.class);

    HandshakeResult result = handshake()[0];
    c.start(result); // hyperdht may still finish the handshake: nothing happens, keys wiped
    assertThat(result.tx()).containsOnly(0);
    loop.runUntilIdle();
    assertThat(c.isOpen()).isFalse();
    assertThat(counts).containsExactly(0, 1);
    assertThat(raw.closed).as("the peer sees the connection close").isTrue();
    assertThat(raw.received.size()).isZero();
  }

  @Test
  void aWrongStreamIdInThePeersHeaderDestroysTheStream() {
    Link link = link(8, 0);
    HandshakeResult[] hs = handshake();
    link.toResponder().corruptByteAt(3 + 5); // inside the initiator's stream id
    StreamEvents se = new StreamEvents();
    NoiseSecretStream c = NoiseSecretStream.fromHandshake(crypto, true, link.initiator(), StreamOptions.DEFAULTS);
    NoiseSecretStream s = NoiseSecretStream.fromHandshake(crypto, false, link.responder(), StreamOptions.DEFAULTS, se);
    c.start(hs[0]);
    s.start(hs[1]);
    loop.runUntilIdle();
    assertThat(se.closeCause)
        .isInstanceOf(SecretStreamException.class)
        .hasMessageContaining("stream id does not match");
    assertThat(c.isClosed()).as("the connection went with it").isTrue();
  }

  @Test
  void keysOfAnotherHandshakeAreRefusedByTheStreamId() {
    Link link = link(9, 0);
    StreamEvents se = new StreamEvents();
    NoiseSecretStream c = NoiseSecretStream.fromHandshake(crypto, true, link.initiator(), StreamOptions.DEFAULTS);
    NoiseSecretStream s = NoiseSecretStream.fromHandshake(crypto, false, link.responder(), StreamOptions.DEFAULTS, se);
    c.start(handshake()[0]);
    s.start(handshake()[1]);
    loop.runUntilIdle();
    assertThat(se.closeCause).hasMessageContaining("stream id does not match");
  }

  @Test
  void keepAlivesGoOutAndAreFilteredAndNoHandshakeTimeoutApplies() {
    Link link = link(10, 0);
    HandshakeResult[] hs = handshake();
    StreamOptions options =
        StreamOptions.DEFAULTS.withKeepAliveMillis(5_000).withTimeoutMillis(12_000).withHandshakeTimeoutMillis(1_000);
    StreamEvents ce = new StreamEvents();
    StreamEvents se = new StreamEvents();
    NoiseSecretStream c = NoiseSecretStream.fromHandshake(crypto, true, link.initiator(), options, ce);
    NoiseSecretStream s = NoiseSecretStream.fromHandshake(crypto, false, link.responder(), options, se);
    loop.runFor(30_000);
    assertThat(c.isClosed()).as("no handshake timeout before start").isFalse();
    c.start(hs[0]);
    s.start(hs[1]);
    long afterHeaders = 59;
    loop.runFor(60_000);
    assertThat(c.isOpen()).isTrue();
    assertThat(s.isOpen()).isTrue();
    assertThat(ce.messages).isEmpty();
    assertThat(se.messages).isEmpty();
    // One 20-byte empty message every 5 s each way.
    assertThat(link.toResponder().bytesWritten() - afterHeaders).isBetween(10L * 20, 13L * 20);
  }

  @Test
  void anIdleStreamStillTimesOut() {
    Link link = link(11, 0);
    HandshakeResult[] hs = handshake();
    NoiseSecretStream c =
        NoiseSecretStream.fromHandshake(crypto, true, link.initiator(), StreamOptions.DEFAULTS.withTimeoutMillis(5_000));
    c.start(hs[0]);
    loop.runFor(6_000);
    assertThat(c.closeCause()).isInstanceOf(StreamLimitException.class).hasMessageContaining("timed out");
  }

  @Test
  void aConnectionClosedBeforeStartDestroysTheStreamAtStart() {
    Link link = link(12, 0);
    StreamEvents ce = new StreamEvents();
    NoiseSecretStream c = NoiseSecretStream.fromHandshake(crypto, true, link.initiator(), StreamOptions.DEFAULTS, ce);
    link.initiator().close();
    loop.runUntilIdle();
    c.start(handshake()[0]);
    loop.runUntilIdle();
    assertThat(c.isClosed()).isTrue();
    assertThat(ce.opens).isZero();
    assertThat(ce.closeCause).isInstanceOf(SecretStreamException.class).hasMessageContaining("closed");
  }

  @Test
  void misuseIsRefused() {
    Link link = link(13, 0);
    HandshakeResult[] hs = handshake();
    NoiseSecretStream c = NoiseSecretStream.fromHandshake(crypto, true, link.initiator(), StreamOptions.DEFAULTS);
    assertThatThrownBy(c::start).isInstanceOf(IllegalStateException.class).hasMessageContaining("start(HandshakeResult)");
    assertThatThrownBy(() -> c.start(hs[1])).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("responder");
    c.start(hs[0]);
    assertThatThrownBy(() -> c.start(hs[0])).isInstanceOf(IllegalStateException.class).hasMessageContaining("already");
    NoiseSecretStream xx = new NoiseSecretStream(crypto, false, server, link.responder(), StreamOptions.DEFAULTS);
    assertThatThrownBy(() -> xx.start(hs[1])).isInstanceOf(IllegalStateException.class).hasMessageContaining("own handshake");
  }

  /** A bare connection end that records what it receives. */
  private static final class RawPeer implements ConnectionHandler {
    final ByteArrayOutputStream received = new ByteArrayOutputStream();
    int dataEvents;
    boolean closed;

    RawPeer(InMemoryConnection connection) {
      connection.setHandler(this);
    }

    @Override
    public void onData(ByteBuffer bytes) {
      dataEvents++;
      byte[] chunk = new byte[bytes.remaining()];
      bytes.get(chunk);
      received.writeBytes(chunk);
    }

    @Override
    public void onWritable() {}

    @Override
    public void onEnd() {}

    @Override
    public void onClose(Throwable cause) {
      closed = true;
    }
  }
}
