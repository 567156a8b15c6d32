package io.protomux.wakeup.fuzz;

import com.fasterxml.jackson.databind.JsonNode;
import io.protomux.wakeup.domain.dht.DhtRequest;
import io.protomux.wakeup.domain.dht.Messages;
import io.protomux.wakeup.domain.dht.PeerAddress;
import io.protomux.wakeup.domain.hyperdht.HandshakeMessage;
import io.protomux.wakeup.domain.hyperdht.HandshakeMessages;
import io.protomux.wakeup.domain.hyperdht.HyperDhtConstants;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.protomux.wakeup.adapters.bouncycastle.BouncyCastleCrypto;
import io.protomux.wakeup.adapters.inmemory.Delivery;
import io.protomux.wakeup.adapters.inmemory.InMemoryNetwork;
import io.protomux.wakeup.adapters.inmemory.Link;
import io.protomux.wakeup.adapters.inmemory.VirtualTimeLoop;
import io.protomux.wakeup.domain.encoding.Codecs;
import io.protomux.wakeup.domain.encoding.CompactEncoding;
import io.protomux.wakeup.domain.stream.NoiseSecretStream;
import io.protomux.wakeup.domain.stream.SecretStreamHandler;
import io.protomux.wakeup.domain.stream.StreamOptions;
import io.protomux.wakeup.domain.udx.UdxHeader;
import io.protomux.wakeup.ports.crypto.KeyPair;
import io.protomux.wakeup.testvectors.Vectors;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * Generates the seed corpora of the fuzz targets from the reference's vectors, into Jazzer's
 * {@code <TestClass>Inputs/<method>/} directories. Deterministic: the same vectors always give the
 * same files, and {@link SeedCorpusTest} checks the committed ones against it.
 *
 * <p>Re-run after changing a vector or an input format (stale {@code seed-*} files are removed;
 * {@code crash-*} and other files Jazzer saved are kept):
 *
 * <pre>
 * mvn -B -q -pl fuzz test-compile exec:java -Dexec.classpathScope=test \
 *     -Dexec.mainClass=io.protomux.wakeup.fuzz.SeedCorpus
 * </pre>
 *
 * <p>The vectors come from the test-vectors module (copies of the shared vectors) and from {@code
 * domain/src/test/resources/extra/noise-xx-replayable.json} (system property {@code
 * fuzz.replayable}, or found next to this module).
 */
public final class SeedCorpus {
  static final String PACKAGE_DIR = "io/protomux/wakeup/fuzz";
  static final String SEED_PREFIX = "seed-";

  private static final ObjectMapper JSON = new ObjectMapper();

  private SeedCorpus() {}

  /** Writes the seeds under {@code args[0]}, or this module's {@code src/test/resources}. */
  public static void main(String[] args) throws IOException {
    Path resources = args.length > 0 ? Paths.get(args[0]) : moduleDir().resolve("src/test/resources");
    Map<String, byte[]> seeds = seeds();
    for (String dir : directories(seeds)) {
      Path target = resources.resolve(dir);
      Files.createDirectories(target);
      try (Stream<Path> old = Files.list(target)) {
        for (Path file : old.toList()) {
          if (file.getFileName().toString().startsWith(SEED_PREFIX)) {
            Files.delete(file);
          }
        }
      }
    }
    for (Map.Entry<String, byte[]> seed : seeds.entrySet()) {
      Files.write(resources.resolve(seed.getKey()), seed.getValue());
    }
    System.out.println(seeds.size() + " seeds written under " + resources.toAbsolutePath());
  }

  /** Every seed, by its path relative to the test resources root. */
  static Map<String, byte[]> seeds() {
    Map<String, byte[]> seeds = new TreeMap<>();
    compactEncoding(seeds);
    wakeupMessages(seeds);
    protomuxFrames(seeds);
    Replayable replayable = Replayable.load();
    noiseResponder(seeds, replayable);
    secretStream(seeds, replayable);
    udxPackets(seeds);
    udxStreams(seeds);
    hyperDhtMessages(seeds);
    dhtNode(seeds);
    return seeds;
  }

