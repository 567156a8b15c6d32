package io.protomux.wakeup.interop;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.protomux.wakeup.domain.encoding.ByteSlice;
import io.protomux.wakeup.domain.protomux.Protomux;
import io.protomux.wakeup.domain.stream.NoiseSecretStream;
import io.protomux.wakeup.ports.transport.Listener;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Java against {@code @hyperswarm/secret-stream} 6.9.2 and {@code protomux} 3.12.1 on Node, over
 * loopback TCP, in both directions.
 */
class SecretStreamInteropTest {
  private static final HexFormat HEX = HexFormat.of();
  private final JavaPeer java = new JavaPeer();
  private NodePeer node;

  @AfterEach
  void stop() {
    if (node != null) {
      node.close();
    }
    java.close();
  }

  @Test
  void javaDialsNode() throws Exception {
    node = NodePeer.start("echo-peer.js", "listen");
    JsonNode listening = node.await("listening");
    NoiseSecretStream stream = java.dial(listening.get("port").asInt(), s -> Protomux.from(s)).get(20, TimeUnit.SECONDS);
    JsonNode handshake = node.await("handshake");
    assertSameSession(stream, handshake, listening.get("publicKey").asText());
    exchangeOnJavaChannel(stream);
  }

  @Test
  void nodeDialsJava() throws Exception {
    Listener listener = java.listen(s -> Protomux.from(s));
    node = NodePeer.start("echo-peer.js", "connect", "--port", String.valueOf(listener.port()));
    NoiseSecretStream stream = java.accept();
    JsonNode handshake = node.await("handshake");
    assertThat(handshake.get("isInitiator").asBoolean()).isTrue();
    assertSameSession(stream, handshake, handshake.get("publicKey").asText());
    exchangeOnJavaChannel(stream);
  }

  @Test
  void aChannelNodeOpensPairsWithJava() throws Exception {
    CompletableFuture<ChannelProbe> paired = new CompletableFuture<>();
    Listener listener =
        java.listen(
            s -> {
              Protomux mux = Protomux.from(s);
              mux.pair("node-echo", null, id -> {
                ChannelProbe probe = ChannelProbe.create(mux, "node-echo", id);
                probe.channel.open("java".getBytes(StandardCharsets.UTF_8));
                paired.complete(probe);
              });
            });
    node = NodePeer.start("echo-peer.js", "connect", "--port", String.valueOf(listener.port()));
    ChannelProbe probe = paired.get(20, TimeUnit.SECONDS);
    assertThat(new String(probe.opened.get(20, TimeUnit.SECONDS), StandardCharsets.UTF_8)).isEqualTo("node:node-echo");
    JsonNode open = node.await("open");
    assertThat(open.get("protocol").asText()).isEqualTo("node-echo");
    assertThat(open.get("handshake").asText()).isEqualTo(HEX.formatHex("java".getBytes(StandardCharsets.UTF_8)));

    byte[] message = "ping from java".getBytes(StandardCharsets.UTF_8);
    java.onLoop(() -> probe.raw.send(ByteSlice.wrap(message)));
    assertThat(probe.next()).isEqualTo(message);

    // Node closes its channel when asked; Java sees a remote close.
    java.onLoop(() -> probe.raw.send(ByteSlice.wrap("close".getBytes(StandardCharsets.UTF_8))));
    assertThat(probe.closedRemotely.get(20, TimeUnit.SECONDS)).isTrue();
  }

  @Test
  void anOpenNodeDoesNotPairIsRejected() throws Exception {
    node = NodePeer.start("echo-peer.js", "listen");
    int port = node.await("listening").get("port").asInt();
    NoiseSecretStream stream = java.dial(port, s -> Protomux.from(s)).get(20, TimeUnit.SECONDS);
    ChannelProbe probe = java.onLoop(() -> {
      ChannelProbe p = ChannelProbe.create(Protomux.from(stream), "nobody-here", null);
      p.channel.open(new byte[0]);
      return p;
    });
    assertThat(probe.closedRemotely.get(20, TimeUnit.SECONDS)).as("rejected by the remote").isTrue();
    assertThat(probe.opened).isNotDone();
  }

  private void exchangeOnJavaChannel(NoiseSecretStream stream) throws Exception {
    byte[] id = HEX.parseHex("ab01");
    ChannelProbe probe = java.onLoop(() -> {
      ChannelProbe p = ChannelProbe.create(Protomux.from(stream), "echo", id);
      p.channel.open("hello node".getBytes(StandardCharsets.UTF_8));
      return p;
    });
    assertThat(new String(probe.opened.get(20, TimeUnit.SECONDS), StandardCharsets.UTF_8)).isEqualTo("node:echo");
    JsonNode open = node.await(e -> "open".equals(e.path("event").asText()) && "echo".equals(e.path("protocol").asText()), NodePeer.timeout());
    assertThat(open.get("id").asText()).isEqualTo("ab01");
    assertThat(open.get("handshake").asText()).isEqualTo(HEX.formatHex("hello node".getBytes(StandardCharsets.UTF_8)));

    Random random = new Random(7);
    int[] sizes = {0, 1, 2, 100, 4096, 65_535, 65_536, 262_144, 1 << 20};
    for (int size : sizes) {
      byte[] message = new byte[size];
      random.nextBytes(message);
      java.onLoop(() -> probe.raw.send(ByteSlice.wrap(message)));
      assertThat(probe.next()).as("echo of %d bytes", size).isEqualTo(message);
      JsonNode seen = node.await(e -> "message".equals(e.path("event").asText()) && "echo".equals(e.path("protocol").asText()), NodePeer.timeout());
      assertThat(seen.get("length").asInt()).isEqualTo(size);
    }

    java.onLoop(() -> {
      probe.channel.close();
      return null;
    });
    JsonNode closed = node.await(e -> "close".equals(e.path("event").asText()) && "echo".equals(e.path("protocol").asText()), NodePeer.timeout());
    assertThat(closed.get("isRemote").asBoolean()).isTrue();
    assertThat(probe.closedRemotely.get(20, TimeUnit.SECONDS)).as("closed locally").isFalse();
  }

  private void assertSameSession(NoiseSecretStream stream, JsonNode handshake, String nodePublicKey) {
    byte[][] facts = java.onLoop(() -> new byte[][] {stream.handshakeHash(), stream.remotePublicKey()});
    assertThat(HEX.formatHex(facts[0])).isEqualTo(handshake.get("handshakeHash").asText());
    assertThat(HEX.formatHex(facts[1])).isEqualTo(nodePublicKey);
    assertThat(handshake.get("remotePublicKey").asText()).isEqualTo(HEX.formatHex(java.keyPair.publicKey()));
  }
}
