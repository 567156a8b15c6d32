package io.protomux.wakeup.domain.hyperdht;

import static io.protomux.wakeup.domain.hyperdht.LiveCaptures.bytes;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.protomux.wakeup.adapters.inmemory.VirtualTimeLoop;
import io.protomux.wakeup.domain.dht.Messages;
import io.protomux.wakeup.domain.udx.Udx;
import io.protomux.wakeup.domain.udx.UdxHeader;
import io.protomux.wakeup.domain.udx.UdxPacket;
import io.protomux.wakeup.domain.udx.UdxSocket;
import io.protomux.wakeup.domain.udx.UdxStats;
import io.protomux.wakeup.ports.datagram.DatagramHandler;
import io.protomux.wakeup.ports.datagram.DatagramSocket;
import io.protomux.wakeup.ports.loop.EventLoop;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * How the datagrams of each live capture are told apart on receipt (HYPERDHT.md 1.2): every one
 * is handed to our {@link UdxSocket} of the receiving node; the UDX stream packets are taken by
 * that node's stream (whichever of the node's sockets they arrive on) and everything else reaches
 * the socket's message handler, where 1-byte probes and dht-rpc (0x03 / 0x13) are told apart. The
 * captured {@code udxHeader} fields are compared with {@link UdxPacket#parse}.
 */
class CaptureDemuxTest {
  static List<String> captures() {
    return LiveCaptures.LIVE;
  }

  static List<String> connections() {
    return LiveCaptures.CONNECTIONS;
  }

  /** The reference's classification of what reaches the message handler (rules 2 and 3). */
  private static String classify(byte[] datagram) {
    if (datagram.length < 2) {
      return "probe";
    }
    int type = datagram[0] & 0xff;
    if (type == Messages.REQUEST_ID) return "dht-rpc request";
    if (type == Messages.RESPONSE_ID) return "dht-rpc response";
    return "ignored";
  }

  private static String expectedKind(JsonNode g) {
    String kind = g.get("kind").asText();
    return kind.startsWith("probe") ? "probe" : kind;
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("captures")
  void messageHandlerDatagramsAreClassifiedAsCaptured(String capture) {
    int probes = 0;
    for (JsonNode g : LiveCaptures.datagrams(capture)) {
      byte[] datagram = bytes(g.get("hex"));
      assertThat(datagram).hasSize(g.get("length").asInt());
      String kind = expectedKind(g);
      if (kind.equals("udx")) {
        assertThat(UdxHeader.looksLikeUdx(datagram, 0, datagram.length)).isTrue();
        continue;
      }
      assertThat(UdxHeader.looksLikeUdx(datagram, 0, datagram.length))
          .as("#%s is not UDX", g.get("n"))
          .isFalse();
      assertThat(classify(datagram)).as("#%s", g.get("n")).isEqualTo(kind);
      if (kind.equals("probe")) {
        probes++;
        assertThat(datagram).containsExactly(0);
        if (g.has("ttl")) {
          assertThat(g.get("ttl").asInt()).isIn(5, 64);
        }
      }
    }
    if (!capture.equals("live-exchange-storage")) {
      assertThat(probes).as("probes in %s", capture).isPositive();
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("connections")
  void udxHeadersParseAsCaptured(String capture) {
    int packets = 0;
    for (JsonNode g : LiveCaptures.datagrams(capture)) {
      if (!g.get("kind").asText().equals("udx")) {
        continue;
      }
      packets++;
      byte[] datagram = bytes(g.get("hex"));
      JsonNode h = g.get("udxHeader");
      UdxPacket packet = UdxPacket.parse(datagram);
      assertThat(packet).isNotNull();
      UdxHeader header = packet.header();
      assertThat(datagram[0] & 0xff).isEqualTo(h.get("magic").asInt()).isEqualTo(UdxHeader.MAGIC);
      assertThat(datagram[1] & 0xff).isEqualTo(h.get("version").asInt()).isEqualTo(UdxHeader.VERSION);
      assertThat(header.type()).isEqualTo(h.get("typeFlags").asInt());
      List<String> names = new ArrayList<>();
      if (header.has(UdxHeader.DATA)) names.add("DATA");
      if (header.has(UdxHeader.END)) names.add("END");
      if (header.has(UdxHeader.SACK)) names.add("SACK");
      if (header.has(UdxHeader.MESSAGE)) names.add("MESSAGE");
      if (header.has(UdxHeader.DESTROY)) names.add("DESTROY");
      List<String> captured = new ArrayList<>();
      h.get("typeNames").forEach(n -> captured.add(n.asText()));
      assertThat(names).isEqualTo(captured);
      assertThat(header.dataOffset()).isEqualTo(h.get("dataOffset").asInt());
      assertThat(Integer.toUnsignedLong(header.id())).isEqualTo(h.get("remoteId").asLong());
      assertThat(Integer.toUnsignedLong(header.rwnd())).isEqualTo(h.get("recvWindow").asLong());
      assertThat(Integer.toUnsignedLong(header.seq())).isEqualTo(h.get("seq").asLong());
      assertThat(Integer.toUnsignedLong(header.ack())).isEqualTo(h.get("ack").asLong());
      assertThat(datagram.length - UdxHeader.BYTES - header.dataOffset())
          .isEqualTo(h.get("payloadLength").asInt());
      if (header.has(UdxHeader.DATA)) {
        assertThat(packet.payloadLength()).isEqualTo(h.get("payloadLength").asInt());
      }
      assertThat(packet.dataOffsetTooLarge()).isFalse();
      // Re-encoded from the parsed header, sacks and payload: the same datagram.
      byte[] again =
          UdxPacket.encode(
              header,
              packet.sacks(),
              datagram,
              UdxHeader.BYTES + header.dataOffset() + packet.sacks().size() * 8,
              datagram.length - UdxHeader.BYTES - header.dataOffset() - packet.sacks().size() * 8);
      assertThat(again).isEqualTo(datagram);
    }
    assertThat(packets).isPositive();
  }

  /**
   * Rule 1: stream ids are per node (UDX instance), not per socket. Each node gets one {@link
   * Udx}; the client and server nodes hold their connection's stream (unconnected, so the default
   * firewall drops the packets after they were recognised); every datagram goes to the socket of
   * its {@code toLabel}.
   */
  @ParameterizedTest(name = "{0}")
  @MethodSource("connections")
  void streamPacketsNeverReachTheMessageHandler(String capture) {
    VirtualTimeLoop loop = new VirtualTimeLoop();
    Map<String, Udx> nodes = new HashMap<>();
    Map<String, UdxSocket> sockets = new HashMap<>();
    Map<String, List<String>> handled = new HashMap<>();
    Map<String, List<String>> expectedHandled = new HashMap<>();
    Map<String, Integer> expectedStream = new HashMap<>();
    JsonNode root = LiveCaptures.load(capture);
    for (String role : List.of("client", "server")) {
      JsonNode send =
          LiveCaptures.list(root.get("handshakes")).stream()
              .filter(h -> h.get("role").asText().equals(role) && h.get("op").asText().equals("send"))
              .findFirst()
              .orElseThrow();
      Udx udx = new Udx(loop, b -> {});
      udx.createStream((int) send.get("payload").get("udx").get("id").asLong(), io.protomux.wakeup.domain.udx.UdxStreamOptions.DEFAULTS);
      nodes.put(role + "-dht", udx);
    }
    int udxPackets = 0;
    for (JsonNode g : LiveCaptures.datagrams(capture)) {
      String label = g.get("toLabel").asText();
      String node = label.substring(0, label.indexOf('.'));
      Udx udx = nodes.computeIfAbsent(node, k -> new Udx(loop, b -> {}));
      UdxSocket socket =
          sockets.computeIfAbsent(
              label,
              k -> {
                FakeSocket fake = new FakeSocket(loop);
                UdxSocket s = udx.socket(fake);
                List<String> seen = handled.computeIfAbsent(node, n -> new ArrayList<>());
                s.setMessageHandler(new Recorder(seen));
                fake.udxSocket = s;
                return s;
              });
      handled.computeIfAbsent(node, n -> new ArrayList<>());
      if (g.get("kind").asText().equals("udx")) {
        udxPackets++;
        assertThat(node).as("#%s goes to a connection node", g.get("n")).isIn("client-dht", "server-dht");
        expectedStream.merge(node, 1, Integer::sum);
      } else {
        expectedHandled.computeIfAbsent(node, n -> new ArrayList<>()).add(g.get("hex").asText());
      }
      socket.onDatagram(
          ByteBuffer.wrap(bytes(g.get("hex"))),
          new InetSocketAddress(g.get("from").get("host").asText(), g.get("from").get("port").asInt()));
    }
    assertThat(udxPackets).isPositive();
    for (Map.Entry<String, Udx> e : nodes.entrySet()) {
      String node = e.getKey();
      UdxStats stats = e.getValue().stats();
      int stream = expectedStream.getOrDefault(node, 0);
      assertThat(stats.streamPackets()).as("%s stream packets", node).isEqualTo(stream);
      assertThat(stats.firewallDrops()).as("%s firewall drops", node).isEqualTo(stream);
      assertThat(handled.getOrDefault(node, List.of()))
          .as("%s message handler", node)
          .isEqualTo(expectedHandled.getOrDefault(node, List.of()));
    }
    // And a UDX-looking packet whose stream id the node does not have is a socket message.
    Udx empty = new Udx(loop, b -> {});
    List<String> seen = new ArrayList<>();
    UdxSocket socket = empty.socket(new FakeSocket(loop));
    socket.setMessageHandler(new Recorder(seen));
    List<String> udxHex = new ArrayList<>();
    for (JsonNode g : LiveCaptures.datagrams(capture)) {
      if (g.get("kind").asText().equals("udx")) {
        udxHex.add(g.get("hex").asText());
        socket.onDatagram(ByteBuffer.wrap(bytes(g.get("hex"))), new InetSocketAddress("127.0.0.1", 1));
      }
    }
    assertThat(seen).isEqualTo(udxHex);
    assertThat(empty.stats().streamPackets()).isZero();
  }

  private record Recorder(List<String> seen) implements DatagramHandler {
    @Override
    public void onDatagram(ByteBuffer datagram, InetSocketAddress source) {
      byte[] copy = new byte[datagram.remaining()];
      datagram.duplicate().get(copy);
      seen.add(LiveCaptures.hex(copy));
    }

    @Override
    public void onWritable() {}

    @Override
    public void onClose(Throwable cause) {}
  }

  private static final class FakeSocket implements DatagramSocket {
    private final EventLoop loop;
    UdxSocket udxSocket;

    FakeSocket(EventLoop loop) {
      this.loop = loop;
    }

    @Override
    public EventLoop eventLoop() {
      return loop;
    }

    @Override
    public InetSocketAddress localAddress() {
      return new InetSocketAddress("127.0.0.1", 40001);
    }

    @Override
    public void setHandler(DatagramHandler handler) {}

    @Override
    public boolean send(ByteBuffer datagram, InetSocketAddress target) {
      return true;
    }

    @Override
    public boolean isWritable() {
      return true;
    }

    @Override
    public boolean isOpen() {
      return true;
    }

    @Override
    public void close() {}
  }
}