  /** The Inputs directories the seeds go into. */
  static List<String> directories(Map<String, byte[]> seeds) {
    return seeds.keySet().stream()
        .map(path -> path.substring(0, path.lastIndexOf('/')))
        .distinct()
        .toList();
  }

  static String inputsDir(Class<?> testClass, String method) {
    return PACKAGE_DIR + "/" + testClass.getSimpleName() + "Inputs/" + method;
  }

  // Target 1: every encoding of compact-encoding.json, plus arrays made of its uints and strings.
  private static void compactEncoding(Map<String, byte[]> seeds) {
    String dir = inputsDir(CompactEncodingFuzzTest.class, "decodeEveryCodec");
    JsonNode vectors = Vectors.load("compact-encoding.json");
    List<Long> uints = new ArrayList<>();
    List<String> strings = new ArrayList<>();
    int i = 0;
    for (JsonNode valid : vectors.get("valid")) {
      String type = valid.get("type").asText();
      seeds.put(dir + "/" + SEED_PREFIX + "valid-" + i++ + "-" + type, Vectors.hex(valid.get("encoded")));
      if (type.equals("uint")) {
        uints.add(valid.get("value").asLong());
      } else if (type.equals("string")) {
        strings.add(valid.get("value").asText());
      }
    }
    i = 0;
    for (JsonNode invalid : vectors.get("invalidUint")) {
      seeds.put(dir + "/" + SEED_PREFIX + "invalid-uint-" + i++, Vectors.hex(invalid.get("encoded")));
    }
    seeds.put(dir + "/" + SEED_PREFIX + "array-of-uint", CompactEncoding.encode(Codecs.array(Codecs.UINT), uints));
    seeds.put(
        dir + "/" + SEED_PREFIX + "array-of-string",
        CompactEncoding.encode(Codecs.array(Codecs.STRING), strings));
  }

  // Target 8: every encoding of dht/hyperdht-messages.json and the request values of
  // dht/signatures.json.
  private static void hyperDhtMessages(Map<String, byte[]> seeds) {
    String dir = inputsDir(HyperDhtMessagesFuzzTest.class, "decodeEveryMessage");
    int i = 0;
    for (JsonNode message : Vectors.load("dht/hyperdht-messages.json").get("messages")) {
      String type = message.get("type").asText().split(" ")[0];
      seeds.put(dir + "/" + SEED_PREFIX + i++ + "-" + type, Vectors.hex(message.get("encoded")));
    }
    JsonNode signatures = Vectors.load("dht/signatures.json");
    i = 0;
    for (JsonNode announce : signatures.get("announces")) {
      seeds.put(dir + "/" + SEED_PREFIX + "announce-" + i++, Vectors.hex(announce.get("requestValue")));
    }
    i = 0;
    for (JsonNode mutable : signatures.get("mutables")) {
      seeds.put(dir + "/" + SEED_PREFIX + "mutable-put-" + i++, Vectors.hex(mutable.get("putRequestValue")));
    }
  }

  // Target 9: every dht-rpc datagram of dht/dht-rpc.json, and noise-ik.json's first message as a
  // PEER_HANDSHAKE for the listening server (mode FROM_CLIENT, and relayed FROM_RELAY), each
  // behind the target's [source][length] prefix.
  private static void dhtNode(Map<String, byte[]> seeds) {
    String dir = inputsDir(DhtNodeFuzzTest.class, "receiveDatagrams");
    JsonNode rpc = Vectors.load("dht/dht-rpc.json");
    int i = 0;
    for (String kind : List.of("requests", "responses")) {
      for (JsonNode message : rpc.get(kind)) {
        byte[] encoded = Vectors.hex(message.get("encoded"));
        if (encoded.length <= 255) {
          seeds.put(dir + "/" + SEED_PREFIX + "rpc-" + i++, framed(i & 0xff, encoded));
        }
      }
    }
    JsonNode ik = Vectors.load("dht/noise-ik.json");
    byte[] noise = Vectors.hex(ik.get("message1").get("hex"));
    byte[] serverKey = Vectors.hex(ik.get("keys").get("serverStatic").get("publicKey"));
    byte[] target = ReplayableKeys.CRYPTO.hash(serverKey);
    for (long mode : new long[] {HyperDhtConstants.MODE_FROM_CLIENT, HyperDhtConstants.MODE_FROM_RELAY}) {
      PeerAddress client = mode == HyperDhtConstants.MODE_FROM_CLIENT ? null : new PeerAddress("10.9.0.7", 4000);
      byte[] value = HandshakeMessages.encode(new HandshakeMessage(mode, noise, client, null));
      byte[] request =
          Messages.encodeRequest(
              new DhtRequest(0x1234, new PeerAddress("10.0.0.1", 49737), null, null, false,
                  HyperDhtConstants.PEER_HANDSHAKE, target, value));
      seeds.put(dir + "/" + SEED_PREFIX + "handshake-mode-" + mode, framed(0, request));
    }
  }

