package io.protomux.wakeup.domain.hyperdht;

import java.util.Arrays;
import java.util.Objects;

/**
 * The value of a MUTABLE_PUT request ({@code mutablePutRequest} in the reference's {@code
 * messages.js}), stored under H(publicKey).
 *
 * @param publicKey the owner's 32-byte Ed25519 key (copied in and out)
 * @param seq the value's sequence number
 * @param value the value (copied in and out; never null, may be empty)
 * @param signature the owner's 64-byte signature over the mutable signable (copied in and out)
 */
public record MutablePutRequest(byte[] publicKey, long seq, byte[] value, byte[] signature) {
  /** @throws IllegalArgumentException if seq is not a uint or a key or signature has the wrong size */
  public MutablePutRequest {
    publicKey = Wire.fixed(Objects.requireNonNull(publicKey, "publicKey"), 32, "publicKey");
    Wire.uint(seq, "seq");
    value = Objects.requireNonNull(value, "value").clone();
    signature = Wire.fixed(Objects.requireNonNull(signature, "signature"), 64, "signature");
  }

  @Override
  public byte[] publicKey() {
    return publicKey.clone();
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
    return o instanceof MutablePutRequest that
        && seq == that.seq
        && Arrays.equals(publicKey, that.publicKey)
        && Arrays.equals(value, that.value)
        && Arrays.equals(signature, that.signature);
  }

  @Override
  public int hashCode() {
    return Objects.hash(
        Arrays.hashCode(publicKey), seq, Arrays.hashCode(value), Arrays.hashCode(signature));
  }

  @Override
  public String toString() {
    return "MutablePutRequest[publicKey=" + Wire.hex(publicKey) + ", seq=" + seq + ", value="
        + Wire.hex(value) + ", signature=" + Wire.hex(signature) + "]";
  }
}
