package io.protomux.wakeup.adapters.inmemory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.protomux.wakeup.ports.transport.Connection;
import io.protomux.wakeup.ports.transport.Listener;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.ConnectException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;

class InMemoryTransportTest {
  private final VirtualTimeLoop loop = new VirtualTimeLoop();
  private final InMemoryNetwork network =
      new InMemoryNetwork(loop, NetworkOptions.defaults().withLatencyMillis(10));
  private final InMemoryTransport alice = network.transport("alice");
  private final InMemoryTransport bob = network.transport("bob");
  private final List<Connection> accepted = new ArrayList<>();
  private final List<Long> acceptedAt = new ArrayList<>();

  private Listener listenOnBob(int port) {
    return bob.listen(
        "bob",
        port,
        connection -> {
          accepted.add(connection);
          acceptedAt.add(loop.nowMillis());
        });
  }

  @Test
  void aDialIsARoundTripAndConnectsBothEnds() {
    listenOnBob(7000);
    CompletableFuture<Connection> dialed = alice.dial("bob", 7000);

    loop.runFor(19);
    assertThat(acceptedAt).containsExactly(10L);
    assertThat(dialed).isNotDone();
    loop.runFor(1);
    assertThat(dialed).isCompleted();

    Connection client = dialed.join();
    Connection server = accepted.get(0);
    assertThat(client.remoteDescription()).isEqualTo("bob:7000");
    assertThat(server.remoteDescription()).isEqualTo("alice:49152");
    assertThat(client.eventLoop()).isSameAs(loop);

    RecordingHandler serverSide = new RecordingHandler();
    server.setHandler(serverSide);
    RecordingHandler clientSide = new RecordingHandler();
    client.setHandler(clientSide);
    client.write(ByteBuffer.wrap("hi".getBytes(StandardCharsets.UTF_8)));
    server.write(ByteBuffer.wrap("hello".getBytes(StandardCharsets.UTF_8)));
    loop.runUntilIdle();
    assertThat(serverSide.bytes()).asString(StandardCharsets.UTF_8).isEqualTo("hi");
    assertThat(clientSide.bytes()).asString(StandardCharsets.UTF_8).isEqualTo("hello");
  }

  @Test
  void theFutureCompletesOnTheLoopBeforeDataTheAcceptorSentAtOnce() {
    bob.listen("bob", 7000, connection -> connection.write(ByteBuffer.wrap(new byte[] {42})));
    RecordingHandler clientSide = new RecordingHandler();
    alice
        .dial("bob", 7000)
        .thenAccept(
            connection -> {
              assertThat(loop.inEventLoop()).isTrue();
              connection.setHandler(clientSide);
            });
    loop.runUntilIdle();
    assertThat(clientSide.bytes()).containsExactly(42);
  }

  @Test
  void dialingAnAddressNobodyListensOnIsRefused() {
    listenOnBob(7000);
    CompletableFuture<Connection> dialed = alice.dial("bob", 7001);
    loop.runFor(19);
    assertThat(dialed).isNotDone();
    loop.runFor(1);

    assertThat(dialed).isCompletedExceptionally();
    assertThatThrownBy(dialed::join)
        .isInstanceOf(CompletionException.class)
        .cause()
        .isInstanceOf(ConnectException.class)
        .hasMessage("connection refused: bob:7001");
    assertThat(network.links()).isEmpty();
  }

  @Test
  void listeningTwiceOnOneAddressFails() {
    listenOnBob(7000);
    assertThatThrownBy(() -> alice.listen("bob", 7000, connection -> {}))
        .isInstanceOf(UncheckedIOException.class)
        .hasMessageContaining("address in use: bob:7000")
        .cause()
        .isInstanceOf(BindException.class);
    alice.listen("alice", 7000, connection -> {}).close();
  }

