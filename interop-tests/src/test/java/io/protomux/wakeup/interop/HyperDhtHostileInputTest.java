package io.protomux.wakeup.interop;

import static org.assertj.core.api.Assertions.assertThat;

import io.protomux.wakeup.adapters.nio.NioEventLoop;
import io.protomux.wakeup.domain.dht.DhtMessage;
import io.protomux.wakeup.domain.dht.DhtNodeOptions;
import io.protomux.wakeup.domain.dht.DhtRequest;
import io.protomux.wakeup.domain.dht.DhtResponse;
import io.protomux.wakeup.domain.dht.Messages;
import io.protomux.wakeup.domain.dht.PeerAddress;
import io.protomux.wakeup.domain.dht.Query;
import io.protomux.wakeup.domain.dht.QueryOptions;
import io.protomux.wakeup.domain.hyperdht.HandshakeMessage;
import io.protomux.wakeup.domain.hyperdht.HandshakeMessages;
import io.protomux.wakeup.domain.hyperdht.HyperDhtConstants;
import io.protomux.wakeup.domain.stream.NoiseSecretStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Hostile datagrams against a Java hyperdht node on a JS testnet: garbage and forged responses
 * (random tids, live tids from the wrong address), a "relay" that answers the handshake with a
 * bad Noise message, and a node that answers a lookup with oversized records and a flood of
 * closer nodes. None of it costs more than the one request; the node then still connects.
 */
class HyperDhtHostileInputTest {
  private static final Duration WAIT = Duration.ofSeconds(30);
  private static final HexFormat HEX = HexFormat.of();

  private final Random random = new Random(2031);
  private NodePeer testnet;
  private NodePeer server;
  private JavaDht java;
  private Evil evil;

  @AfterEach
  void stop() throws Exception {
    if (evil != null) {
      evil.close();
    }
    if (server != null) {
      server.close();
    }
    if (java != null) {
      java.close();
    }
    if (testnet != null) {
      testnet.close();
    }
  }

  @Test
  void garbageForgedRepliesAndABadRelayNeverTakeTheNodeDown() throws Exception {
    testnet = NodePeer.start("dht-testnet.js", "--size", "5");
    int port = testnet.await(e -> "testnet".equals(e.path("event").asText()), WAIT)
        .get("bootstrap").get(0).get("port").asInt();
    server = NodePeer.start("dht-peer.js", "server", "--bootstrap", "127.0.0.1:" + port, "--open");
    String serverKey = server.await(e -> "listening".equals(e.path("event").asText()), WAIT)
        .get("publicKey").asText();
    java = new JavaDht(new NioEventLoop("hostile"), true, port, DhtNodeOptions.DEFAULTS, null)
        .bootstrap();
    evil = new Evil();

    // Garbage, truncated messages, responses with random tids: all to both sockets.
    int[] javaPorts = java.onLoop(() -> new int[] {
      java.node.io().serverSocket().localAddress().getPort(),
      java.node.io().clientSocket().localAddress().getPort()});
    for (int i = 0; i < 3000; i++) {
      byte[] junk = new byte[1 + random.nextInt(300)];
      random.nextBytes(junk);
      if (i % 3 == 0) {
        junk[0] = (byte) (i % 2 == 0 ? Messages.REQUEST_ID : Messages.RESPONSE_ID);
      }
      if (i % 3 == 1) {
        junk = Messages.encodeResponse(new DhtResponse(random.nextInt(65536),
            new PeerAddress("127.0.0.1", javaPorts[1]), null, null, null, 0, null));
      }
      evil.send(junk, javaPorts[i % 2]);
    }

    // A lookup through a node that answers with a flood of closer nodes and an oversized value.
    CompletableFuture<Throwable> lookup = new CompletableFuture<>();
    java.run(() -> {
      Query q = java.hyperDht.lookup(bytes(32),
          QueryOptions.DEFAULTS.withNodes(List.of(evil.address())), found -> {});
      q.whenDone((replies, error) -> lookup.complete(error));
    });
    lookup.get(60, TimeUnit.SECONDS);
    assertThat(evil.lookupsAnswered.get()).isPositive();

    // Connect with the evil node listed first as a relay: its bad Noise answer is skipped.
    CompletableFuture<NoiseSecretStream> open = new CompletableFuture<>();
    java.run(() -> {
      NoiseSecretStream stream =
          java.hyperDht.connect(HEX.parseHex(serverKey), List.of(evil.address()), null);
      stream.whenOpen(() -> open.complete(stream));
      stream.whenClosed(cause -> open.completeExceptionally(
          cause != null ? cause : new AssertionError("closed before opening")));
    });
    NoiseSecretStream stream = open.get(30, TimeUnit.SECONDS);
    assertThat(HEX.formatHex(stream.remotePublicKey())).isEqualTo(serverKey);
    assertThat(evil.handshakesAnswered.get()).isEqualTo(1);
    assertThat(java.onLoop(() -> java.hyperDht.counters().badHandshakeAnswers())).isEqualTo(1);
    assertThat(java.onLoop(() -> java.hyperDht.counters().badReplyValues())).isPositive();
    assertThat(java.onLoop(() -> java.node.io().counters().droppedMalformed())).isPositive();
    assertThat(java.onLoop(() -> java.node.io().counters().droppedUnmatched())).isPositive();
    assertThat(java.onLoop(() -> java.node.io().inflightCount())).isLessThan(50);
  }

