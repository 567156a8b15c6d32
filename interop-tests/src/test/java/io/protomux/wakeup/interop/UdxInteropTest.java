package io.protomux.wakeup.interop;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.protomux.wakeup.domain.udx.UdxException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HexFormat;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Java's UDX stream against udx-native 1.21.3 on loopback, each side creating its stream and
 * learning the other's id through the test (as hyperdht passes them in the Noise payload).
 */
class UdxInteropTest {
  private static final HexFormat HEX = HexFormat.of();
  private static final int JAVA_ID = 0x0a0b0c0d;
  private static final int NODE_ID = 1001;
  private static final Duration BULK = Duration.ofSeconds(60);

  private final JavaUdx java = new JavaUdx();
  private NodePeer node;
  private int nodePort;

  @AfterEach
  void stop() {
    if (node != null) {
      node.close();
    }
    java.close();
  }

  private JavaUdx.Recorded pair(String nodeCreateExtras) {
    node = NodePeer.start("udx-peer.js");
    nodePort = node.await("listening").get("port").asInt();
    node.command("{\"cmd\":\"create\",\"id\":" + NODE_ID + nodeCreateExtras + "}");
    JavaUdx.Recorded stream = java.create(JAVA_ID);
    java.connect(stream, NODE_ID, nodePort);
    node.command(connectCommand());
    return stream;
  }

  private String connectCommand() {
    return "{\"cmd\":\"connect\",\"id\":" + NODE_ID + ",\"remoteId\":" + Integer.toUnsignedLong(JAVA_ID)
        + ",\"port\":" + java.port() + "}";
  }

  private void nodeWrite(String text) {
    node.command("{\"cmd\":\"write\",\"id\":" + NODE_ID + ",\"hex\":\"" + hex(text) + "\"}");
  }