  private static byte[] framed(int source, byte[] datagram) {
    byte[] out = new byte[2 + datagram.length];
    out[0] = (byte) source;
    out[1] = (byte) datagram.length;
    System.arraycopy(datagram, 0, out, 2, datagram.length);
    return out;
  }

  // Target 2: every encoding of wakeup-messages.json.
  private static void wakeupMessages(Map<String, byte[]> seeds) {
    String dir = inputsDir(WakeupMessagesFuzzTest.class, "decodeEveryMessage");
    int i = 0;
    for (JsonNode message : Vectors.load("wakeup-messages.json").get("messages")) {
      String name = message.get("name").asText().replace("@wakeup/", "");
      seeds.put(dir + "/" + SEED_PREFIX + i++ + "-" + name, Vectors.hex(message.get("encoded")));
    }
  }

  // Target 3: the frames of protomux-frames.json, as the side that receives them.
  private static void protomuxFrames(Map<String, byte[]> seeds) {
    String dir = inputsDir(ProtomuxFrameFuzzTest.class, "receiveFrames");
    JsonNode scenario = Vectors.load("protomux-frames.json").get("scenario");
    List<byte[]> aFrames = hexList(scenario.get("aFrames"));
    List<byte[]> bFrames = hexList(scenario.get("bFrames"));
    int run = ProtomuxFrameFuzzTest.OP_RUN_TASKS;
    // As b: pairs wakeup and accepts a's channel, receives lookup, the batch, close, and "other".
    seeds.put(dir + "/" + SEED_PREFIX + "a-frames", ProtomuxFrameFuzzTest.input(0, steps(aFrames, run)));
    // The same with replies corked into batches and a channel closed and opened along the way.
    seeds.put(
        dir + "/" + SEED_PREFIX + "a-frames-busy",
        ProtomuxFrameFuzzTest.input(
            ProtomuxFrameFuzzTest.SETUP_PLAIN,
            steps(
                aFrames,
                run
                    | ProtomuxFrameFuzzTest.OP_SEND
                    | ProtomuxFrameFuzzTest.OP_CORK
                    | ProtomuxFrameFuzzTest.OP_OPEN_PLAIN)));
    // Without running the next tick in between: messages wait for the pairing.
    seeds.put(dir + "/" + SEED_PREFIX + "a-frames-same-tick", ProtomuxFrameFuzzTest.input(0, steps(aFrames, 0)));
    // As a: its own wakeup and "other" channels opened first, then b's open and reject.
    seeds.put(
        dir + "/" + SEED_PREFIX + "b-frames",
        ProtomuxFrameFuzzTest.input(
            ProtomuxFrameFuzzTest.SETUP_WAKEUP | ProtomuxFrameFuzzTest.SETUP_OTHER, steps(bFrames, run)));
    for (int i = 0; i < aFrames.size(); i++) {
      seeds.put(
          dir + "/" + SEED_PREFIX + "a-frame-" + i,
          ProtomuxFrameFuzzTest.input(0, List.of(new ProtomuxFrameFuzzTest.Step(run, aFrames.get(i)))));
    }
  }

