package io.protomux.wakeup.domain.udx;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.protomux.wakeup.adapters.inmemory.VirtualTimeLoop;
import io.protomux.wakeup.ports.datagram.DatagramHandler;
import io.protomux.wakeup.ports.datagram.DatagramSocket;
import io.protomux.wakeup.ports.loop.EventLoop;
import io.protomux.wakeup.ports.transport.ConnectionHandler;
import io.protomux.wakeup.testvectors.Vectors;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Plays one udx-native peer of a captured scenario with a Java stream: the other peer's datagrams
 * (as the capture says they arrived) go in on the capture's clock, the application does what the
 * captured peer's own packets show it did (write, end, send, destroy), and what the Java stream
 * sends must match what the captured peer sent, on every field the vector marks exact. Within one
 * step (between two arriving datagrams) the order may differ, as index.json allows, and a
 * retransmission identical to the packet before it in that step is one packet (the spurious
 * tail-loss probes both stacks may send).
 */
class UdxReplayVectorTest {
  private static final HexFormat HEX = HexFormat.of();

  static Stream<Arguments> cases() {
    List<Arguments> cases = new ArrayList<>();
    for (String scenario :
        List.of(
            "connect-write-end", "half-close", "coalesce", "destroy", "messages", "drop-ack",
            "drop-tail", "keepalive", "preconnect-firewall", "preconnect-default-firewall",
            "unknown-id", "inject-bad-ack", "inject-far-seq", "seq-wrap")) {
      cases.add(Arguments.of(scenario, "A"));
      cases.add(Arguments.of(scenario, "B"));
    }
    // (mtu-ladder is left out: its capture elides the payloads.)
    // The receiving side of the timing-dependent ones: every ACK and SACK block it must send
    // follows from what arrived, whatever the sender's timing.
    for (String scenario : List.of("timeout", "drop-one-data", "bulk-100k", "drop-mtu-probe")) {
      cases.add(Arguments.of(scenario, "B"));
    }
    return cases.stream();
  }

  @ParameterizedTest(name = "{0} as {1}")
  @MethodSource("cases")
  void javaSendsWhatTheCapturedPeerSent(String scenario, String role) {
    JsonNode vector = Vectors.load("udx/" + scenario + ".json");
    new Replay(vector, scenario, role).run();
  }

  /** One replay: a Java stream in {@code role}'s place. */
  private static final class Replay {
    final JsonNode vector;
    final String scenario;
    final String role;
    final String other;
    final VirtualTimeLoop loop = new VirtualTimeLoop();
    final CaptureSocket socket;
    final Udx udx;
    final UdxSocket udxSocket;
    final int localId;
    final int remoteId;
    final InetSocketAddress remote = new InetSocketAddress("127.0.0.1", 40000);
    UdxStream stream;
    final List<String> carriedExpected = new ArrayList<>();
    final List<String> carriedActual = new ArrayList<>();
    final java.util.Map<String, Integer> firstStep = new java.util.HashMap<>();
    List<JsonNode> reactions;
    Throwable closeCause;
    boolean reactOnEnd;
    double arrivedAt;
    final Set<Long> seqsWritten = new HashSet<>();
    boolean ended;

    Replay(JsonNode vector, String scenario, String role) {
      this.vector = vector;
      this.scenario = scenario;
      this.role = role;
      this.other = role.equals("A") ? "B" : "A";
      this.socket = new CaptureSocket(loop);
      this.udx = new Udx(loop, bytes -> {});
      this.udx.congestionControl = now -> new FixedWindow(64);
      this.udxSocket = udx.socket(socket);
      JsonNode peer = vector.path("peers").path(role);
      this.localId = (int) peer.path("localId").asLong();
      this.remoteId = (int) peer.path("remoteId").asLong();
    }

