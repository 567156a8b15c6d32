package io.protomux.wakeup.adapters.bouncycastle;

import static org.assertj.core.api.Assertions.assertThat;

import io.protomux.wakeup.ports.crypto.RandomSource;
import org.junit.jupiter.api.Test;

class RandomSourcesTest {
  @Test
  void sameSeedGivesTheSameBytes() {
    RandomSource a = RandomSources.seeded(42);
    RandomSource b = RandomSources.seeded(42);
    assertThat(a.bytes(100)).isEqualTo(b.bytes(100));
    assertThat(a.bytes(7)).isEqualTo(b.bytes(7));
  }

  @Test
  void differentSeedsAndSuccessiveDrawsDiffer() {
    RandomSource a = RandomSources.seeded(1);
    RandomSource b = RandomSources.seeded(2);
    byte[] first = a.bytes(32);
    assertThat(first).isNotEqualTo(b.bytes(32));
    assertThat(a.bytes(32)).isNotEqualTo(first);
  }

  @Test
  void secureSourceFillsTheWholeArray() {
    byte[] bytes = RandomSources.secure().bytes(64);
    // 64 random bytes being all zero has probability 2^-512.
    assertThat(bytes).isNotEqualTo(new byte[64]);
  }
}
