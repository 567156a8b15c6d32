package io.protomux.wakeup.domain.hyperdht;

import java.util.Arrays;
import java.util.Objects;

/**
 * The value of an ANNOUNCE or UNANNOUNCE request ({@code announce} in the reference's {@code
 * messages.js}). Every field is optional on the wire.
 *
 * @param peer the record to store or remove, or null (a refresh-only announce)
 * @param refresh a 32-byte hash-chain value registered with the record, or null; the reference
 *     never sends one
 * @param signature the 64-byte Ed25519 signature over the signable of {@link AnnounceSignatures},
 *     or null
 * @param bump a number storage nodes keep per target, not signed (the reference puts
 *     a time in ms); 0 is not sent
 */
public record AnnounceMessage(PeerRecord peer, byte[] refresh, byte[] signature, long bump) {
  /** Flag bit: a peer record follows. */
  public static final int FLAG_PEER = 1;
  /** Flag bit: a refresh value follows. */
  public static final int FLAG_REFRESH = 2;
  /** Flag bit: a signature follows. */
  public static final int FLAG_SIGNATURE = 4;
  /** Flag bit: a bump follows. */
  public static final int FLAG_BUMP = 8;
  /** Bytes in a refresh value. */
  public static final int REFRESH_BYTES = 32;
  /** Bytes in a signature. */
  public static final int SIGNATURE_BYTES = 64;

  /** @throws IllegalArgumentException if refresh or signature has the wrong size */
  public AnnounceMessage {
    refresh = Wire.fixed(refresh, REFRESH_BYTES, "refresh");
    signature = Wire.fixed(signature, SIGNATURE_BYTES, "signature");
    Wire.uint(bump, "bump");
  }

  @Override
  public byte[] refresh() {
    return Wire.copy(refresh);
  }

  @Override
  public byte[] signature() {
    return Wire.copy(signature);
  }

  /** The flags this message is encoded with. */
  public int flags() {
    return (peer != null ? FLAG_PEER : 0)
        | (refresh != null ? FLAG_REFRESH : 0)
        | (signature != null ? FLAG_SIGNATURE : 0)
        | (bump != 0 ? FLAG_BUMP : 0);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof AnnounceMessage that
        && bump == that.bump
        && Objects.equals(peer, that.peer)
        && Arrays.equals(refresh, that.refresh)
        && Arrays.equals(signature, that.signature);
  }

  @Override
  public int hashCode() {
    return Objects.hash(peer, Arrays.hashCode(refresh), Arrays.hashCode(signature), bump);
  }

  @Override
  public String toString() {
    return "AnnounceMessage[peer=" + peer + ", refresh=" + Wire.hex(refresh) + ", signature="
        + Wire.hex(signature) + ", bump=" + bump + "]";
  }
}
