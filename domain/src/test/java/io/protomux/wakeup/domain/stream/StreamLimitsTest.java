package io.protomux.wakeup.domain.stream;

import static org.assertj.core.api.Assertions.assertThat;

import io.protomux.wakeup.adapters.bouncycastle.BouncyCastleCrypto;
import io.protomux.wakeup.adapters.bouncycastle.RandomSources;
import io.protomux.wakeup.adapters.inmemory.InMemoryNetwork;
import io.protomux.wakeup.adapters.inmemory.Link;
import io.protomux.wakeup.adapters.inmemory.NetworkOptions;
import io.protomux.wakeup.adapters.inmemory.VirtualTimeLoop;
import io.protomux.wakeup.domain.Limit;
import io.protomux.wakeup.domain.protomux.Protomux;
import io.protomux.wakeup.ports.crypto.Crypto;
import org.junit.jupiter.api.Test;

/** Issue 8: the stream's limits name themselves, and the public-node preset stays compatible. */
class StreamLimitsTest {
  private final VirtualTimeLoop loop = new VirtualTimeLoop();
  private final Crypto crypto = new BouncyCastleCrypto(RandomSources.seeded(31));
  private final InMemoryNetwork network =
      new InMemoryNetwork(loop, NetworkOptions.defaults().withSeed(31));

  private NoiseSecretStream[] pair(StreamOptions dialer, StreamOptions acceptor, StreamEvents[] events) {
    Link link = network.pair();
    events[0] = new StreamEvents();
    events[1] = new StreamEvents();
    NoiseSecretStream a =
        new NoiseSecretStream(crypto, true, crypto.keyPair(), link.initiator(), dialer, events[0]);
    NoiseSecretStream b =
        new NoiseSecretStream(crypto, false, crypto.keyPair(), link.responder(), acceptor, events[1]);
    a.start();
    b.start();
    return new NoiseSecretStream[] {a, b};
  }

  @Test
  void theReferencesDefaultsHaveNoTimersAndThePublicPresetHasAll() {
    assertThat(StreamOptions.DEFAULTS)
        .isEqualTo(new StreamOptions(StreamOptions.WIRE_MAX_FRAME_BYTES, 0, 0, 0));
    assertThat(StreamOptions.PUBLIC_NODE.maxFrameBytes()).isEqualTo(1 << 20);
    assertThat(StreamOptions.PUBLIC_NODE.handshakeTimeoutMillis()).isEqualTo(10_000);
    assertThat(StreamOptions.PUBLIC_NODE.keepAliveMillis()).isEqualTo(5_000);
    assertThat(StreamOptions.PUBLIC_NODE.timeoutMillis())
        .as("several keep-alives may be lost before the idle timeout")
        .isEqualTo(4 * StreamOptions.PUBLIC_NODE.keepAliveMillis());
  }

  @Test
  void timeoutsAndTheFrameLimitNameTheirLimit() {
    StreamEvents[] events = new StreamEvents[2];
    Link silent = network.pair();
    NoiseSecretStream waiting =
        new NoiseSecretStream(
            crypto, false, crypto.keyPair(), silent.responder(), StreamOptions.PUBLIC_NODE, m -> {});
    waiting.start();
    NoiseSecretStream[] idle = pair(StreamOptions.DEFAULTS, StreamOptions.PUBLIC_NODE, events);
    NoiseSecretStream[] big = pair(StreamOptions.DEFAULTS, StreamOptions.PUBLIC_NODE, new StreamEvents[2]);
    big[0].write(new byte[(1 << 20) + 1]);
    loop.runFor(30_000);

    assertThat(Limit.of(waiting.closeCause())).isEqualTo(Limit.HANDSHAKE_TIMEOUT);
    assertThat(Limit.of(idle[1].closeCause())).isEqualTo(Limit.IDLE_TIMEOUT);
    assertThat(Limit.of(big[1].closeCause())).isEqualTo(Limit.FRAME_SIZE);
    assertThat(big[1].closeCause()).isInstanceOf(FrameTooLargeException.class);
    assertThat(idle[0].isClosed()).as("the remote sees the close").isTrue();
    assertThat(Limit.of(idle[0].closeCause())).as("but not as its own limit").isNull();
    assertThat(Limit.of(new SecretStreamException("other"))).isNull();
  }

  /**
   * A peer without keep-alives of its own, like a bare reference {@code NoiseSecretStream}, hands
   * our keep-alives up as empty messages, and Protomux ignores empty frames (secret-stream's
   * {@code _filterZeroByteMessages} is off without {@code keepAlive}; protomux's {@code _ondata}
   * returns on an empty buffer). So keep-alives from a public node disturb nobody.
   */
  @Test
  void keepAlivesReachAPeerWithoutThemAsEmptyMessagesThatProtomuxIgnores() {
    StreamEvents[] events = new StreamEvents[2];
    // (Keep-alives without the idle timeout: the remote here sends nothing at all.)
    NoiseSecretStream[] s =
        pair(StreamOptions.PUBLIC_NODE.withTimeoutMillis(0), StreamOptions.DEFAULTS, events);
    loop.runFor(100);
    StreamEvents seen = events[1];
    Protomux mux = Protomux.from(s[1]);
    s[1].setHandler(
        new SecretStreamHandler() {
          @Override
          public void onMessage(byte[] message) {
            seen.onMessage(message);
            mux.receive(message);
          }
        });
    loop.runFor(30_000);

    assertThat(seen.messages).hasSizeGreaterThanOrEqualTo(5).allSatisfy(m -> assertThat(m).isEmpty());
    assertThat(s[0].isOpen()).isTrue();
    assertThat(s[1].isOpen()).isTrue();
  }
}
