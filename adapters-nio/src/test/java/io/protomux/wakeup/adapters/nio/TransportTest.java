package io.protomux.wakeup.adapters.nio;

import static io.protomux.wakeup.adapters.nio.Loops.await;
import static io.protomux.wakeup.adapters.nio.Loops.onLoop;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.protomux.wakeup.adapters.nio.Harness.Pair;
import io.protomux.wakeup.ports.loop.EventLoop;
import io.protomux.wakeup.ports.transport.Connection;
import io.protomux.wakeup.ports.transport.ConnectionHandler;
import io.protomux.wakeup.ports.transport.Listener;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class TransportTest {
  private static final Duration WAIT = Duration.ofSeconds(Loops.TIMEOUT_SECONDS);

  private final NioTransport transport = new NioTransport(2);

  @AfterEach
  void closeTransport() {
    transport.close();
  }

  @Test
  void dialingAClosedPortFailsWithConnectionRefused() throws Exception {
    int port;
    try (ServerSocketChannel probe = ServerSocketChannel.open()) {
      probe.bind(new InetSocketAddress("127.0.0.1", 0));
      port = probe.socket().getLocalPort();
    }

    CompletableFuture<Connection> dial = transport.dial("127.0.0.1", port);

    assertThat(dial)
        .failsWithin(WAIT)
        .withThrowableThat()
        .havingRootCause()
        .isInstanceOf(ConnectException.class);
    assertThat(dial.handle((c, e) -> e).join())
        .isInstanceOf(ConnectException.class)
        .hasMessage("cannot connect to 127.0.0.1:" + port + ": Connection refused");
  }

  @Test
  void dialingAnUnknownHostFailsNamingIt() {
    CompletableFuture<Connection> dial = transport.dial("no-such-host.invalid", 80);

    assertThat(dial)
        .failsWithin(WAIT)
        .withThrowableThat()
        .withMessageContaining("cannot connect to no-such-host.invalid:80");
  }

  @Test
  void listeningOnAPortInUseThrowsNamingTheAddress() {
    Listener first = transport.listen("127.0.0.1", 0, connection -> {});

    assertThatThrownBy(() -> transport.listen("127.0.0.1", first.port(), connection -> {}))
        .isInstanceOf(UncheckedIOException.class)
        .hasMessage("cannot listen on 127.0.0.1:" + first.port() + ": Address already in use");
  }

  @Test
  void aClosedListenerRefusesNewConnectionsButKeepsAcceptedOnes() {
    try (Harness harness = new Harness(transport)) {
      Pair pair = harness.connect();

      harness.listener.close();

      assertThat(transport.dial("127.0.0.1", harness.listener.port())).failsWithin(WAIT);
      onLoop(pair.client().connection.eventLoop(), () -> pair.client().send(1, 10_000, 1000, true));
      await(pair.server().ended);
      assertThat(pair.server().received()).isEqualTo(10_000);
    }
  }

  @Test
  void dialCompletesOnTheConnectionsLoop() throws Exception {
    NioTransport single = new NioTransport(1);
    try {
      Listener listener = single.listen("127.0.0.1", 0, connection -> {});
      CountDownLatch hold = new CountDownLatch(1);
      // Holds the loop so the callback below is surely registered before the dial completes.
      single.eventLoops().get(0).execute(() -> awaitUninterruptibly(hold));
      CompletableFuture<Connection> dial = single.dial("127.0.0.1", listener.port());
      CompletableFuture<Boolean> completedOnLoop =
          dial.thenApply(connection -> connection.eventLoop().inEventLoop());
      hold.countDown();

      assertThat(await(completedOnLoop)).isTrue();
      assertThat(single.eventLoops()).containsExactly(await(dial).eventLoop());
    } finally {
      single.close();
    }
  }

  @Test
  void twoHundredConnectionsOverTwoLoopsEchoTheirDataIntact() {
    int connections = 200;
    int size = 100_000;
    List<Throwable> failures = Collections.synchronizedList(new ArrayList<>());
    NioTransport clients = new NioTransport(2);
    try {
      Listener listener =
          transport.listen(
              "127.0.0.1", 0, connection -> connection.setHandler(new Echo(connection, failures)));
      List<Peer> peers = new ArrayList<>();
      List<CompletableFuture<Peer>> dials = new ArrayList<>();
      for (int i = 0; i < connections; i++) {
        int seed = 100 + i;
        dials.add(
            clients
                .dial("127.0.0.1", listener.port())
                .thenCompose(connection -> onLoopAsync(connection, seed, size)));
      }
      for (CompletableFuture<Peer> dial : dials) {
        peers.add(await(dial));
      }

      for (Peer peer : peers) {
        assertThat(await(peer.closed)).isEmpty();
      }
      for (Peer peer : peers) {
        assertThat(peer.received()).isEqualTo(size);
        assertThat(peer.violations).isEmpty();
      }
      assertThat(peers.stream().map(p -> p.connection.eventLoop()).distinct()).hasSize(2);
      assertThat(failures).isEmpty();
    } finally {
      clients.close();
    }
  }

  @Test
  void closingTheTransportClosesEveryConnectionAndStopsTheLoops() {
    NioTransport clients = new NioTransport(1);
    Harness harness = new Harness(transport, clients);
    List<Pair> pairs = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      pairs.add(harness.connect());
    }
    List<Thread> threads = new ArrayList<>();
    for (EventLoop loop : transport.eventLoops()) {
      threads.add(onLoop(loop, Thread::currentThread));
    }

    transport.close();

    for (Pair pair : pairs) {
      // Delivered before close() returned.
      assertThat(pair.server().closed).isCompletedWithValue(Optional.empty());
      await(CompletableFuture.anyOf(pair.client().ended, pair.client().closed));
    }
    assertThat(threads).noneMatch(Thread::isAlive);
    assertThatThrownBy(() -> transport.eventLoops().get(0).execute(() -> {}))
        .isInstanceOf(RejectedExecutionException.class);
    assertThat(transport.dial("127.0.0.1", harness.listener.port())).failsWithin(WAIT);
    assertThatThrownBy(() -> transport.listen("127.0.0.1", 0, c -> {}))
        .isInstanceOf(IllegalStateException.class);

    clients.close();
    for (Pair pair : pairs) {
      assertThat(pair.client().closed).isDone();
      assertThat(pair.client().closeCount()).isEqualTo(1);
      assertThat(pair.server().violations).isEmpty();
    }
  }

  private static void awaitUninterruptibly(CountDownLatch latch) {
    try {
      latch.await(Loops.TIMEOUT_SECONDS, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static CompletableFuture<Peer> onLoopAsync(Connection connection, int seed, int size) {
    return CompletableFuture.supplyAsync(
        () -> {
          Peer peer = Peer.attach(connection, seed);
          peer.send(seed, size, 16_384, true);
          return peer;
        },
        connection.eventLoop());
  }

  /** Sends back what arrives, pausing reads while its own writes are refused; ends when the peer does. */
  private static final class Echo implements ConnectionHandler {
    private final Connection connection;
    private final List<Throwable> failures;

    private Echo(Connection connection, List<Throwable> failures) {
      this.connection = connection;
      this.failures = failures;
    }

    @Override
    public void onData(ByteBuffer bytes) {
      ByteBuffer copy = ByteBuffer.allocate(bytes.remaining()).put(bytes).flip();
      if (!connection.write(copy)) {
        connection.pauseReading();
      }
    }

    @Override
    public void onWritable() {
      connection.resumeReading();
    }

    @Override
    public void onEnd() {
      connection.shutdownOutput();
    }

    @Override
    public void onClose(Throwable cause) {
      if (cause != null) {
        failures.add(cause);
      }
    }
  }
}