    void run() {
      boolean createLater = scenario.equals("unknown-id") && role.equals("B");
      boolean connectLater = scenario.startsWith("preconnect") && role.equals("B");
      if (!createLater) {
        create();
        if (!connectLater) {
          connect();
        }
      }
      if (connectLater && scenario.equals("preconnect-firewall")) {
        stream.setFirewall(
            (s, via, source) -> {
              s.connect(via, remoteId, source);
              return false;
            });
      }
      List<JsonNode> packets = new ArrayList<>();
      vector.path("packets").forEach(packets::add);
      List<List<JsonNode>> steps = new ArrayList<>();
      List<JsonNode> inbound = new ArrayList<>();
      List<JsonNode> current = new ArrayList<>();
      inbound.add(null);
      for (JsonNode packet : packets) {
        String leg = packet.path("leg").asText();
        boolean arrives =
            (leg.equals(other + "->" + role) && packet.path("action").asText().equals("forwarded"))
                || leg.equals("inject->" + role);
        if (arrives) {
          steps.add(current);
          current = new ArrayList<>();
          inbound.add(packet);
        } else if (leg.startsWith(role + "->")) {
          current.add(packet);
        }
      }
      steps.add(current);
      int checked = 0;
      carriedExpected.clear();
      carriedActual.clear();
      for (int i = 0; i < steps.size(); i++) {
        JsonNode arriving = inbound.get(i);
        if (arriving != null) {
          advanceTo(arriving.path("t_ms").asDouble());
          if (createLater && stream == null && arriving.path("t_ms").asDouble() > 300) {
            create();
            connect();
          }
          if (connectLater && scenario.equals("preconnect-default-firewall")
              && !stream.isConnected() && arriving.path("t_ms").asDouble() > 300) {
            connect();
          }
          // The application reacts inside the callbacks, as the captured one did (end() in
          // on('data') sends END before the ACK of that data is built).
          reactions = new ArrayList<>(steps.get(i));
          arrivedAt = arriving.path("t_ms").asDouble();
          reactOnEnd = (arriving.path("decoded").path("type").asInt() & UdxHeader.END) != 0;
          socket.arrive(Vectors.hex(arriving.path("hex")), remote);
          loop.runFor(0);
        }
        List<String> expected = new ArrayList<>();
        for (JsonNode packet : steps.get(i)) {
          if (reactions == null || reactions.contains(packet)) {
            act(packet);
          }
          expected.add(new String(fields(Vectors.hex(packet.path("hex")))));
        }
        reactions = null;
        double until =
            i + 1 < inbound.size()
                ? inbound.get(i + 1).path("t_ms").asDouble() - 0.05
                : last(packets) + 50;
        advanceTo(until);
        List<String> actual = new ArrayList<>();
        for (byte[] sent : socket.drain()) {
          actual.add(new String(fields(sent)));
        }
        String where =
            scenario + " as " + role + ", step " + i
                + (arriving == null ? "" : " after packet " + arriving.path("i").asInt());
        List<String> pendingExpected = collapse(deviations(expected));
        List<String> pendingActual = collapse(actual);
        // A packet may land a few steps early or late: which of two nearly simultaneous
        // datagrams the relay saw first is the event loops' business, not the protocol's.
        matchAway(carriedExpected, pendingActual);
        matchAway(carriedActual, pendingExpected);
        matchAway(pendingExpected, pendingActual);
        carriedExpected.addAll(pendingExpected);
        carriedActual.addAll(pendingActual);
        assertThat(aged(carriedExpected, i)).as(where + ": sent by the reference, never by Java").isEmpty();
        assertThat(aged(carriedActual, i)).as(where + ": sent by Java, never by the reference").isEmpty();
        checked += expected.size();
      }
      if (closeCause != null && !(closeCause instanceof UdxException)) {
        throw new AssertionError("the stream failed", closeCause);
      }
      assertThat(carriedExpected)
          .as(scenario + " as " + role + ": never sent by Java (Java's unmatched: " + carriedActual + ")")
          .isEmpty();
      assertThat(carriedActual).as(scenario + " as " + role + ": not sent by the reference").isEmpty();
      assertThat(checked).as("packets compared").isPositive();
    }

