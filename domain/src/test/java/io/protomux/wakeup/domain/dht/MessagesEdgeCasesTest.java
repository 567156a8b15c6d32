package io.protomux.wakeup.domain.dht;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.protomux.wakeup.testvectors.Vectors;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What the reference's decoder does with bytes no honest JS node sends, and encode refusals. */
class MessagesEdgeCasesTest {
  private static final PeerAddress TO = new PeerAddress("10.0.0.1", 49737);

  @Test
  void anEmptyValueIsSentWithItsFlagAndDecodedAsEmptyLikeCompactEncoding3() {
    DhtRequest ping = new DhtRequest(1, TO, null, null, true, Commands.PING, null, new byte[0]);
    byte[] bytes = Messages.encodeRequest(ping);
    assertThat(Vectors.toHex(bytes)).isEqualTo("031401000a00000149c20000");
    assertThat(Messages.decodeRequest(bytes).value()).isEmpty();
    assertThat(Messages.encodeRequest(Messages.decodeRequest(bytes))).isEqualTo(bytes);
  }

  @Test
  void unknownFlagBitsAreIgnored() {
    // flags 0xe4: internal plus bits 5..7, which the reference does not read.
    DhtRequest decoded = Messages.decodeRequest(Vectors.hex("03e434120a00000149c200"));
    assertThat(decoded)
        .isEqualTo(new DhtRequest(0x1234, TO, null, null, true, Commands.PING, null, null));
    assertThat(decoded.flags()).isEqualTo(DhtRequest.FLAG_INTERNAL);
  }

  @Test
  void anErrorFieldOfZeroIsSuccess() {
    DhtResponse decoded = Messages.decodeResponse(Vectors.hex("130834120a00000938c700"));
    assertThat(decoded.error()).isZero();
    assertThat(Vectors.toHex(Messages.encodeResponse(decoded))).isEqualTo("130034120a00000938c7");
  }

  @Test
  void anEmptyCloserNodesListKeepsItsFlag() {
    DhtResponse empty = new DhtResponse(1, TO, null, null, List.of(), 0, null);
    byte[] bytes = Messages.encodeResponse(empty);
    assertThat(Vectors.toHex(bytes)).isEqualTo("130401000a00000149c200");
    assertThat(Messages.decodeResponse(bytes).closerNodes()).isEmpty();
  }

  @Test
  void decodesASliceOfALargerBufferInPlace() {
    byte[] ping = Vectors.hex("030434120a00000149c200");
    byte[] datagram = new byte[ping.length + 7];
    System.arraycopy(ping, 0, datagram, 3, ping.length);
    assertThat(Messages.decode(datagram, 3, ping.length))
        .isEqualTo(Messages.decodeRequest(ping));
  }

  @Test
  void encodingRefusesValuesTheWireCannotCarry() {
    assertThatThrownBy(() -> new DhtRequest(65536, TO, null, null, true, 0, null, null))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new DhtRequest(1, TO, new byte[31], null, true, 0, null, null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("id needs exactly 32 bytes");
    assertThatThrownBy(() -> new DhtRequest(1, TO, null, null, true, -1, null, null))
        .isInstanceOf(IllegalArgumentException.class);
    List<PeerAddress> tooMany = Collections.nCopies(Messages.MAX_CLOSER_NODES + 1, TO);
    assertThatThrownBy(() -> new DhtResponse(1, TO, null, null, tooMany, 0, null))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new DhtResponse(1, TO, null, null, null, 1L << 53, null))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void theLargestCloserNodesListRoundTrips() {
    List<PeerAddress> max = Collections.nCopies(Messages.MAX_CLOSER_NODES, TO);
    DhtResponse response = new DhtResponse(7, TO, null, null, max, 0, null);
    assertThat(Messages.decodeResponse(Messages.encodeResponse(response))).isEqualTo(response);
  }
}
