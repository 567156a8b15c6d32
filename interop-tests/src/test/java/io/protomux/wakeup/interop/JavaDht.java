package io.protomux.wakeup.interop;

import io.protomux.wakeup.adapters.bouncycastle.BouncyCastleCrypto;
import io.protomux.wakeup.adapters.nio.NioDatagrams;
import io.protomux.wakeup.adapters.nio.NioEventLoop;
import io.protomux.wakeup.domain.dht.DhtNode;
import io.protomux.wakeup.domain.dht.DhtNodeOptions;
import io.protomux.wakeup.domain.dht.PeerAddress;
import io.protomux.wakeup.domain.hyperdht.HyperDht;
import io.protomux.wakeup.domain.hyperdht.HyperDhtOptions;
import io.protomux.wakeup.domain.udx.Udx;
import io.protomux.wakeup.domain.udx.UdxSocket;
import io.protomux.wakeup.ports.crypto.KeyPair;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/** The Java side of the DHT interop: a hyperdht node on two UDP sockets of its own NIO loop. */
final class JavaDht implements AutoCloseable {
  final NioEventLoop loop;
  private final boolean ownsLoop;
  final BouncyCastleCrypto crypto = new BouncyCastleCrypto();
  final KeyPair keyPair;
  final DhtNode node;
  final HyperDht hyperDht;
  final Udx udx;
  private final UdxSocket serverSocket;
  private final UdxSocket clientSocket;

  JavaDht(int bootstrapPort, DhtNodeOptions options) {
    this(new NioEventLoop("java-dht"), true, bootstrapPort, options, null);
  }

  /** A node on {@code loop} (shared with the wakeup swarm that takes its streams). */
  JavaDht(NioEventLoop loop, boolean ownsLoop, int bootstrapPort, DhtNodeOptions options,
      KeyPair keyPair) {
    this.loop = loop;
    this.ownsLoop = ownsLoop;
    this.keyPair = keyPair == null ? crypto.keyPair() : keyPair;
    UdxSocket[] sockets = new UdxSocket[2];
    udx = onLoop(() -> new Udx(loop, crypto.random()));
    node =
        onLoop(
            () -> {
              NioDatagrams datagrams = new NioDatagrams(loop);
              sockets[0] = udx.socket(datagrams.bind("127.0.0.1", 0));
              sockets[1] = udx.socket(datagrams.bind("127.0.0.1", 0));
              DhtNode n =
                  new DhtNode(loop, crypto, crypto.random(), sockets[0], sockets[1],
                      options.withBootstrap(List.of(new PeerAddress("127.0.0.1", bootstrapPort))));
              return n;
            });
    serverSocket = sockets[0];
    clientSocket = sockets[1];
    hyperDht =
        onLoop(() -> new HyperDht(node, udx, crypto, this.keyPair, HyperDhtOptions.DEFAULTS));
  }

  /** Bootstraps and waits for it. */
  JavaDht bootstrap() {
    CompletableFuture<DhtNode> ready = new CompletableFuture<>();
    run(
        () -> {
          node.whenBootstrapped(ready::complete);
          node.bootstrap();
        });
    try {
      ready.get(30, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new AssertionError("the Java DHT node did not bootstrap within 30 s", e);
    }
    return this;
  }

  int serverPort() {
    return serverSocket.localAddress().getPort();
  }

  void run(Runnable action) {
    onLoop(
        () -> {
          action.run();
          return null;
        });
  }

  <T> T onLoop(Supplier<T> action) {
    return JavaPeer.onLoop(loop, action);
  }

  @Override
  public void close() {
    try {
      run(
          () -> {
            hyperDht.destroy();
            serverSocket.close();
            clientSocket.close();
          });
    } finally {
      if (ownsLoop) {
        loop.close();
      }
    }
  }
}
