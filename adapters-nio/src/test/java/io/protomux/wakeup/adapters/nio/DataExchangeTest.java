package io.protomux.wakeup.adapters.nio;

import static io.protomux.wakeup.adapters.nio.Harness.CLIENT_SEED;
import static io.protomux.wakeup.adapters.nio.Harness.SERVER_SEED;
import static io.protomux.wakeup.adapters.nio.Loops.await;
import static io.protomux.wakeup.adapters.nio.Loops.onLoop;
import static org.assertj.core.api.Assertions.assertThat;

import io.protomux.wakeup.adapters.nio.Harness.Pair;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DataExchangeTest {
  private final Harness harness = new Harness(new NioTransport(2));

  @AfterEach
  void closeTransport() {
    harness.close();
  }

  @ParameterizedTest(name = "{0} bytes each way")
  @ValueSource(ints = {0, 1, 1000, 65_536, 65_537, 1_000_000, 4 * 1024 * 1024 + 3})
  void bothSidesSendAtOnceThenHalfCloseAndEverythingArrives(int size) {
    Pair pair = harness.connect();

    onLoop(pair.client().connection.eventLoop(), () -> pair.client().send(CLIENT_SEED, size, 20_000, true));
    onLoop(pair.server().connection.eventLoop(), () -> pair.server().send(SERVER_SEED, size, 7_000, true));

    assertThat(await(pair.client().closed)).isEmpty();
    assertThat(await(pair.server().closed)).isEmpty();
    for (Peer peer : new Peer[] {pair.client(), pair.server()}) {
      assertThat(peer.violations).isEmpty();
      assertThat(peer.received()).isEqualTo(size);
      assertThat(peer.endCount()).isEqualTo(1);
      assertThat(peer.closeCount()).isEqualTo(1);
    }
  }

  @Test
  void manyTinyWritesKeepTheirOrder() {
    Pair pair = harness.connect();
    int size = 200_000;

    // Writes of 1 to 5 bytes: some 70 000 of them, most taking the immediate-write path.
    onLoop(pair.client().connection.eventLoop(), () -> pair.client().send(CLIENT_SEED, size, 5, true));

    await(pair.server().ended);
    onLoop(pair.server().connection.eventLoop(), () -> pair.server().connection.shutdownOutput());
    assertThat(await(pair.server().closed)).isEmpty();
    assertThat(pair.server().received()).isEqualTo(size);
    assertThat(pair.server().violations).isEmpty();
    assertThat(await(pair.client().closed)).isEmpty();
  }

  @Test
  void dataBufferedWhilePausedIsDeliveredOnResume() {
    Pair pair = harness.connect();
    Peer server = pair.server();
    onLoop(server.connection.eventLoop(), server::pauseOnFirstData);

    onLoop(pair.client().connection.eventLoop(), () -> pair.client().send(CLIENT_SEED, 300_000, 10_000, true));
    await(pair.client().allWritten);
    // Whatever is not delivered yet sits in the kernel's buffers (or arrives there shortly).
    long beforeResume = onLoop(server.connection.eventLoop(), server::received);
    assertThat(beforeResume).isPositive();
    onLoop(server.connection.eventLoop(), server::resume);

    await(server.ended);
    assertThat(server.received()).isEqualTo(300_000);
    assertThat(server.violations).isEmpty(); // includes "onData while paused"
  }

  @Test
  void remoteDescriptionIsTheLoopbackAddressAndPort() {
    Pair pair = harness.connect();
    assertThat(pair.client().connection.remoteDescription())
        .isEqualTo("127.0.0.1:" + harness.listener.port());
    assertThat(pair.server().connection.remoteDescription()).matches("127\\.0\\.0\\.1:\\d+");
    assertThat(onLoop(pair.client().connection.eventLoop(), pair.client().connection::isOpen))
        .isTrue();
    assertThat(harness.listener.host()).isEqualTo("127.0.0.1");
  }
}
