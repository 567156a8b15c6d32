package io.protomux.wakeup.domain.hyperdht;

import java.util.Arrays;
import java.util.Objects;

/**
 * What a mutable value's signature covers ({@code mutableSignable} in the reference's {@code
 * messages.js}); hashed for the signable, never sent.
 *
 * @param seq the value's sequence number
 * @param value the value (copied in and out; never null, may be empty)
 */
public record MutableSignable(long seq, byte[] value) {
  /** @throws IllegalArgumentException if seq is not a uint */
  public MutableSignable {
    Wire.uint(seq, "seq");
    value = Objects.requireNonNull(value, "value").clone();
  }

  @Override
  public byte[] value() {
    return value.clone();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof MutableSignable that && seq == that.seq && Arrays.equals(value, that.value);
  }

  @Override
  public int hashCode() {
    return Long.hashCode(seq) * 31 + Arrays.hashCode(value);
  }

  @Override
  public String toString() {
    return "MutableSignable[seq=" + seq + ", value=" + Wire.hex(value) + "]";
  }
}