  private void javaWrite(JavaUdx.Recorded stream, String text) {
    java.run(() -> stream.stream.write(ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8))));
  }

  private String nodeData() {
    return new String(HEX.parseHex(node.await("data").get("hex").asText()), StandardCharsets.UTF_8);
  }

  @Test
  void smallWritesEachWayThenBothEndAndCloseCleanly() throws Exception {
    JavaUdx.Recorded stream = pair("");
    javaWrite(stream, "hello from java");
    assertThat(nodeData()).isEqualTo("hello from java");
    nodeWrite("hello from node");
    assertThat(await(() -> stream.text().equals("hello from node"))).isTrue();
    for (int i = 0; i < 20; i++) {
      javaWrite(stream, "j" + i);
      nodeWrite("n" + i);
    }
    StringBuilder atNode = new StringBuilder();
    while (atNode.length() < expected("j").length()) {
      atNode.append(nodeData());
    }
    assertThat(atNode.toString()).isEqualTo(expected("j"));
    assertThat(await(() -> stream.text().equals("hello from node" + expected("n")))).isTrue();

    java.run(() -> stream.stream.shutdownOutput());
    node.await("end");
    node.command("{\"cmd\":\"end\",\"id\":" + NODE_ID + "}");
    stream.ended.get(20, TimeUnit.SECONDS);
    assertThat(stream.closed.get(20, TimeUnit.SECONDS)).isNull();
    assertThat(node.await("close").get("error").isNull()).isTrue();
    assertThat(java.onLoop(java.udx::streamCount)).isZero();
  }

  @Test
  void tenMebibytesEachWayArriveWithTheirChecksum() throws Exception {
    JavaUdx.Recorded stream = pair(",\"count\":true");
    stream.keepBytes = false;
    long bytes = 10L * 1024 * 1024;
    node.command("{\"cmd\":\"writePattern\",\"id\":" + NODE_ID + ",\"bytes\":" + bytes + "}");
    stream.writePattern(bytes, true);
    JsonNode received = node.await(e -> "received".equals(e.path("event").asText()), BULK);
    assertThat(received.get("bytes").asLong()).isEqualTo(bytes);
    assertThat(received.get("sha256").asText()).isEqualTo(JavaUdx.patternSha256(bytes));
    node.await(e -> "written".equals(e.path("event").asText()), BULK);
    node.command("{\"cmd\":\"end\",\"id\":" + NODE_ID + "}");
    stream.ended.get(BULK.toSeconds(), TimeUnit.SECONDS);
    assertThat(stream.receivedBytes).isEqualTo(bytes);
    assertThat(stream.sha256Hex()).isEqualTo(JavaUdx.patternSha256(bytes));
    assertThat(stream.closed.get(20, TimeUnit.SECONDS)).isNull();
    assertThat(java.onLoop(java.udx::stats).ackBeyondSent()).isZero();
  }

  @Test
  void javaEndsFirstAndStillReadsWhatNodeWritesAfterward() throws Exception {
    JavaUdx.Recorded stream = pair("");
    java.run(
        () -> {
          stream.stream.write(ByteBuffer.wrap("x".getBytes(StandardCharsets.UTF_8)));
          stream.stream.shutdownOutput();
        });
    assertThat(nodeData()).isEqualTo("x");
    node.await("end");
    nodeWrite("late reply");
    node.command("{\"cmd\":\"end\",\"id\":" + NODE_ID + "}");
    stream.ended.get(20, TimeUnit.SECONDS);
    assertThat(stream.text()).isEqualTo("late reply");
    assertThat(stream.closed.get(20, TimeUnit.SECONDS)).isNull();
    assertThat(node.await("close").get("error").isNull()).isTrue();
  }

  @Test
  void nodeEndsFirstAndStillReadsWhatJavaWritesAfterward() throws Exception {
    JavaUdx.Recorded stream = pair("");
    nodeWrite("y");
    node.command("{\"cmd\":\"end\",\"id\":" + NODE_ID + "}");
    stream.ended.get(20, TimeUnit.SECONDS);
    assertThat(stream.text()).isEqualTo("y");
    javaWrite(stream, "late java reply");
    java.run(() -> stream.stream.shutdownOutput());
    assertThat(nodeData()).isEqualTo("late java reply");
    node.await("end");
    assertThat(stream.closed.get(20, TimeUnit.SECONDS)).isNull();
    assertThat(node.await("close").get("error").isNull()).isTrue();
  }

  @Test
  void javaDestroysAndNodeSeesEconnreset() throws Exception {
    JavaUdx.Recorded stream = pair("");
    javaWrite(stream, "bye");
    assertThat(nodeData()).isEqualTo("bye");
    java.run(() -> stream.stream.close());
    assertThat(stream.closed.get(20, TimeUnit.SECONDS)).isNull();
    assertThat(node.await("close").get("error").asText()).isEqualTo("ECONNRESET");
  }

  @Test
  void nodeDestroysAndJavaSeesEconnreset() throws Exception {
    JavaUdx.Recorded stream = pair("");
    nodeWrite("bye");
    assertThat(await(() -> stream.text().equals("bye"))).isTrue();
    node.command("{\"cmd\":\"destroy\",\"id\":" + NODE_ID + "}");
    Throwable cause = stream.closed.get(20, TimeUnit.SECONDS);
    assertThat(cause).isInstanceOf(UdxException.class);
    assertThat(((UdxException) cause).code()).isEqualTo(UdxException.ECONNRESET);
  }

  @Test
  void messagesEachWayIncludingAnEmptyOne() throws Exception {
    JavaUdx.Recorded stream = pair("");
    java.run(
        () -> {
          stream.stream.send(ByteBuffer.wrap("datagram-1".getBytes(StandardCharsets.UTF_8)));
          stream.stream.send(ByteBuffer.allocate(0));
        });
    assertThat(node.await("message").get("hex").asText()).isEqualTo(hex("datagram-1"));
    assertThat(node.await("message").get("hex").asText()).isEmpty();
    node.command("{\"cmd\":\"send\",\"id\":" + NODE_ID + ",\"hex\":\"" + hex("reply-datagram") + "\"}");
    node.command("{\"cmd\":\"trySend\",\"id\":" + NODE_ID + ",\"hex\":\"\"}");
    assertThat(await(() -> stream.messages.size() == 2)).isTrue();
    assertThat(stream.messages).containsExactly(hex("reply-datagram"), "");
    assertThat(node.seen()).noneMatch(e -> "data".equals(e.path("event").asText()));
  }

  @Test
  void nodeSendsBeforeTheJavaStreamExistsAndItsRetransmissionGetsThrough() throws Exception {
    node = NodePeer.start("udx-peer.js");
    nodePort = node.await("listening").get("port").asInt();
    node.command("{\"cmd\":\"create\",\"id\":" + NODE_ID + "}");
    node.command(connectCommand());
    nodeWrite("early");
    // No stream has the id yet: a plain socket message, as libudx reports it.
    assertThat(await(() -> java.socketMessages.size() == 1)).isTrue();
    assertThat(java.socketMessages.get(0)).endsWith(hex("early"));
    JavaUdx.Recorded stream = java.create(JAVA_ID);
    java.connect(stream, NODE_ID, nodePort);
    assertThat(await(() -> stream.text().equals("early"))).isTrue();
  }

  @Test
  void javaSendsBeforeNodeConnectsAndNodesFirewallConnectsOnTheFirstPacket() throws Exception {
    node = NodePeer.start("udx-peer.js");
    nodePort = node.await("listening").get("port").asInt();
    node.command("{\"cmd\":\"create\",\"id\":" + NODE_ID + ",\"firewall\":\"connect\",\"remoteId\":"
        + Integer.toUnsignedLong(JAVA_ID) + "}");
    JavaUdx.Recorded stream = java.create(JAVA_ID);
    java.connect(stream, NODE_ID, nodePort);
    javaWrite(stream, "first");
    assertThat(node.await("firewall").get("port").asInt()).isEqualTo(java.port());
    assertThat(nodeData()).isEqualTo("first");
    nodeWrite("second");
    assertThat(await(() -> stream.text().equals("second"))).isTrue();
  }

  @Test
  void nodeSendsBeforeJavaConnectsAndJavasFirewallConnectsOnTheFirstPacket() throws Exception {
    node = NodePeer.start("udx-peer.js");
    nodePort = node.await("listening").get("port").asInt();
    node.command("{\"cmd\":\"create\",\"id\":" + NODE_ID + "}");
    JavaUdx.Recorded stream = java.create(JAVA_ID);
    java.run(
        () ->
            stream.stream.setFirewall(
                (s, via, source) -> {
                  s.connect(via, NODE_ID, source);
                  return false;
                }));
    node.command(connectCommand());
    nodeWrite("first");
    assertThat(await(() -> stream.text().equals("first"))).isTrue();
    assertThat(java.onLoop(() -> stream.stream.remoteAddress().getPort())).isEqualTo(nodePort);
    javaWrite(stream, "second");
    assertThat(nodeData()).isEqualTo("second");
  }

  private static String expected(String prefix) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < 20; i++) {
      out.append(prefix).append(i);
    }
    return out.toString();
  }

  private static String hex(String text) {
    return HEX.formatHex(text.getBytes(StandardCharsets.UTF_8));
  }

  /** Polls a condition the loop makes true, for at most 20 s. */
  static boolean await(java.util.function.BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (System.nanoTime() < deadline) {
      if (condition.getAsBoolean()) {
        return true;
      }
      Thread.sleep(5);
    }
    return condition.getAsBoolean();
  }
}