  @Test
  void portZeroTakesAFreePort() {
    Listener first = listenOnBob(0);
    Listener second = listenOnBob(0);
    assertThat(first.port()).isEqualTo(49152);
    assertThat(second.port()).isEqualTo(49153);
    assertThat(first.host()).isEqualTo("bob");

    CompletableFuture<Connection> dialed = alice.dial("bob", second.port());
    loop.runUntilIdle();
    assertThat(dialed).isCompleted();
  }

  @Test
  void aClosedListenerRefusesButLeavesAcceptedConnectionsOpen() {
    Listener listener = listenOnBob(7000);
    CompletableFuture<Connection> first = alice.dial("bob", 7000);
    loop.runUntilIdle();
    listener.close();
    CompletableFuture<Connection> second = alice.dial("bob", 7000);
    loop.runUntilIdle();

    assertThat(first.join().isOpen()).isTrue();
    assertThat(accepted).hasSize(1);
    assertThat(accepted.get(0).isOpen()).isTrue();
    assertThat(second).isCompletedExceptionally();
    listenOnBob(7000); // the address is free again
  }

  @Test
  void closingATransportClosesItsListenersAndConnections() {
    listenOnBob(7000);
    CompletableFuture<Connection> dialed = alice.dial("bob", 7000);
    loop.runUntilIdle();
    RecordingHandler clientSide = new RecordingHandler();
    dialed.join().setHandler(clientSide);

    bob.close();
    loop.runUntilIdle();

    assertThat(accepted.get(0).isOpen()).isFalse();
    assertThat(clientSide.events).containsExactly("close clean");
    assertThat(alice.dial("bob", 7000)).isNotDone();
    loop.runUntilIdle();
    assertThatThrownBy(() -> bob.listen("bob", 7000, c -> {}))
        .isInstanceOf(IllegalStateException.class);
    assertThat(bob.dial("alice", 1)).isCompletedExceptionally();
  }

  @Test
  void closingATransportAbandonsItsDialsInProgress() {
    listenOnBob(7000);
    CompletableFuture<Connection> dialed = alice.dial("bob", 7000);
    alice.close();
    loop.runUntilIdle();

    assertThatThrownBy(dialed::join).cause().isInstanceOf(IOException.class);
    assertThat(accepted).isEmpty();
  }

  @Test
  void anAcceptCallbackThatThrowsResetsTheDialer() {
    bob.listen(
        "bob",
        7000,
        connection -> {
          throw new IllegalStateException("cannot take it");
        });
    RecordingHandler clientSide = new RecordingHandler();
    alice.dial("bob", 7000).thenAccept(connection -> connection.setHandler(clientSide));
    loop.runUntilIdle();

    assertThat(clientSide.events).containsExactly("close IOException");
    assertThat(clientSide.closeCause).hasMessageContaining("reset");
    assertThat(loop.failures()).isEmpty();
  }

  @Test
  void aLinkDroppedDuringTheDialFailsIt() {
    listenOnBob(7000);
    network.onNewLink(link -> loop.schedule(15, link::drop));
    CompletableFuture<Connection> dialed = alice.dial("bob", 7000);
    loop.runUntilIdle();

    assertThat(accepted).hasSize(1);
    assertThatThrownBy(dialed::join).cause().hasMessageContaining("link dropped");
  }

  @Test
  void newLinksCanBeConfiguredPerPairOfNodes() {
    network.onNewLink(
        link -> {
          if (link.initiator().localDescription().startsWith("carol:")) {
            link.setLatencyMillis(100);
          }
        });
    listenOnBob(7000);
    CompletableFuture<Connection> fromAlice = alice.dial("bob", 7000);
    CompletableFuture<Connection> fromCarol = network.transport("carol").dial("bob", 7000);

    loop.runFor(20);
    assertThat(fromAlice).isCompleted();
    assertThat(fromCarol).isNotDone();
    assertThat(network.links()).hasSize(2);
    loop.runFor(180);
    assertThat(fromCarol).isCompleted();
  }
}
