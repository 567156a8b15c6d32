package io.protomux.wakeup.domain.hyperdht;

import io.protomux.wakeup.domain.dht.PeerAddress;
import java.util.Arrays;
import java.util.Objects;

/**
 * The value of a PEER_HANDSHAKE request or reply ({@code handshake} in the reference's {@code
 * messages.js}): one Noise IK message on its way between a client and a server, with the
 * addresses the relays add.
 *
 * @param mode who sends it, one of the {@code MODE_} constants of {@link HyperDhtConstants} (any
 *     uint decodes)
 * @param noise the Noise IK message, opaque to relays (copied in and out; never null)
 * @param peerAddress depending on the mode, the client as the first relay saw it or, in a REPLY,
 *     the server; null when absent
 * @param relayAddress the first relay (FROM_SECOND_RELAY), or the node a client asks to be
 *     forwarded to; null when absent
 */
public record HandshakeMessage(
    long mode, byte[] noise, PeerAddress peerAddress, PeerAddress relayAddress) {
  /** Flag bit: a peer address follows the noise message. */
  public static final int FLAG_PEER_ADDRESS = 1;
  /** Flag bit: a relay address follows. */
  public static final int FLAG_RELAY_ADDRESS = 2;

  /** @throws IllegalArgumentException if the mode is not a uint */
  public HandshakeMessage {
    Wire.uint(mode, "mode");
    noise = Objects.requireNonNull(noise, "noise").clone();
  }

  @Override
  public byte[] noise() {
    return noise.clone();
  }

  /** The flags this message is encoded with. */
  public int flags() {
    return (peerAddress != null ? FLAG_PEER_ADDRESS : 0)
        | (relayAddress != null ? FLAG_RELAY_ADDRESS : 0);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof HandshakeMessage that
        && mode == that.mode
        && Arrays.equals(noise, that.noise)
        && Objects.equals(peerAddress, that.peerAddress)
        && Objects.equals(relayAddress, that.relayAddress);
  }

  @Override
  public int hashCode() {
    return Objects.hash(mode, Arrays.hashCode(noise), peerAddress, relayAddress);
  }

  @Override
  public String toString() {
    return "HandshakeMessage[mode=" + mode + ", noise=" + Wire.hex(noise) + ", peerAddress="
        + peerAddress + ", relayAddress=" + relayAddress + "]";
  }
}
