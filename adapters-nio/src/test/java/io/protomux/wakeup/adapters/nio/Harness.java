package io.protomux.wakeup.adapters.nio;

import static io.protomux.wakeup.adapters.nio.Loops.await;
import static io.protomux.wakeup.adapters.nio.Loops.onLoop;

import io.protomux.wakeup.ports.transport.Connection;
import io.protomux.wakeup.ports.transport.Listener;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A listener on loopback and a way to get connected {@link Peer} pairs through it: clients send
 * (and servers expect) pattern {@link #CLIENT_SEED}, servers send (and clients expect) {@link
 * #SERVER_SEED}.
 */
final class Harness implements AutoCloseable {
  static final int CLIENT_SEED = 1;
  static final int SERVER_SEED = 2;

  final NioTransport serverSide;
  final NioTransport clientSide;
  final Listener listener;
  private final BlockingQueue<Peer> accepted = new LinkedBlockingQueue<>();
  private volatile boolean pauseAccepted;

  /** Both ends on one transport. */
  Harness(NioTransport transport) {
    this(transport, transport);
  }

  Harness(NioTransport serverSide, NioTransport clientSide) {
    this.serverSide = serverSide;
    this.clientSide = clientSide;
    this.listener =
        serverSide.listen(
            "127.0.0.1",
            0,
            connection -> {
              Peer peer = Peer.attach(connection, CLIENT_SEED);
              if (pauseAccepted) {
                peer.paused();
              }
              accepted.add(peer);
            });
  }

  /** Server peers of later connections start paused (before any data can reach them). */
  Harness pauseAccepted() {
    pauseAccepted = true;
    return this;
  }

  /** Dials the listener and returns both ends, each with its handler set. */
  Pair connect() {
    Connection connection = await(clientSide.dial("127.0.0.1", listener.port()));
    // Attached on the loop: the future may complete before this thread could attach a callback.
    Peer client = onLoop(connection.eventLoop(), () -> Peer.attach(connection, SERVER_SEED));
    try {
      Peer server = accepted.poll(Loops.TIMEOUT_SECONDS, TimeUnit.SECONDS);
      if (server == null) {
        throw new AssertionError("the listener accepted nothing");
      }
      return new Pair(client, server);
    } catch (InterruptedException e) {
      throw new AssertionError(e);
    }
  }

  @Override
  public void close() {
    clientSide.close();
    serverSide.close();
  }

  record Pair(Peer client, Peer server) {}
}