  // Target 5: the replayable handshakes' messages 1 and 3, and the shared noise-xx.json ones.
  private static void noiseResponder(Map<String, byte[]> seeds, Replayable replayable) {
    String dir = inputsDir(NoiseResponderFuzzTest.class, "respondToMessages");
    for (int i = 0; i < replayable.messages.size(); i++) {
      List<byte[]> messages = replayable.messages.get(i);
      seeds.put(
          dir + "/" + SEED_PREFIX + "replayable-" + i,
          NoiseResponderFuzzTest.input(i, messages.get(0), messages.get(2)));
    }
    int i = 0;
    for (JsonNode handshake : Vectors.load("noise-xx.json").get("handshakes")) {
      List<byte[]> messages = hexList(handshake.get("messages"));
      seeds.put(
          dir + "/" + SEED_PREFIX + "noise-xx-" + i++,
          NoiseResponderFuzzTest.input(0, messages.get(0), messages.get(2)));
    }
  }

  // Target 4: handshake 0 replayed, and a whole recorded session, in several cuts and options.
  private static void secretStream(Map<String, byte[]> seeds, Replayable replayable) {
    String dir = inputsDir(SecretStreamFramerFuzzTest.class, "receiveBytes");
    List<byte[]> messages = replayable.messages.get(0);
    byte[] first = frame(messages.get(0));
    byte[] third = frame(messages.get(2));
    seeds.put(
        dir + "/" + SEED_PREFIX + "handshake",
        SecretStreamFramerFuzzTest.input(0, List.of(concat(first, third))));
    seeds.put(
        dir + "/" + SEED_PREFIX + "handshake-cut",
        SecretStreamFramerFuzzTest.input(
            0,
            List.of(
                Arrays.copyOfRange(first, 0, 1),
                Arrays.copyOfRange(first, 1, 3),
                Arrays.copyOfRange(first, 3, first.length),
                Arrays.copyOfRange(third, 0, 40),
                Arrays.copyOfRange(third, 40, third.length))));

    List<byte[]> session = recordSession(messages);
    seeds.put(dir + "/" + SEED_PREFIX + "session", SecretStreamFramerFuzzTest.input(0, session));
    seeds.put(
        dir + "/" + SEED_PREFIX + "session-one-read",
        SecretStreamFramerFuzzTest.input(0, List.of(concat(session.toArray(byte[][]::new)))));
    seeds.put(
        dir + "/" + SEED_PREFIX + "session-ended",
        SecretStreamFramerFuzzTest.input(SecretStreamFramerFuzzTest.END_AFTER, session));
    seeds.put(
        dir + "/" + SEED_PREFIX + "session-closed",
        SecretStreamFramerFuzzTest.input(SecretStreamFramerFuzzTest.CLOSE_AFTER, session));
    seeds.put(
        dir + "/" + SEED_PREFIX + "session-timers",
        SecretStreamFramerFuzzTest.input(SecretStreamFramerFuzzTest.TIMERS, session));
    seeds.put(
        dir + "/" + SEED_PREFIX + "session-limit-4096",
        SecretStreamFramerFuzzTest.input(2, session));
    // The handshake and the header, then the secretstream.json ciphertexts (another key: refused).
    List<byte[]> foreign = new ArrayList<>(session.subList(0, 3));
    List<byte[]> ciphertexts = new ArrayList<>();
    for (JsonNode message : Vectors.load("secretstream.json").get("messages")) {
      ciphertexts.add(frame(Vectors.hex(message.get("ciphertext"))));
    }
    foreign.add(concat(ciphertexts.toArray(byte[][]::new)));
    seeds.put(dir + "/" + SEED_PREFIX + "foreign-ciphertext", SecretStreamFramerFuzzTest.input(0, foreign));
    int i = 0;
    for (JsonNode handshake : Vectors.load("noise-xx.json").get("handshakes")) {
      List<byte[]> other = hexList(handshake.get("messages"));
      seeds.put(
          dir + "/" + SEED_PREFIX + "noise-xx-" + i++,
          SecretStreamFramerFuzzTest.input(0, List.of(frame(other.get(0)), frame(other.get(2)))));
    }
  }

  // Target 6: every datagram captured in vectors/udx, byte-identical ones once.
  private static void udxPackets(Map<String, byte[]> seeds) {
    String dir = inputsDir(UdxPacketFuzzTest.class, "parseDatagram");
    Set<String> seen = new HashSet<>();
    for (String scenario : udxScenarios()) {
      for (JsonNode packet : Vectors.load("udx/" + scenario + ".json").get("packets")) {
        if (packet.has("hexElided")) {
          continue; // only header and padding were captured (mtu-ladder): not a datagram
        }
        byte[] datagram = Vectors.hex(packet.get("hex"));
        if (seen.add(Vectors.toHex(datagram))) {
          seeds.put(dir + "/" + SEED_PREFIX + scenario + "-" + packet.get("i").asInt(), datagram);
        }
      }
    }
  }

