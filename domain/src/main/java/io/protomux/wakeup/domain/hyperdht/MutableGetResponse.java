package io.protomux.wakeup.domain.hyperdht;

import java.util.Arrays;
import java.util.Objects;

/**
 * The value of a MUTABLE_GET reply ({@code mutableGetResponse} in the reference's {@code
 * messages.js}); the asker checks the signature against the key it asked for.
 *
 * @param seq the stored value's sequence number
 * @param value the value (copied in and out; never null, may be empty)
 * @param signature the owner's 64-byte signature over the mutable signable (copied in and out)
 */
public record MutableGetResponse(long seq, byte[] value, byte[] signature) {
  /** @throws IllegalArgumentException if seq is not a uint or the signature is not 64 bytes */
  public MutableGetResponse {
    Wire.uint(seq, "seq");
    value = Objects.requireNonNull(value, "value").clone();
    signature = Wire.fixed(Objects.requireNonNull(signature, "signature"), 64, "signature");
  }

  @Override
  public byte[] value() {
    return value.clone();
  }

  @Override
  public byte[] signature() {
    return signature.clone();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof MutableGetResponse that
        && seq == that.seq
        && Arrays.equals(value, that.value)
        && Arrays.equals(signature, that.signature);
  }

  @Override
  public int hashCode() {
    return Objects.hash(seq, Arrays.hashCode(value), Arrays.hashCode(signature));
  }

  @Override
  public String toString() {
    return "MutableGetResponse[seq=" + seq + ", value=" + Wire.hex(value) + ", signature="
        + Wire.hex(signature) + "]";
  }
}