    /** What has waited too many steps for its match (a burst's ACKs trail it by dozens). */
    List<String> aged(List<String> carried, int step) {
      List<String> old = new ArrayList<>();
      for (String packet : carried) {
        int since = firstStep.computeIfAbsent(packet + "#" + System.identityHashCode(packet), k -> step);
        if (step - since > 64) {
          old.add(packet);
        }
      }
      return old;
    }

    void create() {
      UdxStreamOptions options = UdxStreamOptions.DEFAULTS;
      if (scenario.equals("seq-wrap") && role.equals("A")) {
        options = options.withFirstSeq(-2); // 4294967294
      }
      stream = udx.createStream(localId, options);
      stream.setHandler(
          new Ignore() {
            @Override
            public void onData(ByteBuffer bytes) {
              if (!reactOnEnd) {
                react();
              }
            }

            @Override
            public void onEnd() {
              react();
            }

            @Override
            public void onClose(Throwable cause) {
              closeCause = cause;
            }
          });
      stream.setMessageHandler(message -> {});
      if (scenario.equals("keepalive") && role.equals("A")) {
        loop.schedule(27, () -> stream.setKeepalive(100));
      }
    }

    void connect() {
      if (scenario.equals("seq-wrap") && role.equals("B")) {
        stream.connect(udxSocket, remoteId, remote, -2);
      } else {
        stream.connect(udxSocket, remoteId, remote);
      }
    }

    /** Runs the step's application actions now, from inside a stream callback. */
    void react() {
      if (reactions == null) {
        return;
      }
      List<JsonNode> now = new ArrayList<>(reactions);
      for (JsonNode packet : now) {
        if (packet.path("t_ms").asDouble() - arrivedAt < 5) { // later ones were not reactions
          reactions.remove(packet);
          actNow(packet);
        }
      }
    }

    void act(JsonNode packet) {
      advanceTo(packet.path("t_ms").asDouble() - 0.05);
      actNow(packet);
    }

    /** Does what the captured peer's application evidently did before sending this packet. */
    void actNow(JsonNode packet) {
      JsonNode decoded = packet.path("decoded");
      if (!decoded.path("udx").asBoolean()) {
        udxSocket.send(ByteBuffer.wrap(Vectors.hex(packet.path("hex"))), remote);
        return;
      }
      int type = decoded.path("type").asInt();
      long seq = decoded.path("seq").asLong();
      if (decoded.path("id").asLong() != Integer.toUnsignedLong(remoteId)) {
        // a datagram the application sent on the socket itself, for no stream of the peer's
        udxSocket.send(ByteBuffer.wrap(Vectors.hex(packet.path("hex"))), remote);
        return;
      }
      boolean firstTime = (type & (UdxHeader.DATA | UdxHeader.END)) != 0 && seqsWritten.add(seq);
      if (!firstTime && (type & (UdxHeader.MESSAGE | UdxHeader.DESTROY)) == 0) {
        return; // an ACK, a retransmission or a heartbeat: the stream's own doing
      }
      byte[] datagram = Vectors.hex(packet.path("hex"));
      int at = decoded.path("payloadOffset").asInt(UdxHeader.BYTES);
      int length = decoded.path("payloadLen").asInt(0);
      if ((type & UdxHeader.MESSAGE) != 0) {
        stream.send(ByteBuffer.wrap(datagram, at, length));
      } else if ((type & UdxHeader.DESTROY) != 0) {
        stream.close();
      } else {
        if ((type & UdxHeader.DATA) != 0) {
          stream.write(ByteBuffer.wrap(datagram, at, length));
        }
        if ((type & UdxHeader.END) != 0 && !ended) {
          ended = true;
          stream.shutdownOutput();
        }
      }
    }