  /** A stream seed stops growing here: libFuzzer sizes its inputs after the largest seed. */
  static final int UDX_STREAM_SEED_BUDGET = 8 * 1024;
  /**
   * Payload bytes kept per datagram or write in a stream seed. The state machine runs on seq,
   * ack, SACK blocks and flags; cutting the bulk scenarios' 1180-byte payloads keeps every packet
   * of them within the budget.
   */
  static final int UDX_STREAM_PAYLOAD_CUT = 64;

  // Target 7: each receiver's inbound leg of every scenario on the capture's clock (millisecond
  // steps), with the receiver's own writes, ends, messages and destroy where it sent them, so that
  // the packets acknowledging its data find that data sent. Plus variants with small bounds.
  private static void udxStreams(Map<String, byte[]> seeds) {
    String dir = inputsDir(UdxStreamFuzzTest.class, "receiveDatagrams");
    for (String scenario : udxScenarios()) {
      List<JsonNode> packets = new ArrayList<>();
      Vectors.load("udx/" + scenario + ".json").get("packets").forEach(packets::add);
      Set<String> receivers = new TreeSet<>();
      for (JsonNode packet : packets) {
        if (arrives(packet)) {
          receivers.add(legTo(packet));
        }
      }
      for (String role : receivers) {
        int options = 0;
        if (scenario.equals("seq-wrap")) {
          options = role.equals("A") ? UdxStreamFuzzTest.OWN_SEQ_WRAP : UdxStreamFuzzTest.PEER_SEQ_WRAP;
        } else if (scenario.startsWith("preconnect") && role.equals("B")) {
          options = UdxStreamFuzzTest.FIREWALL_CONNECT;
        }
        String name = dir + "/" + SEED_PREFIX + scenario + "-as-" + role;
        seeds.put(name, UdxStreamFuzzTest.input(options, udxSteps(packets, role, false)));
      }
    }
    // Bounds within reach of the cut payloads: a 1200-byte window and 1 packet out of order
    // against a lost packet, 4096 bytes and 16 packets against a far seq, 4096 bytes against a
    // reader that paused at once, and the keep-alive timer on from the start.
    udxVariant(seeds, dir, "drop-one-data", "B", "tiny-bounds", 3 | 3 << 2, false);
    udxVariant(seeds, dir, "inject-far-seq", "B", "small-bounds", 2 | 2 << 2, false);
    udxVariant(seeds, dir, "bulk-100k", "B", "paused", 2, true);
    udxVariant(seeds, dir, "keepalive", "A", "keepalive", UdxStreamFuzzTest.KEEPALIVE, false);
  }

  private static void udxVariant(
      Map<String, byte[]> seeds, String dir, String scenario, String role, String variant,
      int options, boolean paused) {
    List<JsonNode> packets = new ArrayList<>();
    Vectors.load("udx/" + scenario + ".json").get("packets").forEach(packets::add);
    seeds.put(
        dir + "/" + SEED_PREFIX + scenario + "-as-" + role + "-" + variant,
        UdxStreamFuzzTest.input(options, udxSteps(packets, role, paused)));
  }

