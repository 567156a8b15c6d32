package io.protomux.wakeup.domain.wakeup.messages;

import io.protomux.wakeup.domain.Key32;
import io.protomux.wakeup.domain.encoding.Codec;
import io.protomux.wakeup.domain.encoding.State;
import java.util.Objects;

/** {@code fixed32} as a {@link Key32}, copied straight between the key and the state's array. */
final class Key32Codec implements Codec<Key32> {
  static final Key32Codec INSTANCE = new Key32Codec();

  private Key32Codec() {}

  @Override
  public void preencode(State state, Key32 value) {
    Objects.requireNonNull(value, "key");
    state.add(Key32.LENGTH);
  }

  @Override
  public void encode(State state, Key32 value) {
    int at = state.reserve(Key32.LENGTH);
    value.copyTo(state.buffer(), at);
  }

  @Override
  public Key32 decode(State state) {
    int at = state.take(Key32.LENGTH, "fixed32");
    return Key32.of(state.buffer(), at);
  }

  @Override
  public String toString() {
    return "fixed32";
  }
}
