package io.protomux.wakeup.domain.hyperdht;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.protomux.wakeup.domain.encoding.EncodingException;
import io.protomux.wakeup.testvectors.Vectors;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Malformed hyperdht values fail with EncodingException only, never allocating past the input. */
class HyperDhtHostileInputTest {

  static List<JsonNode> messages() {
    return HyperDhtVectors.messages();
  }

  @ParameterizedTest(name = "{index}: {0}")
  @MethodSource("messages")
  void everyTruncationIsRefusedExceptWhereTheReferenceStopsEarly(JsonNode v) {
    HyperDhtVectors.Kind kind = HyperDhtVectors.kindOf(v);
    byte[] full = Vectors.hex(v.get("encoded"));
    Object whole = kind.decode().apply(full);
    int decodedPrefixes = 0;
    for (int length = 0; length < full.length; length++) {
      byte[] prefix = Arrays.copyOf(full, length);
      try {
        Object decoded = kind.decode().apply(prefix);
        decodedPrefixes++;
        // Only two prefixes are complete messages: a LOOKUP reply without its optional bump, and
        // a payload of another version, of which only the version is read.
        if (whole instanceof LookupReply reply) {
          assertThat(decoded).isEqualTo(new LookupReply(reply.peers(), 0));
        } else {
          assertThat(whole).isInstanceOf(NoisePayload.class);
          assertThat(((NoisePayload) whole).version()).isNotEqualTo(NoisePayload.VERSION);
          assertThat(decoded).isEqualTo(whole);
        }
      } catch (EncodingException expected) {
        assertThat(expected).hasMessageContaining("out of bounds");
      }
    }
    boolean lookupWithBump = whole instanceof LookupReply && !v.get("value").isNull();
    boolean otherVersion = whole instanceof NoisePayload p && p.version() != NoisePayload.VERSION;
    assertThat(decodedPrefixes).isEqualTo(lookupWithBump || otherVersion ? 1 : 0);
  }

  @ParameterizedTest(name = "{index}: {0}")
  @MethodSource("messages")
  void trailingBytesAreIgnoredAsTheReferenceIgnoresThem(JsonNode v) {
    HyperDhtVectors.Kind kind = HyperDhtVectors.kindOf(v);
    byte[] full = Vectors.hex(v.get("encoded"));
    byte[] longer = Arrays.copyOf(full, full.length + 3);
    longer[full.length] = 7;
    if (kind.type().equals("lookupRawReply") && v.get("value").isNull()) {
      // Without its bump the next byte is read as the bump.
      assertThat(((LookupReply) kind.decode().apply(longer)).bump()).isEqualTo(7);
      return;
    }
    assertThat(kind.decode().apply(longer)).isEqualTo(kind.decode().apply(full));
  }

