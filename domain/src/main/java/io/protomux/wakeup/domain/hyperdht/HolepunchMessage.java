package io.protomux.wakeup.domain.hyperdht;

import io.protomux.wakeup.domain.dht.PeerAddress;
import java.util.Arrays;
import java.util.Objects;

/**
 * The value of a PEER_HOLEPUNCH request or reply ({@code holepunch} in the reference's {@code
 * messages.js}): a sealed {@link HolepunchPayload} on its way between a client and a server.
 *
 * @param mode who sends it, one of the {@code MODE_} constants of {@link HyperDhtConstants}
 * @param id the server's handshake slot, from the server's {@link NoisePayload.Holepunch#id()}
 *     (the server's own messages carry 0)
 * @param payload the sealed holepunch payload (copied in and out; never null)
 * @param peerAddress the other side as a relay saw it, or where a relay should forward; null when
 *     absent
 */
public record HolepunchMessage(long mode, long id, byte[] payload, PeerAddress peerAddress) {
  /** Flag bit: a peer address follows the payload. */
  public static final int FLAG_PEER_ADDRESS = 1;

  /** @throws IllegalArgumentException if the mode or id is not a uint */
  public HolepunchMessage {
    Wire.uint(mode, "mode");
    Wire.uint(id, "id");
    payload = Objects.requireNonNull(payload, "payload").clone();
  }

  @Override
  public byte[] payload() {
    return payload.clone();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof HolepunchMessage that
        && mode == that.mode
        && id == that.id
        && Arrays.equals(payload, that.payload)
        && Objects.equals(peerAddress, that.peerAddress);
  }

  @Override
  public int hashCode() {
    return Objects.hash(mode, id, Arrays.hashCode(payload), peerAddress);
  }

  @Override
  public String toString() {
    return "HolepunchMessage[mode=" + mode + ", id=" + id + ", payload=" + Wire.hex(payload)
        + ", peerAddress=" + peerAddress + "]";
  }
}
