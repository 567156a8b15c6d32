package io.protomux.wakeup.domain.wakeup.messages;

import io.protomux.wakeup.domain.Key32;
import io.protomux.wakeup.domain.encoding.CompactEncoding;
import java.util.Objects;

/**
 * One entry of an announce (the schema's {@code @wakeup/writer}): {@code fixed32 key || uint
 * length}.
 *
 * @param key the writer's key
 * @param length the length the sender has for it
 */
public record Wakeup(Key32 key, long length) {
  /**
   * @throws IllegalArgumentException if length is outside 0..2^53-1
   */
  public Wakeup {
    Objects.requireNonNull(key, "key");
    if (length < 0 || length > CompactEncoding.MAX_SAFE_INTEGER) {
      throw new IllegalArgumentException("length out of uint range 0..2^53-1: " + length);
    }
  }
}