    /** Where this implementation differs from libudx on purpose. */
    List<String> deviations(List<String> expected) {
      if (!scenario.equals("inject-far-seq") || !role.equals("B")) {
        return expected;
      }
      // A seq 1000000 packets ahead is dropped, not held: no SACK block for it, ever.
      List<String> out = new ArrayList<>();
      for (String packet : expected) {
        out.add(packet.replace("type=4 ", "type=0 ").replace(" sacks=[1000000,1000001]", " sacks="));
      }
      return out;
    }

    void advanceTo(double tMs) {
      long target = (long) Math.floor(tMs);
      if (target > loop.nowMillis()) {
        loop.runFor(target - loop.nowMillis());
      } else {
        loop.runFor(0);
      }
    }

    static double last(List<JsonNode> packets) {
      return packets.get(packets.size() - 1).path("t_ms").asDouble();
    }
  }

  /** The fields index.json marks exact, as one comparable string. */
  static String fields(byte[] datagram) {
    UdxPacket packet = UdxPacket.parse(datagram);
    if (packet == null) {
      return "raw " + HEX.formatHex(datagram);
    }
    UdxHeader h = packet.header();
    StringBuilder sacks = new StringBuilder();
    for (SackBlock block : packet.sacks()) {
      sacks.append(sacks.length() == 0 ? "" : ",")
          .append("[").append(Seq.unsigned(block.start())).append(",")
          .append(Seq.unsigned(block.end())).append("]");
    }
    String payload =
        HEX.formatHex(datagram, packet.payloadOffset(), packet.payloadOffset() + packet.payloadLength());
    return "type=" + h.type() + " off=" + h.dataOffset() + " id=" + Seq.unsigned(h.id())
        + " rwnd=" + Seq.unsigned(h.rwnd()) + " seq=" + Seq.unsigned(h.seq())
        + " ack=" + Seq.unsigned(h.ack()) + " sacks=" + sacks + " payload=" + payload;
  }

  /** Removes from both lists what they have in common. */
  static void matchAway(List<String> from, List<String> against) {
    from.removeIf(against::remove);
  }

  static List<String> collapse(List<String> packets) {
    List<String> out = new ArrayList<>();
    for (String packet : packets) {
      boolean data = packet.startsWith("type=1 ") || packet.startsWith("type=3 ");
      if (data && !out.isEmpty() && out.get(out.size() - 1).equals(packet)) {
        continue; // a tail-loss probe right behind the packet it repeats
      }
      out.add(packet);
    }
    return out;
  }

  static List<String> sorted(List<String> packets) {
    List<String> out = new ArrayList<>(packets);
    out.sort(null);
    return out;
  }

  /** Records what the stream sends; hands in what the capture says arrived. */
  static final class CaptureSocket implements DatagramSocket {
    private final EventLoop loop;
    private final InetSocketAddress local;
    private final List<byte[]> sent = new ArrayList<>();
    private DatagramHandler handler;

    CaptureSocket(EventLoop loop) {
      this(loop, new InetSocketAddress("127.0.0.1", 40001));
    }

    CaptureSocket(EventLoop loop, InetSocketAddress local) {
      this.loop = loop;
      this.local = local;
    }

    void arrive(byte[] datagram, InetSocketAddress source) {
      handler.onDatagram(ByteBuffer.wrap(datagram), source);
    }

    List<byte[]> drain() {
      List<byte[]> out = new ArrayList<>(sent);
      sent.clear();
      return out;
    }

    @Override
    public EventLoop eventLoop() {
      return loop;
    }

    @Override
    public InetSocketAddress localAddress() {
      return local;
    }

    @Override
    public void setHandler(DatagramHandler handler) {
      this.handler = handler;
    }

    @Override
    public boolean send(ByteBuffer datagram, InetSocketAddress target) {
      byte[] copy = new byte[datagram.remaining()];
      datagram.get(copy);
      sent.add(copy);
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

  static class Ignore implements ConnectionHandler {
    @Override
    public void onData(ByteBuffer bytes) {}

    @Override
    public void onWritable() {}

    @Override
    public void onEnd() {}

    @Override
    public void onClose(Throwable cause) {}
  }
}
