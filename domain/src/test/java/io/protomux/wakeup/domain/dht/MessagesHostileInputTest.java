package io.protomux.wakeup.domain.dht;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
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
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/** Malformed datagrams fail with EncodingException and a message saying what was wrong. */
class MessagesHostileInputTest {

  static List<String> allVectors() {
    List<String> out = new ArrayList<>();
    for (JsonNode v : DhtVectors.list("requests")) {
      out.add(v.get("encoded").asText());
    }
    for (JsonNode v : DhtVectors.list("responses")) {
      out.add(v.get("encoded").asText());
    }
    return out;
  }

  @ParameterizedTest(name = "{index}")
  @MethodSource("allVectors")
  void everyTruncationOfEveryVectorIsRefused(String hex) {
    byte[] full = Vectors.hex(hex);
    for (int length = 0; length < full.length; length++) {
      byte[] prefix = Arrays.copyOf(full, length);
      assertThatThrownBy(() -> Messages.decode(prefix))
          .as("%d of %d bytes", length, full.length)
          .isInstanceOf(EncodingException.class)
          .hasMessageContaining("out of bounds");
    }
  }

  @ParameterizedTest(name = "type 0x{0}")
  @CsvSource({"00", "01", "02", "04", "13", "23", "ff"})
  void otherTypeBytesAreRefused(String typeHex) {
    byte[] bytes = Vectors.hex(typeHex + "0434120a00000149c200");
    if (bytes[0] == Messages.RESPONSE_ID) {
      assertThatThrownBy(() -> Messages.decodeRequest(bytes))
          .isInstanceOf(EncodingException.class)
          .hasMessage("not a dht-rpc message: type byte 0x13, expected a request (0x03)");
      return;
    }
    assertThatThrownBy(() -> Messages.decode(bytes))
        .isInstanceOf(EncodingException.class)
        .hasMessage("not a dht-rpc message: type byte 0x" + typeHex);
  }

  @Test
  void aRequestIsNotDecodedAsAResponse() {
    assertThatThrownBy(() -> Messages.decodeResponse(Vectors.hex("030434120a00000149c200")))
        .isInstanceOf(EncodingException.class)
        .hasMessageContaining("expected a response (0x13)");
  }

  @Test
  void closerNodesAboveTheCapAreRefusedBeforeAnythingIsAllocated() {
    // flags 4 (closerNodes), tid, to, count 257 as fd0101, and no addresses at all.
    assertThatThrownBy(() -> Messages.decode(Vectors.hex("130434120a00000938c7fd0101")))
        .isInstanceOf(EncodingException.class)
        .hasMessage("closerNodes count 257 is above the cap of 256");
    // A count as large as a uint can be.
    assertThatThrownBy(() -> Messages.decode(Vectors.hex("130434120a00000938c7ff" + "ffffffffffff1f00")))
        .isInstanceOf(EncodingException.class)
        .hasMessageContaining("above the cap");
  }

  @Test
  void closerNodesCountBeyondTheBytesIsRefused() {
    // count 3, but only one address follows.
    assertThatThrownBy(() -> Messages.decode(Vectors.hex("130434120a00000938c7030a00000249c2")))
        .isInstanceOf(EncodingException.class)
        .hasMessage("out of bounds: 3 closerNodes need 18 bytes, 6 left");
  }

  @Test
  void aValueLengthBeyondTheBytesIsRefused() {
    // request flags 0x14 (internal, value), command 1, value length 0xfeffffff7f... claims 2 GB.
    assertThatThrownBy(() -> Messages.decode(Vectors.hex("031402000a00000149c201feffffff7f0102")))
        .isInstanceOf(EncodingException.class)
        .hasMessageContaining("out of bounds");
  }

  @Test
  void aCommandAboveTheSafeIntegerRangeIsRefused() {
    assertThatThrownBy(() -> Messages.decode(Vectors.hex("030434120a00000149c2ffffffffffffffffff")))
        .isInstanceOf(EncodingException.class);
  }

  @Test
  void randomBytesOnlyEverGiveAMessageOrAnEncodingException() {
    Random random = new Random(14);
    int decoded = 0;
    for (int i = 0; i < 20_000; i++) {
      byte[] bytes = new byte[random.nextInt(80)];
      random.nextBytes(bytes);
      if (bytes.length > 0) {
        bytes[0] = (byte) (random.nextBoolean() ? Messages.REQUEST_ID : Messages.RESPONSE_ID);
      }
      try {
        DhtMessage m = Messages.decode(bytes);
        // Whatever decodes must encode again, and decode back to the same message.
        assertThatCode(() -> Messages.encode(m)).doesNotThrowAnyException();
        assertThat(Messages.decode(Messages.encode(m))).isEqualTo(m);
        decoded++;
      } catch (EncodingException expected) {
        // the only allowed failure
      }
    }
    // Short random inputs with a valid type byte decode often enough to make the check mean something.
    assertThat(decoded).isGreaterThan(100);
  }
}