  /** The records that replay {@code role}'s side of a capture against the fuzzed stream. */
  private static List<UdxStreamFuzzTest.Step> udxSteps(
      List<JsonNode> packets, String role, boolean pausedFirst) {
    List<UdxStreamFuzzTest.Step> steps = new ArrayList<>();
    int[] size = {1};
    long[] now = {0};
    if (pausedFirst) {
      addUdxStep(steps, size, now, 0, UdxStreamFuzzTest.TOGGLE_PAUSE, false, false, false, new byte[0]);
    }
    Set<Long> sentSeqs = new HashSet<>();
    for (JsonNode packet : packets) {
      long t = (long) Math.floor(packet.get("t_ms").asDouble());
      JsonNode decoded = packet.get("decoded");
      boolean added;
      if (arrives(packet) && legTo(packet).equals(role)) {
        byte[] datagram = Vectors.hex(packet.get("hex"));
        if (packet.has("hexElided")) {
          datagram = Arrays.copyOf(datagram, packet.get("len").asInt()); // zeros for the payload
        }
        if (decoded.get("udx").asBoolean() && decoded.has("payloadOffset")) {
          int keep = decoded.get("payloadOffset").asInt() + UDX_STREAM_PAYLOAD_CUT;
          datagram = Arrays.copyOf(datagram, Math.min(datagram.length, keep));
        }
        added = addUdxStep(steps, size, now, t, UdxStreamFuzzTest.ARRIVE, true, false, false, datagram);
      } else if (legFrom(packet).equals(role) && decoded.get("udx").asBoolean()) {
        int type = decoded.get("type").asInt();
        byte[] payload = new byte[0];
        if (decoded.has("payloadOffset")) {
          int at = decoded.get("payloadOffset").asInt();
          int length = Math.min(decoded.get("payloadLen").asInt(), UDX_STREAM_PAYLOAD_CUT);
          payload = Arrays.copyOfRange(Vectors.hex(packet.get("hex")), at, at + length);
          if (payload.length < length) {
            payload = Arrays.copyOf(payload, length); // an elided payload: zeros
          }
        }
        if ((type & UdxHeader.MESSAGE) != 0) {
          added = addUdxStep(steps, size, now, t, UdxStreamFuzzTest.MESSAGE, false, false, false, payload);
        } else if ((type & UdxHeader.DESTROY) != 0) {
          added = addUdxStep(steps, size, now, t, UdxStreamFuzzTest.WRITE, false, false, true, new byte[0]);
        } else if ((type & (UdxHeader.DATA | UdxHeader.END)) != 0
            && sentSeqs.add(decoded.get("seq").asLong())) {
          // a first transmission: the application wrote (or ended) just before it
          boolean end = (type & UdxHeader.END) != 0;
          byte[] written = (type & UdxHeader.DATA) != 0 ? payload : new byte[0];
          added = addUdxStep(steps, size, now, t, UdxStreamFuzzTest.WRITE, false, end, false, written);
        } else {
          continue; // an ACK, a retransmission, a heartbeat: the stream's own doing
        }
      } else {
        continue;
      }
      if (!added) {
        break;
      }
    }
    return steps;
  }

  /**
   * Appends a record at virtual time {@code t}, preceded by empty writes that only let time pass
   * when no single advance of the input format gets there; false if over the budget.
   */
  private static boolean addUdxStep(
      List<UdxStreamFuzzTest.Step> steps, int[] size, long[] now, long t, int kind, boolean force,
      boolean end, boolean close, byte[] bytes) {
    List<UdxStreamFuzzTest.Step> pending = new ArrayList<>();
    long delta = Math.max(0, t - now[0]);
    int advance = 1; // runFor(0): what the previous record started runs first
    while (delta > 0) {
      int code = 1;
      for (int c = 1; c < UdxStreamFuzzTest.ADVANCES.length; c++) {
        if (UdxStreamFuzzTest.ADVANCES[c] <= delta) {
          code = c;
        }
      }
      delta -= UdxStreamFuzzTest.ADVANCES[code];
      if (delta == 0) {
        advance = code;
      } else {
        pending.add(
            new UdxStreamFuzzTest.Step(
                UdxStreamFuzzTest.op(code, false, UdxStreamFuzzTest.WRITE, false, false), new byte[0]));
      }
    }
    pending.add(
        new UdxStreamFuzzTest.Step(UdxStreamFuzzTest.op(advance, force, kind, end, close), bytes));
    int added = 0;
    for (UdxStreamFuzzTest.Step step : pending) {
      added += 3 + step.bytes().length;
    }
    if (size[0] + added > UDX_STREAM_SEED_BUDGET) {
      return false;
    }
    size[0] += added;
    now[0] = Math.max(now[0], t);
    steps.addAll(pending);
    return true;
  }