  private byte[] bytes(int n) {
    byte[] out = new byte[n];
    random.nextBytes(out);
    return out;
  }

  /** A scripted hostile node on a plain UDP socket. */
  private final class Evil implements AutoCloseable {
    final DatagramSocket socket;
    final AtomicInteger handshakesAnswered = new AtomicInteger();
    final AtomicInteger lookupsAnswered = new AtomicInteger();
    private final Thread thread;

    Evil() throws Exception {
      socket = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0));
      socket.setSoTimeout(200);
      thread = new Thread(this::serve, "evil-node");
      thread.setDaemon(true);
      thread.start();
    }

    PeerAddress address() {
      return new PeerAddress("127.0.0.1", socket.getLocalPort());
    }

    void send(byte[] bytes, int port) throws Exception {
      socket.send(new DatagramPacket(bytes, bytes.length, InetAddress.getLoopbackAddress(), port));
    }

    private void serve() {
      byte[] buffer = new byte[2048];
      while (!socket.isClosed()) {
        DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
        try {
          socket.receive(packet);
        } catch (Exception e) {
          continue;
        }
        DhtMessage message;
        try {
          message = Messages.decode(packet.getData(), 0, packet.getLength());
        } catch (RuntimeException e) {
          continue;
        }
        if (!(message instanceof DhtRequest request) || request.internal()) {
          continue;
        }
        PeerAddress from = new PeerAddress("127.0.0.1", packet.getPort());
        byte[] reply;
        if (request.command() == HyperDhtConstants.PEER_HANDSHAKE) {
          handshakesAnswered.incrementAndGet();
          byte[] noise = new byte[120];
          random.nextBytes(noise);
          reply = Messages.encodeResponse(new DhtResponse(request.tid(), from, null, null, null, 0,
              HandshakeMessages.encode(new HandshakeMessage(HyperDhtConstants.MODE_REPLY, noise,
                  null, null))));
        } else if (request.command() == HyperDhtConstants.LOOKUP) {
          lookupsAnswered.incrementAndGet();
          List<PeerAddress> closer = new ArrayList<>();
          for (int i = 0; i < 200; i++) {
            closer.add(new PeerAddress("127.0.0." + (2 + i % 200), 1000 + i));
          }
          byte[] oversized = new byte[500]; // the whole reply stays under the 2048-byte receive limit
          oversized[0] = (byte) 0xfe; // a count of 2^32-ish records in a uint prefix
          oversized[1] = (byte) 0xff;
          oversized[2] = (byte) 0xff;
          oversized[3] = (byte) 0xff;
          oversized[4] = (byte) 0x7f;
          reply = Messages.encodeResponse(new DhtResponse(request.tid(), from, null, null, closer,
              0, oversized));
        } else {
          continue;
        }
        try {
          socket.send(new DatagramPacket(reply, reply.length, packet.getAddress(), packet.getPort()));
        } catch (Exception e) {
          // the test's assertions report what was missing
        }
      }
    }

    @Override
    public void close() throws Exception {
      socket.close();
      thread.join(2000);
    }
  }
}
