package io.protomux.wakeup.domain.hyperdht;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.protomux.wakeup.domain.encoding.State;
import io.protomux.wakeup.testvectors.Vectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** IPv6 addresses of noise payloads: text, bytes and the little-endian port. */
class Ipv6AddressTest {

  @ParameterizedTest(name = "{0}")
  @CsvSource({
    "2001:db8::1, 20010db8000000000000000000000001, 2001:db8:0:0:0:0:0:1",
    "::, 00000000000000000000000000000000, 0:0:0:0:0:0:0:0",
    "::1, 00000000000000000000000000000001, 0:0:0:0:0:0:0:1",
    "fe80::, fe800000000000000000000000000000, fe80:0:0:0:0:0:0:0",
    "1:2:3:4:5:6:7:8, 00010002000300040005000600070008, 1:2:3:4:5:6:7:8",
    "ABCD:ef01::2:3, abcdef01000000000000000000020003, abcd:ef01:0:0:0:0:2:3"
  })
  void parsesAndPrintsAsCompactEncodingNetDoes(String text, String bytes, String host) {
    Ipv6Address a = Ipv6Address.parse(text, 443);
    assertThat(Vectors.toHex(a.address())).isEqualTo(bytes);
    assertThat(a.host()).isEqualTo(host);
    assertThat(Ipv6Address.parse(host, 443)).isEqualTo(a);
  }

  @ParameterizedTest(name = "\"{0}\"")
  @ValueSource(
      strings = {
        "", "1:2:3", "1::2::3", "12345::", "1:2:3:4:5:6:7:8:9", "g::", "1:2:3:4:5:6:7::8", ":1::"
      })
  void refusesWhatIsNotAnAddress(String text) {
    assertThatThrownBy(() -> Ipv6Address.parse(text, 1))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void encodesTheAddressThenThePortLittleEndian() {
    Ipv6Address a = Ipv6Address.parse("2001:db8::1", 443);
    State state = new State();
    state.add(Ipv6Address.ENCODED_LENGTH);
    state.allocate();
    a.encode(state);
    assertThat(Vectors.toHex(state.buffer())).isEqualTo("20010db8000000000000000000000001bb01");
    assertThat(Ipv6Address.decode(State.wrap(state.buffer()))).isEqualTo(a);
    assertThat(a).hasToString("[2001:db8:0:0:0:0:0:1]:443");
  }

  @Test
  void isImmutable() {
    byte[] bytes = new byte[16];
    Ipv6Address a = new Ipv6Address(bytes, 1);
    bytes[0] = 1;
    a.address()[1] = 1;
    assertThat(a.address()).containsOnly(0);
    assertThatThrownBy(() -> new Ipv6Address(new byte[4], 1))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new Ipv6Address(new byte[16], 65536))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
