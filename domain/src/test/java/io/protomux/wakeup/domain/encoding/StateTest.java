package io.protomux.wakeup.domain.encoding;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.protomux.wakeup.testvectors.Vectors;
import org.junit.jupiter.api.Test;

/** The two-pass encoding cursor, used directly as a layer above (Protomux) will. */
class StateTest {

  @Test
  void preencodeSeveralValuesThenEncodeThemIntoOneExactArray() {
    State state = new State();
    Codecs.UINT.preencodeLong(state, 1);
    Codecs.STRING.preencode(state, "wakeup");
    Codecs.OPTIONAL_BUFFER.preencode(state, null);
    assertThat(state.end()).isEqualTo(1 + 7 + 1);

    state.allocate();
    byte[] buffer = state.buffer();
    Codecs.UINT.encodeLong(state, 1);
    Codecs.STRING.encode(state, "wakeup");
    Codecs.OPTIONAL_BUFFER.encode(state, null);

    assertThat(state.buffer()).as("never reallocated").isSameAs(buffer);
    assertThat(state.start()).isEqualTo(state.end());
    assertThat(Vectors.toHex(buffer)).isEqualTo("01" + "0677616b657570" + "00");
  }

  @Test
  void encodeBeforeAllocateIsACallerBug() {
    State state = new State();
    state.add(1);
    assertThatThrownBy(() -> state.writeByte(1))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("allocate");
  }

  @Test
  void aTotalTooLargeForOneArrayIsRefusedWhilePreencoding() {
    State state = new State();
    state.add(Integer.MAX_VALUE - 1);
    assertThatThrownBy(() -> state.add(2))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("too large");
    assertThat(state.end()).isEqualTo(Integer.MAX_VALUE - 1);
    assertThatThrownBy(() -> state.add(-1)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void takeChecksTheClaimBeforeMovingAndLeavesTheStateAsItWasOnFailure() {
    State state = State.wrap(new byte[] {1, 2, 3});
    assertThatThrownBy(() -> state.take(4, "thing"))
        .isInstanceOf(EncodingException.class)
        .hasMessage("out of bounds: thing needs 4 bytes, 3 left");
    assertThat(state.start()).isZero();
    assertThat(state.take(2, "thing")).isZero();
    assertThat(state.readByte("thing")).isEqualTo(3);
    assertThat(state.remaining()).isZero();
  }
}
