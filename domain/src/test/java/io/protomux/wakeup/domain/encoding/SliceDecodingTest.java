package io.protomux.wakeup.domain.encoding;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.protomux.wakeup.testvectors.Vectors;
import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

/** Decoding inside a larger array: reads exactly the given range, never past its end, no copies. */
class SliceDecodingTest {
  // junk(3) || uint 300 (fd2c01) || buffer "deadbeef" (04deadbeef) || junk(3)
  private static final byte[] BIG = Vectors.hex("a1a2a3" + "fd2c01" + "04deadbeef" + "b1b2b3");

  @Test
  void decodesFromAnOffsetAndStopsWhereTheValueEnds() {
    State state = State.wrap(BIG, 3, 11);
    assertThat(Codecs.UINT.decodeLong(state)).isEqualTo(300);
    assertThat(state.start()).isEqualTo(6);
    assertThat(Codecs.BUFFER.decode(state)).containsExactly(0xde, 0xad, 0xbe, 0xef);
    assertThat(state.start()).isEqualTo(11);
    assertThat(state.remaining()).isZero();
  }

  @Test
  void staticDecodeOfARange() {
    assertThat(CompactEncoding.decode(Codecs.UINT, BIG, 3, 3)).isEqualTo(300);
    assertThat(CompactEncoding.decode(Codecs.BUFFER, BIG, 6, 5))
        .containsExactly(0xde, 0xad, 0xbe, 0xef);
    assertThat(CompactEncoding.decode(Codecs.UINT, ByteSlice.wrap(BIG, 6, 5))).isEqualTo(4);
  }

  @Test
  void refusesToReadPastTheEndEvenWhenTheArrayGoesOn() {
    assertThatThrownBy(() -> CompactEncoding.decode(Codecs.UINT, BIG, 3, 2))
        .isInstanceOf(EncodingException.class)
        .hasMessage("out of bounds: uint16 needs 2 bytes, 1 left");
    assertThatThrownBy(() -> CompactEncoding.decode(Codecs.BUFFER, BIG, 6, 4))
        .isInstanceOf(EncodingException.class)
        .hasMessage("out of bounds: buffer needs 4 bytes, 3 left");
    byte[] forty = new byte[40];
    assertThatThrownBy(() -> Codecs.FIXED32.decode(State.wrap(forty, 5, 36)))
        .isInstanceOf(EncodingException.class)
        .hasMessage("out of bounds: fixed32 needs 32 bytes, 31 left");
  }

  @Test
  void aRangeOutsideTheArrayIsACallerBug() {
    assertThatThrownBy(() -> CompactEncoding.decode(Codecs.UINT, BIG, 10, 10))
        .isInstanceOf(IndexOutOfBoundsException.class);
    assertThatThrownBy(() -> State.wrap(BIG, 5, 4)).isInstanceOf(IndexOutOfBoundsException.class);
  }

  @Test
  void bufferViewPointsIntoTheInputWithoutCopying() {
    byte[] input = Vectors.hex("ff" + "04deadbeef" + "ff");
    ByteSlice view = CompactEncoding.decode(Codecs.BUFFER_VIEW, input, 1, 5);
    assertThat(view.array()).isSameAs(input);
    assertThat(view.offset()).isEqualTo(2);
    assertThat(view.length()).isEqualTo(4);
    assertThat(view.toByteArray()).containsExactly(0xde, 0xad, 0xbe, 0xef);
    input[2] = 0x11; // a view shows its array, by design
    assertThat(view.get(0)).isEqualTo((byte) 0x11);
  }

  @Test
  void rawViewTakesTheRestUpToEndOnly() {
    State state = State.wrap(BIG, 3, 8);
    Codecs.UINT.decodeLong(state);
    ByteSlice rest = Codecs.RAW_VIEW.decode(state);
    assertThat(rest.toByteArray()).containsExactly(0x04, 0xde);
    assertThat(state.remaining()).isZero();
    assertThat(Codecs.RAW_VIEW.decode(state).isEmpty()).isTrue();
  }

  @Test
  void sliceHelpersStayInsideTheView() {
    ByteSlice slice = ByteSlice.wrap(BIG, 6, 5);
    assertThat(slice.slice(1, 3).toByteArray()).containsExactly(0xde, 0xad);
    assertThatThrownBy(() -> slice.get(5)).isInstanceOf(IndexOutOfBoundsException.class);
    assertThatThrownBy(() -> slice.slice(2, 6)).isInstanceOf(IndexOutOfBoundsException.class);
    ByteBuffer buffer = slice.asReadOnlyByteBuffer();
    assertThat(buffer.isReadOnly()).isTrue();
    assertThat(buffer.remaining()).isEqualTo(5);
    assertThat(buffer.get(0)).isEqualTo((byte) 0x04);
    byte[] target = new byte[7];
    slice.copyTo(target, 1);
    assertThat(target).containsExactly(0, 0x04, 0xde, 0xad, 0xbe, 0xef, 0);
  }

  @Test
  void slicesAreEqualByContentWhereverTheyLive() {
    ByteSlice a = ByteSlice.wrap(BIG, 7, 4);
    ByteSlice b = ByteSlice.wrap(Vectors.hex("deadbeef"));
    assertThat(a).isEqualTo(b).hasSameHashCodeAs(b);
    assertThat(a).isNotEqualTo(ByteSlice.wrap(BIG, 6, 4));
    assertThat(a.toString()).doesNotContain("dead");
  }

  @Test
  void encodingAViewWritesOnlyItsRange() {
    byte[] encoded = CompactEncoding.encode(Codecs.BUFFER_VIEW, ByteSlice.wrap(BIG, 7, 4));
    assertThat(Vectors.toHex(encoded)).isEqualTo("04deadbeef");
    byte[] raw = CompactEncoding.encode(Codecs.RAW_VIEW, ByteSlice.wrap(BIG, 7, 4));
    assertThat(Vectors.toHex(raw)).isEqualTo("deadbeef");
  }
}
