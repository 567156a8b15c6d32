package io.protomux.wakeup.domain.udx;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.protomux.wakeup.testvectors.Vectors;
import java.io.ByteArrayOutputStream;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every datagram of the 22 live udx-native scenarios ({@code vectors/udx}), parsed as libudx
 * parses it: classification, every header field, SACK blocks, payload position behind the MTU
 * probe padding; re-encoded byte for byte; and the payloads of each bulk transfer, put in seq
 * order, hash to the data the application wrote.
 */
class UdxPacketVectorTest {
  static Stream<String> scenarios() {
    List<String> names = new ArrayList<>();
    for (JsonNode scenario : Vectors.load("udx/index.json").path("scenarios")) {
      names.add(scenario.path("scenario").asText());
    }
    assertThat(names).hasSize(22);
    return names.stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("scenarios")
  void everyDatagramParsesAsTheCaptureDecodedIt(String scenario) throws Exception {
    JsonNode vector = Vectors.load("udx/" + scenario + ".json");
    JsonNode packets = vector.path("packets");
    assertThat(packets.size()).as("packets in %s", scenario).isEqualTo(indexed(scenario).path("packets").asInt());
    int checked = 0;
    for (JsonNode packet : packets) {
      byte[] datagram = Vectors.hex(packet.path("hex"));
      JsonNode decoded = packet.path("decoded");
      String where = scenario + " packet " + packet.path("i").asInt();
      UdxPacket parsed = UdxPacket.parse(datagram);
      if (!decoded.path("udx").asBoolean()) {
        assertThat(parsed).as(where + " is not UDX").isNull();
        checked++;
        continue;
      }
      assertThat(parsed).as(where).isNotNull();
      UdxHeader header = parsed.header();
      assertThat(header.type()).as(where + " type").isEqualTo(decoded.path("type").asInt());
      assertThat(header.dataOffset()).as(where + " dataOffset").isEqualTo(decoded.path("dataOffset").asInt());
      assertThat(Seq.unsigned(header.id())).as(where + " id").isEqualTo(decoded.path("id").asLong());
      assertThat(Seq.unsigned(header.rwnd())).as(where + " rwnd").isEqualTo(decoded.path("rwnd").asLong());
      assertThat(Seq.unsigned(header.seq())).as(where + " seq").isEqualTo(decoded.path("seq").asLong());
      assertThat(Seq.unsigned(header.ack())).as(where + " ack").isEqualTo(decoded.path("ack").asLong());
      List<List<Long>> sacks = new ArrayList<>();
      for (SackBlock block : parsed.sacks()) {
        sacks.add(List.of(Seq.unsigned(block.start()), Seq.unsigned(block.end())));
      }
      List<List<Long>> expectedSacks = new ArrayList<>();
      for (JsonNode block : decoded.path("sacks")) {
        expectedSacks.add(List.of(block.get(0).asLong(), block.get(1).asLong()));
      }
      assertThat(sacks).as(where + " sacks").isEqualTo(expectedSacks);
      assertThat(parsed.dataOffsetTooLarge()).as(where).isFalse();

      boolean elided = packet.has("hexElided");
      if (decoded.has("payloadOffset")) {
        assertThat(parsed.payloadOffset()).as(where + " payloadOffset").isEqualTo(decoded.path("payloadOffset").asInt());
        if (!elided) {
          assertThat(parsed.payloadLength()).as(where + " payloadLen").isEqualTo(decoded.path("payloadLen").asInt());
        }
      } else {
        assertThat(parsed.payloadLength()).as(where + " has no payload").isZero();
      }
      if (elided) {
        // Only header and padding are kept: the lengths must still add up.
        assertThat(packet.path("len").asInt())
            .isEqualTo(UdxHeader.BYTES + header.dataOffset() + packet.path("hexElided").path("payloadLen").asInt());
      } else {
        byte[] again =
            UdxPacket.encode(header, parsed.sacks(), datagram, parsed.payloadOffset(), parsed.payloadLength());
        assertThat(Vectors.toHex(again)).as(where + " re-encoded").isEqualTo(packet.path("hex").asText());
        assertThat(datagram.length).isEqualTo(packet.path("len").asInt());
      }
      checked++;
    }
    assertThat(checked).isEqualTo(packets.size());
  }

  /** The bulk transfers whose payload bytes are all in the file (mtu-ladder elides them). */
  static Stream<String> bulkScenarios() {
    List<String> bulk =
        scenarios()
            .filter(name -> {
              JsonNode vector = Vectors.load("udx/" + name + ".json");
              return vector.path("data").path("A->B").has("sha256") && !hasElidedPayloads(vector);
            })
            .toList();
    assertThat(bulk).containsExactlyInAnyOrder("bulk-100k", "drop-mtu-probe", "drop-one-data");
    return bulk.stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("bulkScenarios")
  void bulkPayloadsInSeqOrderAreWhatTheSenderWrote(String scenario) throws Exception {
    JsonNode vector = Vectors.load("udx/" + scenario + ".json");
    JsonNode sent = vector.path("data").path("A->B");
    // Retransmissions repeat a seq with the same bytes: the first copy of each seq is kept.
    Map<Long, byte[]> bySeq = new TreeMap<>();
    for (JsonNode packet : vector.path("packets")) {
      if (!packet.path("leg").asText().equals("A->B")) {
        continue;
      }
      byte[] datagram = Vectors.hex(packet.path("hex"));
      UdxPacket parsed = UdxPacket.parse(datagram);
      if (parsed != null && parsed.header().has(UdxHeader.DATA)) {
        byte[] payload = new byte[parsed.payloadLength()];
        System.arraycopy(datagram, parsed.payloadOffset(), payload, 0, payload.length);
        byte[] earlier = bySeq.putIfAbsent(Seq.unsigned(parsed.header().seq()), payload);
        if (earlier != null) {
          assertThat(payload).as("retransmission of the same seq").isEqualTo(earlier);
        }
      }
    }
    ByteArrayOutputStream all = new ByteArrayOutputStream();
    bySeq.values().forEach(all::writeBytes);
    assertThat(all.size()).isEqualTo(sent.path("len").asInt());
    byte[] digest = MessageDigest.getInstance("SHA-256").digest(all.toByteArray());
    assertThat(Vectors.toHex(digest)).isEqualTo(sent.path("sha256").asText());
  }

  private static JsonNode indexed(String name) {
    for (JsonNode scenario : Vectors.load("udx/index.json").path("scenarios")) {
      if (scenario.path("scenario").asText().equals(name)) {
        return scenario;
      }
    }
    throw new AssertionError("not in the index: " + name);
  }

  private static boolean hasElidedPayloads(JsonNode vector) {
    for (JsonNode packet : vector.path("packets")) {
      if (packet.has("hexElided")) {
        return true;
      }
    }
    return false;
  }
}