  /** Whether the capture's receiver got the datagram (not dropped by the relay). */
  private static boolean arrives(JsonNode packet) {
    String action = packet.get("action").asText();
    return action.equals("forwarded") || action.equals("injected");
  }

  /** The sender of a leg such as {@code "A->B"} or {@code "A->B/2"} (a second path). */
  private static String legFrom(JsonNode packet) {
    String leg = packet.get("leg").asText();
    return leg.substring(0, leg.indexOf("->"));
  }

  /** The receiver of a leg. */
  private static String legTo(JsonNode packet) {
    String leg = packet.get("leg").asText();
    String to = leg.substring(leg.indexOf("->") + 2);
    int slash = to.indexOf('/');
    return slash < 0 ? to : to.substring(0, slash);
  }

  /** The scenarios of vectors/udx, as index.json lists them. */
  private static List<String> udxScenarios() {
    List<String> out = new ArrayList<>();
    Vectors.load("udx/index.json").get("scenarios").forEach(s -> out.add(s.get("scenario").asText()));
    require(!out.isEmpty(), "vectors/udx/index.json lists scenarios");
    return out;
  }

  /** Messages the recorded session carries after the handshake. */
  static final List<byte[]> SESSION_MESSAGES =
      List.of(
          new byte[0],
          "hello".getBytes(StandardCharsets.UTF_8),
          Arrays.copyOf("a longer message".getBytes(StandardCharsets.UTF_8), 300));

  /**
   * What an initiator with the keys of replayable handshake 0 sends to the fuzz target's responder:
   * message 1, message 3, the stream header and {@link #SESSION_MESSAGES}, one frame per element.
   * Checks that it starts with the vector's messages and that it replays: a fresh responder opens
   * and receives every message.
   */
  private static List<byte[]> recordSession(List<byte[]> vectorMessages) {
    VirtualTimeLoop loop = new VirtualTimeLoop();
    InMemoryNetwork network = new InMemoryNetwork(loop);
    Link link = network.pair();
    ArrayList<Byte> wire = new ArrayList<>();
    network.addTap(
        delivery -> {
          if (delivery.kind() == Delivery.Kind.DATA
              && delivery.receiver().equals(link.responder().localDescription())) {
            for (byte b : delivery.data()) {
              wire.add(b);
            }
          }
        });
    NoiseSecretStream initiator =
        new NoiseSecretStream(
            new BouncyCastleCrypto(ReplayableKeys.constant(2)),
            true,
            ReplayableKeys.initiatorStatic(0),
            link.initiator(),
            StreamOptions.DEFAULTS);
    NoiseSecretStream responder = responder(link);
    initiator.start();
    responder.start();
    SESSION_MESSAGES.forEach(initiator::write);
    loop.runUntilIdle();
    byte[] bytes = new byte[wire.size()];
    for (int i = 0; i < bytes.length; i++) {
      bytes[i] = wire.get(i);
    }
    List<byte[]> frames = frames(bytes);
    require(frames.size() == 3 + SESSION_MESSAGES.size(), "session of " + frames.size() + " frames");
    require(Arrays.equals(frames.get(0), frame(vectorMessages.get(0))), "message 1 is the vector's");
    require(Arrays.equals(frames.get(1), frame(vectorMessages.get(2))), "message 3 is the vector's");

    VirtualTimeLoop replayLoop = new VirtualTimeLoop();
    Link replayLink = new InMemoryNetwork(replayLoop).pair();
    List<byte[]> received = new ArrayList<>();
    NoiseSecretStream replayed =
        new NoiseSecretStream(
            responderCrypto(),
            false,
            ReplayableKeys.responderStatic(0),
            replayLink.responder(),
            StreamOptions.DEFAULTS,
            received::add);
    replayed.start();
    replayLink.initiator().write(java.nio.ByteBuffer.wrap(bytes));
    replayLoop.runUntilIdle();
    require(replayed.isOpen(), "the recorded session opens a fresh responder");
    require(received.size() == SESSION_MESSAGES.size(), "the recorded messages arrive");
    for (int i = 0; i < received.size(); i++) {
      require(Arrays.equals(received.get(i), SESSION_MESSAGES.get(i)), "message " + i + " intact");
    }
    return frames;
  }