  @Test
  void aPayloadOfAnotherVersionStopsAfterTheVersion() {
    NoisePayload p = NoisePayloads.decode(Vectors.hex("02" + "ffffffffffffffff"));
    assertThat(p).isEqualTo(NoisePayload.unsupportedVersion(2));
    assertThat(p.addresses4()).isEmpty();
    assertThat(p.udx()).isNull();
    assertThat(Vectors.toHex(NoisePayloads.encode(p))).isEqualTo("02");
    assertThat(NoisePayloads.decode(Vectors.hex("00")))
        .isEqualTo(NoisePayload.unsupportedVersion(0));
    assertThat(NoisePayloads.decode(Vectors.hex("fd0001")).version()).isEqualTo(256);
    assertThatThrownBy(
            () ->
                new NoisePayload(
                    2, 1, 0, null, List.of(), List.of(), null, null, null, null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("a payload of version 2 carries nothing but its version");
  }

  @Test
  void unknownFlagBitsAreIgnoredAndNotWrittenAgain() {
    // handshake: flags 0x81 = peerAddress + an unknown bit
    HandshakeMessage h =
        HandshakeMessages.decodeHandshake(Vectors.hex("fd81000002015a0a00000149c2"));
    assertThat(h.peerAddress()).hasToString("10.0.0.1:49737");
    assertThat(h.relayAddress()).isNull();
    assertThat(Vectors.toHex(HandshakeMessages.encode(h))).isEqualTo("010002015a0a00000149c2");
    // noisePayload: flags 0x90 = secretStream + bit 7
    NoisePayload p = NoisePayloads.decode(Vectors.hex("01fd9000000001"));
    assertThat(p.secretStream()).isEqualTo(new NoisePayload.SecretStream(1));
    assertThat(Vectors.toHex(NoisePayloads.encode(p))).isEqualTo("0110000001");
    // udx features: bit 1 unknown, bit 0 reusableSocket
    NoisePayload u = NoisePayloads.decode(Vectors.hex("01080000" + "0103" + "05" + "00"));
    assertThat(u.udx()).isEqualTo(new NoisePayload.Udx(1, true, 5, 0));
    assertThat(Vectors.toHex(NoisePayloads.encode(u))).isEqualTo("010800000101" + "0500");
    // holepunchPayload: flag 0x40 unknown, 0x01 connected
    HolepunchPayload hp = HandshakeMessages.decodeHolepunchPayload(Vectors.hex("4100000000"));
    assertThat(hp.connected()).isTrue();
    assertThat(Vectors.toHex(HandshakeMessages.encode(hp))).isEqualTo("01000000");
    // announce: 0x10 unknown
    assertThat(PeerRecords.decodeAnnounce(Vectors.hex("10")))
        .isEqualTo(new AnnounceMessage(null, null, null, 0));
    // pluginRequest: 0x02 unknown, no value
    assertThat(ValueMessages.decodePluginRequest(Vectors.hex("0161010202")).value()).isNull();
  }

  @Test
  void aFlagWhoseFieldCarriesNothingDecodesAsAbsent() {
    // announce bump flag with bump 0, noisePayload addresses4 flag with an empty list
    AnnounceMessage a = PeerRecords.decodeAnnounce(Vectors.hex("0800"));
    assertThat(a.bump()).isZero();
    assertThat(Vectors.toHex(PeerRecords.encode(a))).isEqualTo("00");
    NoisePayload p = NoisePayloads.decode(Vectors.hex("0102000000"));
    assertThat(p.addresses4()).isEmpty();
    assertThat(Vectors.toHex(NoisePayloads.encode(p))).isEqualTo("01000000");
    // but an empty relayAddresses list is kept and sent, as the reference does
    NoisePayload r = NoisePayloads.decode(Vectors.hex("0140000000"));
    assertThat(r.relayAddresses()).isEmpty();
    assertThat(Vectors.toHex(NoisePayloads.encode(r))).isEqualTo("0140000000");
  }

  @Test
  void countsAboveTheCapsAreRefusedBeforeAnythingIsAllocated() {
    String huge = "ffffffffffffff1f00"; // 2^53-1
    assertThatThrownBy(() -> NoisePayloads.decode(Vectors.hex("01020000" + huge)))
        .isInstanceOf(EncodingException.class)
        .hasMessageContaining("addresses4 count 9007199254740991 is above the cap of 64");
    assertThatThrownBy(() -> NoisePayloads.decode(Vectors.hex("01040000" + "41")))
        .isInstanceOf(EncodingException.class)
        .hasMessage("addresses6 count 65 is above the cap of 64");
    assertThatThrownBy(() -> NoisePayloads.decode(Vectors.hex("01010000" + "00" + "21")))
        .isInstanceOf(EncodingException.class)
        .hasMessage("relays count 33 is above the cap of 32");
    assertThatThrownBy(() -> NoisePayloads.decode(Vectors.hex("01400000" + "fe00001000")))
        .isInstanceOf(EncodingException.class)
        .hasMessageContaining("relayAddresses count 1048576 is above the cap");
    assertThatThrownBy(() -> PeerRecords.decodeLookupReply(Vectors.hex("fd8100")))
        .isInstanceOf(EncodingException.class)
        .hasMessage("peers count 129 is above the cap of 128");
    assertThatThrownBy(() -> PeerRecords.decode(Vectors.hex("00".repeat(32) + "21")))
        .isInstanceOf(EncodingException.class)
        .hasMessage("relayAddresses count 33 is above the cap of 32");
    assertThatThrownBy(
            () -> HandshakeMessages.decodeHolepunchPayload(Vectors.hex("04000000" + "41")))
        .isInstanceOf(EncodingException.class)
        .hasMessage("addresses count 65 is above the cap of 64");
  }

  @Test
  void countsBeyondTheBytesLeftAreRefused() {
    // 64 addresses claimed (within the cap), one present
    assertThatThrownBy(() -> NoisePayloads.decode(Vectors.hex("01020000" + "40" + "0a00000149c2")))
        .isInstanceOf(EncodingException.class)
        .hasMessage("out of bounds: 64 addresses4 need at least 384 bytes, 6 left");
    // 100 records claimed, 33 bytes present
    assertThatThrownBy(() -> PeerRecords.decodeLookupReply(Vectors.hex("64" + "00".repeat(33))))
        .isInstanceOf(EncodingException.class)
        .hasMessage("out of bounds: 100 peers need at least 3300 bytes, 33 left");
    // a noise buffer claiming 2^32-1 bytes
    assertThatThrownBy(() -> HandshakeMessages.decodeHandshake(Vectors.hex("0000feffffffff00")))
        .isInstanceOf(EncodingException.class)
        .hasMessageContaining("out of bounds");
    // a mutable value claiming 2^53-1 bytes
    assertThatThrownBy(
            () -> ValueMessages.decodeMutableGetResponse(Vectors.hex("00ffffffffffffff1f00")))
        .isInstanceOf(EncodingException.class)
        .hasMessageContaining("out of bounds");
  }

  @Test
  void numbersBeyondTheirRangeAreRefused() {
    assertThatThrownBy(
            () -> ValueMessages.decodeMutableGetRequest(Vectors.hex("ff" + "ff".repeat(8))))
        .isInstanceOf(EncodingException.class);
    // udx id 2^32 as a 9-byte uint
    assertThatThrownBy(
            () ->
                NoisePayloads.decode(
                    Vectors.hex("01080000" + "0100" + "ff0000000001000000" + "00")))
        .isInstanceOf(EncodingException.class)
        .hasMessage("udx id 4294967296 is above 2^32-1");
    NoisePayload max = NoisePayloads.decode(Vectors.hex("01080000" + "0100" + "feffffffff" + "00"));
    assertThat(max.udx().id()).isEqualTo(0xffffffffL);
  }

  @Test
  void aWiderUintThanNeededDecodesAndIsWrittenCanonically() {
    HolepunchMessage m =
        HandshakeMessages.decodeHolepunch(Vectors.hex("00fd0400fe03000000" + "00"));
    assertThat(m.mode()).isEqualTo(4);
    assertThat(m.id()).isEqualTo(3);
    assertThat(Vectors.toHex(HandshakeMessages.encode(m))).isEqualTo("00040300");
  }

  @Test
  void emptyValuesAreEmptyArraysNotNull() {
    MutableGetResponse r =
        ValueMessages.decodeMutableGetResponse(Vectors.hex("0700" + "00".repeat(64)));
    assertThat(r.value()).isEmpty();
    // A plugin value flagged but empty stays distinct from no value, so it encodes unchanged.
    PluginRequest withEmpty = ValueMessages.decodePluginRequest(Vectors.hex("0161010201" + "00"));
    assertThat(withEmpty.value()).isEmpty();
    assertThat(Vectors.toHex(ValueMessages.encode(withEmpty))).isEqualTo("016101020100");
  }

  @Test
  void encodingRefusesListsAboveTheCaps() {
    List<io.protomux.wakeup.domain.dht.PeerAddress> many = new ArrayList<>();
    for (int i = 0; i < 65; i++) {
      many.add(new io.protomux.wakeup.domain.dht.PeerAddress("10.0.0.1", i));
    }
    assertThatThrownBy(
            () -> new NoisePayload(1, 0, 0, null, many, List.of(), null, null, null, null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("addresses4 has 65 entries, more than the cap of 64");
    PeerRecord wide = new PeerRecord(new byte[32], many);
    assertThatThrownBy(() -> PeerRecords.encode(wide))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("more than the cap of 32");
    List<byte[]> records = new ArrayList<>();
    for (int i = 0; i < 129; i++) {
      records.add(new byte[33]);
    }
    assertThatThrownBy(() -> PeerRecords.encodeLookupReply(records, 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("129 peer records, more than the cap of 128");
    assertThatThrownBy(() -> new NoisePayload.Udx(1, false, 1L << 32, 0))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void randomBytesOnlyEverGiveAValueOrAnEncodingExceptionAndDecodeStably() {
    Random random = new Random(634);
    int decoded = 0;
    for (HyperDhtVectors.Kind kind : HyperDhtVectors.KINDS.values()) {
      for (int i = 0; i < 3_000; i++) {
        byte[] bytes = new byte[random.nextInt(120)];
        random.nextBytes(bytes);
        if (bytes.length > 0 && random.nextBoolean()) {
          bytes[0] = (byte) random.nextInt(0x80); // small flags or versions, to get further in
        }
        if (bytes.length > 1 && kind.type().equals("noisePayload")) {
          bytes[0] = 1;
        }
        Object value;
        try {
          value = kind.decode().apply(bytes);
        } catch (EncodingException expected) {
          continue;
        }
        byte[] again = kind.encode().apply(value);
        assertThat(kind.decode().apply(again)).as(kind.type()).isEqualTo(value);
        decoded++;
      }
    }
    assertThat(decoded).isGreaterThan(1_000);
  }
}
