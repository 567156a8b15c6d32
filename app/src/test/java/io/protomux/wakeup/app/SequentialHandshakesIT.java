package io.protomux.wakeup.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.protomux.wakeup.adapters.bouncycastle.BouncyCastleCrypto;
import io.protomux.wakeup.adapters.nio.NioTransport;
import io.protomux.wakeup.domain.stream.NoiseSecretStream;
import io.protomux.wakeup.domain.stream.StreamOptions;
import io.protomux.wakeup.domain.wakeup.Capability;
import io.protomux.wakeup.domain.wakeup.WakeupHandlers;
import io.protomux.wakeup.domain.wakeup.WakeupPeer;
import io.protomux.wakeup.domain.wakeup.WakeupSession;
import io.protomux.wakeup.domain.wakeup.WakeupSwarm;
import io.protomux.wakeup.ports.loop.EventLoop;
import io.protomux.wakeup.ports.transport.Listener;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Thousands of connections, one after the other, between two swarms on two NIO loop threads, each
 * counted once the dialing side adds the peer. This is the workload that exposed a HotSpot C2
 * miscompilation on JDK 17: once the secretstream code was compiled, writing the MAC through a
 * {@code byteArrayViewVarHandle} and reading it back byte by byte could see stale bytes, so roughly
 * one run in two lost a connection to "message failed authentication" after about a thousand
 * handshakes. The crypto now packs bytes with plain shifts; this keeps that from coming back.
 */
class SequentialHandshakesIT {
  private static final int HANDSHAKES = 3000;
  private static final String HOST = "127.0.0.1";

  @Test
  void everyHandshakeAddsThePeerAcrossTwoLoops() throws Exception {
    NioTransport serverTransport = new NioTransport();
    NioTransport clientTransport = new NioTransport();
    try {
      Node server = new Node(serverTransport);
      Node client = new Node(clientTransport);
      Listener listener = server.connector.listen(HOST, 0);
      Capability capability = Capability.of(new byte[32]);
      Chain chain = new Chain(client, listener.port());
      server.loop.call(() -> server.swarm.session(capability, WakeupHandlers.NONE));
      client.loop.call(() -> client.swarm.session(capability, chain));

      client.loop.execute(chain::dial);

      assertThat(chain.finished.get(120, TimeUnit.SECONDS)).isEqualTo(HANDSHAKES);
    } finally {
      clientTransport.close();
      serverTransport.close();
    }
  }

  /** One swarm on its transport's single loop thread. */
  private static final class Node {
    final EventLoop loop;
    final WakeupSwarm swarm;
    final WakeupConnector connector;

    Node(NioTransport transport) {
      BouncyCastleCrypto crypto = new BouncyCastleCrypto();
      loop = transport.eventLoops().get(0);
      swarm = WakeupSwarm.builder(crypto, loop).build();
      connector =
          new WakeupConnector(transport, crypto, crypto.keyPair(), StreamOptions.DEFAULTS, swarm);
    }
  }

  /** Dials, and on each onPeerAdd destroys that stream and dials the next; all on one loop. */
  private static final class Chain implements WakeupHandlers {
    final CompletableFuture<Integer> finished = new CompletableFuture<>();
    private final Node client;
    private final int port;
    private NoiseSecretStream pending;
    private int added;

    Chain(Node client, int port) {
      this.client = client;
      this.port = port;
    }

    void dial() {
      client
          .connector
          .dial(HOST, port)
          .whenComplete(
              (stream, failure) -> {
                if (failure != null) {
                  finished.completeExceptionally(failure);
                  return;
                }
                pending = stream;
                stream.whenClosed(
                    cause -> {
                      if (pending == stream) {
                        finished.completeExceptionally(
                            new AssertionError(
                                "connection " + (added + 1) + " closed before its peer was added",
                                cause));
                      }
                    });
              });
    }

    @Override
    public void onPeerAdd(WakeupPeer peer, WakeupSession session) {
      NoiseSecretStream stream = peer.stream();
      pending = null;
      client.loop.execute(() -> stream.destroy(null));
      if (++added == HANDSHAKES) {
        finished.complete(added);
      } else {
        dial();
      }
    }
  }
}
