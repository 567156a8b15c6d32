package io.protomux.wakeup.cli.bench;

import io.protomux.wakeup.adapters.bouncycastle.BouncyCastleCrypto;
import io.protomux.wakeup.adapters.nio.NioDatagrams;
import io.protomux.wakeup.adapters.nio.NioEventLoop;
import io.protomux.wakeup.domain.dht.DhtNode;
import io.protomux.wakeup.domain.dht.DhtNodeOptions;
import io.protomux.wakeup.domain.dht.PeerAddress;
import io.protomux.wakeup.domain.hyperdht.HyperDht;
import io.protomux.wakeup.domain.hyperdht.HyperDhtOptions;
import io.protomux.wakeup.domain.hyperswarm.HyperDhtSwarm;
import io.protomux.wakeup.domain.hyperswarm.Hyperswarm;
import io.protomux.wakeup.domain.hyperswarm.HyperswarmOptions;
import io.protomux.wakeup.domain.udx.Udx;
import io.protomux.wakeup.domain.udx.UdxSocket;
import io.protomux.wakeup.ports.crypto.KeyPair;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * One client-side hyperdht node of the DHT bench, as {@code new HyperDHT({bootstrap})} is in
 * {@code dht-bench.js}: a UDX instance with two UDP sockets on 127.0.0.1 (server and client
 * socket), a {@link DhtNode} with the default options and the testnet as bootstrap, and a {@link
 * HyperDht} with a key pair of its own, all on the bench's loop. Everything but {@link #start},
 * {@link #call} and {@link #close} is used on the loop.
 */
public final class DhtBenchNode implements AutoCloseable {
  /** How long a node may take to bootstrap. */
  static final long BOOTSTRAP_TIMEOUT_MILLIS = 30_000;

  private final NioEventLoop loop;
  private final BouncyCastleCrypto crypto;
  private final KeyPair keyPair;
  private final Udx udx;
  private final UdxSocket serverSocket;
  private final UdxSocket clientSocket;
  private final DhtNode node;
  private final HyperDht hyperDht;
  private Hyperswarm swarm;
  private boolean closed;

  private DhtBenchNode(NioEventLoop loop, BouncyCastleCrypto crypto, List<PeerAddress> bootstrap) {
    this.loop = loop;
    this.crypto = crypto;
    this.keyPair = crypto.keyPair();
    this.udx = new Udx(loop, crypto.random());
    NioDatagrams datagrams = new NioDatagrams(loop);
    this.serverSocket = udx.socket(datagrams.bind("127.0.0.1", 0));
    this.clientSocket = udx.socket(datagrams.bind("127.0.0.1", 0));
    this.node =
        new DhtNode(loop, crypto, crypto.random(), serverSocket, clientSocket,
            DhtNodeOptions.DEFAULTS.withBootstrap(bootstrap));
    this.hyperDht = new HyperDht(node, udx, crypto, keyPair, HyperDhtOptions.DEFAULTS);
  }

  /** A new node on {@code loop}, bootstrapped (from another thread than the loop's). */
  public static DhtBenchNode start(
      NioEventLoop loop, BouncyCastleCrypto crypto, List<PeerAddress> bootstrap)
      throws InterruptedException, ExecutionException, TimeoutException {
    DhtBenchNode created = call(loop, () -> new DhtBenchNode(loop, crypto, bootstrap));
    CompletableFuture<DhtNode> ready = new CompletableFuture<>();
    loop.execute(
        () -> {
          created.node.whenBootstrapped(ready::complete);
          created.node.bootstrap();
        });
    try {
      ready.get(BOOTSTRAP_TIMEOUT_MILLIS, TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      created.close();
      throw new TimeoutException("a DHT node did not bootstrap within 30 s");
    }
    return created;
  }

  /** The hyperdht instance; on the loop only. */
  public HyperDht hyperDht() {
    return hyperDht;
  }

  /** This node's swarm ({@code new Hyperswarm({dht, keyPair})}), made on first use; on the loop. */
  public Hyperswarm swarm() {
    if (swarm == null) {
      swarm = new Hyperswarm(new HyperDhtSwarm(hyperDht), keyPair, crypto.random(),
          HyperswarmOptions.DEFAULTS);
    }
    return swarm;
  }

  /** Runs {@code task} on the loop and waits for its result. */
  public <T> T call(Supplier<T> task) throws InterruptedException, ExecutionException {
    return call(loop, task);
  }

  static <T> T call(NioEventLoop loop, Supplier<T> task)
      throws InterruptedException, ExecutionException {
    try {
      return loop.submit(task).get(20, TimeUnit.SECONDS);
    } catch (TimeoutException e) {
      throw new ExecutionException("the loop did not answer within 20 s", e);
    }
  }

  /** Destroys the swarm (if any), the hyperdht instance and the sockets; waits for it. */
  @Override
  public void close() {
    try {
      call(
          () -> {
            if (!closed) {
              closed = true;
              if (swarm != null) {
                swarm.destroy();
              }
              hyperDht.destroy();
              serverSocket.close();
              clientSocket.close();
            }
            return null;
          });
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (ExecutionException e) {
      // closing is best effort: the loop goes with the bench
    }
  }
}
