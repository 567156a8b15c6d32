package io.protomux.wakeup.domain.dht;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.protomux.wakeup.domain.encoding.EncodingException;
import io.protomux.wakeup.testvectors.Vectors;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class PeerAddressTest {

  static List<JsonNode> addresses() {
    return DhtVectors.list("addresses");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("addresses")
  void encodesAndDecodesEveryVector(JsonNode v) {
    PeerAddress address = DhtVectors.address(v);
    assertThat(Vectors.toHex(address.encode())).isEqualTo(v.get("encoded").asText());
    assertThat(PeerAddress.decode(Vectors.hex(v.get("encoded")))).isEqualTo(address);
  }

  @ParameterizedTest(name = "\"{0}\"")
  @ValueSource(
      strings = {"", "1.2.3", "1.2.3.4.5", "256.0.0.1", "01.2.3.4", "1.2.3.4 ", "a.b.c.d", "1..3.4",
        "1.2.3.", "1234.1.1.1", "::1"})
  void refusesHostsThatAreNotCanonicalDottedDecimal(String host) {
    assertThatThrownBy(() -> new PeerAddress(host, 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("dotted-decimal");
  }

  @ParameterizedTest(name = "port {0}")
  @ValueSource(ints = {-1, 65536})
  void refusesPortsOutsideUint16(int port) {
    assertThatThrownBy(() -> new PeerAddress("1.2.3.4", port))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @ParameterizedTest(name = "{0} bytes")
  @ValueSource(ints = {0, 5, 7})
  void decodingAnythingButSixBytesIsAnEncodingException(int length) {
    assertThatThrownBy(() -> PeerAddress.decode(new byte[length]))
        .isInstanceOf(EncodingException.class)
        .hasMessageContaining("6 bytes");
  }
}
