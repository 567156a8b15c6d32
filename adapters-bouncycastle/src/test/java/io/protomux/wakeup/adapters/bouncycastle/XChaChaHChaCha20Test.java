package io.protomux.wakeup.adapters.bouncycastle;

import static io.protomux.wakeup.testvectors.Vectors.hex;
import static io.protomux.wakeup.testvectors.Vectors.toHex;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class XChaChaHChaCha20Test {
  @Test
  void matchesTheXChaChaDraftVector() {
    // draft-irtf-cfrg-xchacha-03, section 2.2.1.
    byte[] key = hex("000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f");
    byte[] input = hex("000000090000004a0000000031415927");
    byte[] out = new byte[HChaCha20.OUTPUT_BYTES];

    HChaCha20.derive(key, input, 0, out, 0);

    assertThat(toHex(out))
        .isEqualTo("82413b4227b27bfed30e42508a877d73a0f9e4d58a74a853c12ec41326d3ecdc");
  }

  @Test
  void readsInputAndWritesOutputAtTheirOffsets() {
    byte[] key = hex("000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f");
    byte[] input = hex("ffff000000090000004a0000000031415927");
    byte[] out = new byte[HChaCha20.OUTPUT_BYTES + 3];

    HChaCha20.derive(key, input, 2, out, 3);

    assertThat(toHex(out))
        .isEqualTo("00000082413b4227b27bfed30e42508a877d73a0f9e4d58a74a853c12ec41326d3ecdc");
  }
}