  private static NoiseSecretStream responder(Link link) {
    return new NoiseSecretStream(
        responderCrypto(),
        false,
        ReplayableKeys.responderStatic(0),
        link.responder(),
        StreamOptions.DEFAULTS,
        (SecretStreamHandler) message -> {});
  }

  private static BouncyCastleCrypto responderCrypto() {
    return new BouncyCastleCrypto(ReplayableKeys.constant(4));
  }

  /** The key pairs and messages of noise-xx-replayable.json, checked against ReplayableKeys. */
  private record Replayable(List<List<byte[]>> messages) {
    static Replayable load() {
      Path file = replayableFile();
      JsonNode root;
      try {
        root = JSON.readTree(file.toFile());
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read " + file, e);
      }
      List<List<byte[]>> messages = new ArrayList<>();
      JsonNode handshakes = root.get("handshakes");
      require(handshakes.size() == ReplayableKeys.HANDSHAKES, "handshake count of " + file);
      for (int i = 0; i < handshakes.size(); i++) {
        JsonNode h = handshakes.get(i);
        expectKey(h.get("initiatorStatic"), ReplayableKeys.initiatorStatic(i));
        expectKey(h.get("initiatorEphemeral"), ReplayableKeys.initiatorEphemeral(i));
        expectKey(h.get("responderStatic"), ReplayableKeys.responderStatic(i));
        expectKey(h.get("responderEphemeral"), ReplayableKeys.responderEphemeral(i));
        messages.add(hexList(h.get("messages")));
      }
      return new Replayable(messages);
    }

    private static void expectKey(JsonNode node, KeyPair derived) {
      require(
          Arrays.equals(Vectors.hex(node.get("publicKey")), derived.publicKey())
              && Arrays.equals(Vectors.hex(node.get("secretKey")), derived.secretKey()),
          "ReplayableKeys derives the key pairs of noise-xx-replayable.json");
    }
  }

  private static Path replayableFile() {
    String configured = System.getProperty("fuzz.replayable");
    Path file =
        configured != null
            ? Paths.get(configured)
            : moduleDir().resolve("../domain/src/test/resources/extra/noise-xx-replayable.json");
    require(Files.isRegularFile(file), "noise-xx-replayable.json not found at " + file);
    return file;
  }

  /** This module's directory, from where its test classes were compiled to. */
  private static Path moduleDir() {
    try {
      Path classes = Paths.get(SeedCorpus.class.getProtectionDomain().getCodeSource().getLocation().toURI());
      return classes.getParent().getParent(); // target/test-classes
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  private static List<ProtomuxFrameFuzzTest.Step> steps(List<byte[]> frames, int op) {
    return frames.stream().map(frame -> new ProtomuxFrameFuzzTest.Step(op, frame)).toList();
  }

  private static List<byte[]> hexList(JsonNode array) {
    List<byte[]> out = new ArrayList<>();
    array.forEach(node -> out.add(Vectors.hex(node)));
    return out;
  }

  /** {@code uint24 LE length || body}, the secret stream's framing. */
  static byte[] frame(byte[] body) {
    byte[] out = new byte[3 + body.length];
    out[0] = (byte) body.length;
    out[1] = (byte) (body.length >>> 8);
    out[2] = (byte) (body.length >>> 16);
    System.arraycopy(body, 0, out, 3, body.length);
    return out;
  }

  private static List<byte[]> frames(byte[] stream) {
    List<byte[]> out = new ArrayList<>();
    int at = 0;
    while (at < stream.length) {
      int length = (stream[at] & 0xff) | (stream[at + 1] & 0xff) << 8 | (stream[at + 2] & 0xff) << 16;
      out.add(Arrays.copyOfRange(stream, at, at + 3 + length));
      at += 3 + length;
    }
    return out;
  }

  private static byte[] concat(byte[]... parts) {
    int length = 0;
    for (byte[] part : parts) {
      length += part.length;
    }
    byte[] out = new byte[length];
    int at = 0;
    for (byte[] part : parts) {
      System.arraycopy(part, 0, out, at, part.length);
      at += part.length;
    }
    return out;
  }

  private static void require(boolean condition, String what) {
    if (!condition) {
      throw new IllegalStateException("seed generation: " + what);
    }
  }
}
