package io.protomux.wakeup.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class Key32Test {
  private static final String HEX =
      "e0befc611c4bd14b4d2f0d6c78a0de8d98c747217912f27ac7f67b06476bde3d";

  @Test
  void hexRoundTripsAndToStringIsTheHex() {
    Key32 key = Key32.fromHex(HEX);
    assertThat(key.toHex()).isEqualTo(HEX);
    assertThat(key).hasToString(HEX);
    assertThat(Key32.fromHex(HEX.toUpperCase())).isEqualTo(key);
  }

  @Test
  void equalityIsByContent() {
    byte[] bytes = Key32.fromHex(HEX).bytes();
    Key32 a = Key32.of(bytes);
    Key32 b = Key32.of(bytes.clone());
    assertThat(a).isEqualTo(b).hasSameHashCodeAs(b);
    bytes[31] ^= 1;
    assertThat(Key32.of(bytes)).isNotEqualTo(a);
  }

  @Test
  void copiesInAndOut() {
    byte[] bytes = new byte[32];
    Key32 key = Key32.of(bytes);
    bytes[0] = 9;
    assertThat(key.bytes()[0]).as("input copied").isZero();
    key.bytes()[1] = 9;
    assertThat(key.bytes()[1]).as("output copied").isZero();
  }

  @Test
  void readsAndWritesInsideALargerArray() {
    byte[] big = new byte[40];
    Arrays.fill(big, 4, 36, (byte) 7);
    Key32 key = Key32.of(big, 4);
    byte[] sevens = new byte[32];
    Arrays.fill(sevens, (byte) 7);
    assertThat(key.bytes()).isEqualTo(sevens);

    byte[] target = new byte[34];
    key.copyTo(target, 1);
    assertThat(target[0]).isZero();
    assertThat(Arrays.copyOfRange(target, 1, 33)).isEqualTo(sevens);
    assertThat(target[33]).isZero();
    assertThatThrownBy(() -> key.copyTo(target, 3)).isInstanceOf(IndexOutOfBoundsException.class);
    assertThatThrownBy(() -> Key32.of(big, 9)).isInstanceOf(IndexOutOfBoundsException.class);
  }

  @Test
  void refusesTheWrongSize() {
    assertThatThrownBy(() -> Key32.of(new byte[31]))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Key32 needs exactly 32 bytes, got 31");
    assertThatThrownBy(() -> Key32.of(new byte[33])).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Key32.fromHex(HEX + "00"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Key32.fromHex(HEX.replace('e', 'g')))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
