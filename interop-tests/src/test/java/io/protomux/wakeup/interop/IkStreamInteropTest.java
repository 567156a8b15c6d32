package io.protomux.wakeup.interop;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.protomux.wakeup.domain.noise.HandshakeResult;
import io.protomux.wakeup.domain.noise.NoiseIkHandshake;
import io.protomux.wakeup.domain.stream.NoiseSecretStream;
import io.protomux.wakeup.domain.stream.SecretStreamHandler;
import io.protomux.wakeup.domain.stream.StreamOptions;
import io.protomux.wakeup.ports.crypto.KeyPair;
import io.protomux.wakeup.ports.transport.Connection;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Java against {@code noise-handshake} 4.2.0 (IK, as hyperdht runs it) and {@code
 * @hyperswarm/secret-stream} 6.9.2 started from the handshake's result, over loopback TCP: the
 * handshake messages go through the Node script's stdin/stdout, then both sides start their
 * secret stream with no handshake on the connection, and Node echoes.
 */
class IkStreamInteropTest {
  private static final HexFormat HEX = HexFormat.of();
  private final JavaPeer java = new JavaPeer();
  // hyperdht's NS_PEER_HANDSHAKE.
  private final byte[] prologue = java.crypto.namespace("hyperswarm/dht", 1)[0];
  private final KeyPair client = java.crypto.keyPair(filled(0x11));
  private final KeyPair server = java.crypto.keyPair(filled(0x22));
  private NodePeer node;

  @AfterEach
  void stop() {
    if (node != null) {
      node.close();
    }
    java.close();
  }

  @Test
  void javaClientNodeServer() throws Exception {
    node = NodePeer.start("ik-stream-peer.js");
    JsonNode init = node.command(
        "{\"cmd\":\"init\",\"role\":\"responder\",\"seed\":\"" + seed(server) + "\",\"prologue\":\"" + HEX.formatHex(prologue) + "\"}");
    assertThat(init.get("publicKey").asText()).isEqualTo(HEX.formatHex(server.publicKey()));

    NoiseIkHandshake ik = NoiseIkHandshake.initiator(java.crypto, client, server.publicKey(), prologue);
    byte[] clientPayload = {1, 2, 3, 4};
    JsonNode received = node.command("{\"cmd\":\"recv\",\"message\":\"" + HEX.formatHex(ik.send(clientPayload)) + "\"}");
    assertThat(received.get("payload").asText()).isEqualTo("01020304");
    assertThat(received.get("remotePublicKey").asText()).isEqualTo(HEX.formatHex(client.publicKey()));
    JsonNode answer = node.command("{\"cmd\":\"send\",\"payload\":\"0506\"}");
    assertThat(ik.receive(HEX.parseHex(answer.get("message").asText()))).containsExactly(5, 6);
    HandshakeResult result = ik.result();
    byte[] hash = result.handshakeHash();

    exchange(true, result, hash);
  }

  @Test
  void nodeClientJavaServer() throws Exception {
    node = NodePeer.start("ik-stream-peer.js");
    node.command(
        "{\"cmd\":\"init\",\"role\":\"initiator\",\"seed\":\"" + seed(client) + "\",\"prologue\":\"" + HEX.formatHex(prologue)
            + "\",\"remotePublicKey\":\"" + HEX.formatHex(server.publicKey()) + "\"}");
    NoiseIkHandshake ik = NoiseIkHandshake.responder(java.crypto, server, prologue);
    JsonNode m1 = node.command("{\"cmd\":\"send\",\"payload\":\"aa\"}");
    assertThat(ik.receive(HEX.parseHex(m1.get("message").asText()))).containsExactly(0xaa);
    assertThat(ik.remoteStaticKey()).isEqualTo(client.publicKey());
    JsonNode received = node.command("{\"cmd\":\"recv\",\"message\":\"" + HEX.formatHex(ik.send(new byte[] {(byte) 0xbb})) + "\"}");
    assertThat(received.get("payload").asText()).isEqualTo("bb");
    HandshakeResult result = ik.result();
    assertThat(received.get("handshakeHash").asText()).isEqualTo(HEX.formatHex(result.handshakeHash()));

    exchange(false, result, result.handshakeHash());
  }

  /**
   * Starts Java's stream from {@code result} over a TCP connection to Node's (which starts from
   * its own result), with writes queued before start, checks the echoes and keep-alives, and ends.
   */
  private void exchange(boolean initiator, HandshakeResult result, byte[] hash) throws Exception {
    int port = node.command("{\"cmd\":\"listen\",\"keepAlive\":500}").get("port").asInt();
    Connection connection = java.transport.dial("127.0.0.1", port).get(20, TimeUnit.SECONDS);
    Events events = new Events();
    StreamOptions options = StreamOptions.DEFAULTS.withKeepAliveMillis(500);
    byte[] early = "written before start".getBytes(StandardCharsets.UTF_8);
    NoiseSecretStream stream =
        java.onLoop(
            () -> {
              NoiseSecretStream s = NoiseSecretStream.fromHandshake(java.crypto, initiator, connection, options, events);
              s.write(early);
              s.start(result);
              return s;
            });
    JsonNode open = node.await("open");
    assertThat(open.get("handshakeHash").asText()).isEqualTo(HEX.formatHex(hash));
    assertThat(events.next()).isEqualTo(early);
    assertThat(node.await("message").get("data").asText()).isEqualTo(HEX.formatHex(early));

    Random random = new Random(5);
    for (int size : new int[] {1, 100, 4096, 65_536, 1 << 20}) {
      byte[] message = new byte[size];
      random.nextBytes(message);
      java.onLoop(() -> stream.write(message));
      assertThat(events.next()).as("echo of %d bytes", size).isEqualTo(message);
    }

    // Both sides send keep-alives every 500 ms when idle and drop the peer's.
    Thread.sleep(1_600);
    assertThat(events.messages).isEmpty();
    assertThat(node.seen()).noneMatch(e -> "message".equals(e.path("event").asText()) && e.path("data").asText().isEmpty());
    assertThat(java.onLoop(stream::isOpen)).isTrue();

    java.onLoop(() -> {
      stream.end();
      return null;
    });
    node.await("end");
    assertThat(events.closed.get(20, TimeUnit.SECONDS)).isNull();
    node.await("stream-close");
    assertThat(node.seen()).noneMatch(e -> "stream-error".equals(e.path("event").asText()));
  }

  private static String seed(KeyPair keyPair) {
    return HEX.formatHex(keyPair.seed());
  }

  private static byte[] filled(int value) {
    byte[] seed = new byte[32];
    Arrays.fill(seed, (byte) value);
    return seed;
  }

  /** What Java's stream reports, handed over from the loop thread. */
  private static final class Events implements SecretStreamHandler {
    final LinkedBlockingQueue<byte[]> messages = new LinkedBlockingQueue<>();
    final CompletableFuture<Throwable> closed = new CompletableFuture<>();

    byte[] next() throws InterruptedException {
      byte[] message = messages.poll(Duration.ofSeconds(20).toMillis(), TimeUnit.MILLISECONDS);
      if (message == null) {
        throw new AssertionError("no message from Node within 20 s");
      }
      return message;
    }

    @Override
    public void onMessage(byte[] message) {
      messages.add(message);
    }

    @Override
    public void onClose(Throwable cause) {
      closed.complete(cause);
    }
  }
}
