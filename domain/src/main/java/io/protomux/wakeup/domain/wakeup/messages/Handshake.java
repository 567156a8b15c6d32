package io.protomux.wakeup.domain.wakeup.messages;

import io.protomux.wakeup.domain.Key32;
import io.protomux.wakeup.domain.encoding.CompactEncoding;
import java.util.Objects;

/**
 * {@code @wakeup/handshake}, sent when the wakeup channel opens: {@code uint version || fixed32
 * capability || uint flags (bit 0: active)}.
 *
 * @param version the protocol version; the reference sends 0
 * @param capability the capability proof: a hash binding the shared capability to this stream's
 *     Noise handshake (not the capability itself)
 * @param active whether the sender has an active session on the topic
 */
public record Handshake(long version, Key32 capability, boolean active) {
  /**
   * @throws IllegalArgumentException if version is outside 0..2^53-1
   */
  public Handshake {
    if (version < 0 || version > CompactEncoding.MAX_SAFE_INTEGER) {
      throw new IllegalArgumentException("version out of uint range 0..2^53-1: " + version);
    }
    Objects.requireNonNull(capability, "capability");
  }
}
