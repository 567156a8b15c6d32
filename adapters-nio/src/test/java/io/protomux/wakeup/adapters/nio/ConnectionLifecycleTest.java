package io.protomux.wakeup.adapters.nio;

import static io.protomux.wakeup.adapters.nio.Harness.CLIENT_SEED;
import static io.protomux.wakeup.adapters.nio.Harness.SERVER_SEED;
import static io.protomux.wakeup.adapters.nio.Loops.await;
import static io.protomux.wakeup.adapters.nio.Loops.onLoop;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.protomux.wakeup.adapters.nio.Harness.Pair;
import io.protomux.wakeup.ports.loop.EventLoop;
import io.protomux.wakeup.ports.transport.Connection;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ConnectionLifecycleTest {
  private final List<Throwable> reported = Collections.synchronizedList(new ArrayList<>());
  private final NioTransport transport =
      new NioTransport(
          NioOptions.defaults()
              .withLoopCount(2)
              .withErrorHandler(reported::add)
              // Above the 32 MiB one test queues on purpose before closing (SlowReaderTest has the cap).
              .withMaxQueuedBytes(64L * 1024 * 1024));
  private final Harness harness = new Harness(transport);

  @AfterEach
  void closeTransport() {
    harness.close();
  }

  @Test
  void shutdownOutputDeliversQueuedDataThenEndAndTheOtherDirectionStaysOpen() {
    Pair pair = harness.connect();
    Peer client = pair.client();
    Peer server = pair.server();

    // Queued and half-closed in one go: the end must wait for the queue.
    onLoop(client.connection.eventLoop(), () -> client.send(CLIENT_SEED, 2_000_000, 1 << 20, true));
    await(server.ended);
    assertThat(server.received()).isEqualTo(2_000_000);
    assertThat(onLoop(server.connection.eventLoop(), server.connection::isOpen)).isTrue();
    assertThat(client.closed).isNotDone();

    onLoop(server.connection.eventLoop(), () -> server.send(SERVER_SEED, 50_000, 4096, true));

    assertThat(await(client.closed)).isEmpty();
    assertThat(await(server.closed)).isEmpty();
    assertThat(client.received()).isEqualTo(50_000);
    for (Peer peer : List.of(client, server)) {
      assertThat(peer.endCount()).isEqualTo(1);
      assertThat(peer.closeCount()).isEqualTo(1);
      assertThat(peer.violations).isEmpty();
    }
  }

  @Test
  void closeDropsTheQueueAndThePeerSeesTheEnd() {
    Pair pair = harness.connect();
    Peer closer = pair.client();
    Peer other = pair.server();
    EventLoop loop = closer.connection.eventLoop();
    long written = 32L * 1024 * 1024;

    boolean writeAfterClose =
        onLoop(
            loop,
            () -> {
              // Ignores backpressure on purpose: most of this is still queued at close().
              Pattern pattern = new Pattern(CLIENT_SEED);
              for (long sent = 0; sent < written; ) {
                ByteBuffer chunk = pattern.chunk(sent, 1 << 20);
                sent += chunk.remaining();
                closer.connection.write(chunk);
              }
              closer.connection.close();
              closer.connection.close();
              return closer.connection.write(ByteBuffer.wrap(new byte[] {1}));
            });

    assertThat(writeAfterClose).isFalse();
    assertThat(await(closer.closed)).isEmpty();
    assertThat(onLoop(loop, closer.connection::isOpen)).isFalse();
    await(CompletableFuture.anyOf(other.ended, other.closed));
    onLoop(other.connection.eventLoop(), other.connection::close);
    await(other.closed);
    assertThat(other.received()).isLessThan(written);
    assertThat(closer.closeCount()).isEqualTo(1);
    assertThat(closer.violations).isEmpty();
    assertThat(other.violations).isEmpty();
  }

  @Test
  void closingWithUnreadDataResetsAndThePeersPendingWritesFailWithTheCause() {
    Pair pair = harness.connect();
    Peer closer = pair.client();
    Peer other = pair.server();
    onLoop(closer.connection.eventLoop(), closer::pause);

    // Fills the closer's receive buffer and the other's queue, which then waits on OP_WRITE.
    onLoop(other.connection.eventLoop(), () -> other.send(SERVER_SEED, 64L << 20, 65_536, true));
    await(other.firstRefusal);
    // Unread bytes at close make the kernel answer with a reset instead of an orderly end.
    onLoop(closer.connection.eventLoop(), closer.connection::close);

    Optional<Throwable> cause = await(other.closed);
    assertThat(cause).get().isInstanceOf(IOException.class);
    assertThat(other.closeCount()).isEqualTo(1);
    assertThat(other.violations).isEmpty();
    assertThat(await(closer.closed)).isEmpty();
  }

  @Test
  void aHandlerThatThrowsClosesOnlyItsConnectionWithThatCause() {
    NioTransport oneLoop = new NioTransport(NioOptions.defaults().withErrorHandler(reported::add));
    try (Harness sameLoop = new Harness(oneLoop)) {
      Pair broken = sameLoop.connect();
      Pair healthy = sameLoop.connect();
      assertThat(broken.server().connection.eventLoop())
          .isSameAs(healthy.server().connection.eventLoop());
      IllegalStateException bug = new IllegalStateException("handler bug");
      onLoop(broken.server().connection.eventLoop(), () -> broken.server().throwOnData(bug));

      onLoop(broken.client().connection.eventLoop(), () -> broken.client().send(CLIENT_SEED, 10, 10, false));

      assertThat(await(broken.server().closed)).containsSame(bug);
      await(CompletableFuture.anyOf(broken.client().ended, broken.client().closed));

      onLoop(healthy.client().connection.eventLoop(), () -> healthy.client().send(CLIENT_SEED, 500_000, 9000, true));
      onLoop(healthy.server().connection.eventLoop(), () -> healthy.server().send(SERVER_SEED, 500_000, 9000, true));
      assertThat(await(healthy.client().closed)).isEmpty();
      assertThat(await(healthy.server().closed)).isEmpty();
      assertThat(healthy.client().received()).isEqualTo(500_000);
      assertThat(healthy.server().received()).isEqualTo(500_000);
      assertThat(healthy.server().violations).isEmpty();
    }
  }

  @Test
  void aThrowingOnCloseIsReportedAndTheLoopGoesOn() {
    Pair pair = harness.connect();
    Connection connection = pair.server().connection;
    RuntimeException failure = new RuntimeException("onClose bug");
    CompletableFuture<Void> onCloseRan = new CompletableFuture<>();
    onLoop(
        connection.eventLoop(),
        () ->
            connection.setHandler(
                new ThrowingOnClose(
                    () -> {
                      onCloseRan.complete(null);
                      throw failure;
                    })));

    onLoop(connection.eventLoop(), connection::close);
    await(onCloseRan);

    assertThat(onLoop(connection.eventLoop(), () -> "still running")).isEqualTo("still running");
    assertThat(reported).containsExactly(failure);
  }

  @Test
  void connectionMethodsThrowOffTheLoop() {
    Pair pair = harness.connect();
    Connection connection = pair.client().connection;

    assertThatThrownBy(() -> connection.write(ByteBuffer.allocate(1)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("not from event loop");
    assertThatThrownBy(connection::close).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(connection::pauseReading).isInstanceOf(IllegalStateException.class);
    assertThat(connection.remoteDescription()).startsWith("127.0.0.1:");
  }

  /** A handler whose onClose runs the given action; other events are ignored. */
  private record ThrowingOnClose(Runnable onClose)
      implements io.protomux.wakeup.ports.transport.ConnectionHandler {
    @Override
    public void onData(ByteBuffer bytes) {}

    @Override
    public void onWritable() {}

    @Override
    public void onEnd() {}

    @Override
    public void onClose(Throwable cause) {
      onClose.run();
    }
  }
}
