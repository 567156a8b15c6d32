package io.protomux.wakeup.domain.hyperdht;

import io.protomux.wakeup.domain.dht.PeerAddress;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * The plaintext of a PEER_HOLEPUNCH payload ({@code holepunchPayload} in the reference's {@code
 * messages.js}), sealed before it is sent: one round of the holepunch exchange.
 *
 * @param error an {@code ERROR_} constant of {@link HyperDhtConstants}: NONE, ABORTED or TRY_LATER
 * @param firewall the sender's puncher NAT kind, a {@code FIREWALL_} constant
 * @param round the client's round counter (the server echoes the highest it saw)
 * @param connected the sender's puncher already received a probe
 * @param punching the sender is punching now, or asks the other side to
 * @param addresses the sender's puncher public addresses, or null when absent (an empty list is
 *     sent as such)
 * @param remoteAddress where the sender thinks the other side is, or null
 * @param token the sender's 32-byte token for the receiver's address, to be echoed, or null
 * @param remoteToken the other side's token echoed back, 32 bytes, or null
 */
public record HolepunchPayload(
    long error,
    long firewall,
    long round,
    boolean connected,
    boolean punching,
    List<PeerAddress> addresses,
    PeerAddress remoteAddress,
    byte[] token,
    byte[] remoteToken) {
  /** Flag bit: connected (no bytes). */
  public static final int FLAG_CONNECTED = 1;
  /** Flag bit: punching (no bytes). */
  public static final int FLAG_PUNCHING = 2;
  /** Flag bit: an address list follows. */
  public static final int FLAG_ADDRESSES = 4;
  /** Flag bit: a remote address follows. */
  public static final int FLAG_REMOTE_ADDRESS = 8;
  /** Flag bit: a token follows. */
  public static final int FLAG_TOKEN = 16;
  /** Flag bit: a remote token follows. */
  public static final int FLAG_REMOTE_TOKEN = 32;

  /**
   * @throws IllegalArgumentException if a number is not a uint, a token not 32 bytes, or the
   *     address list longer than {@link HyperDhtLimits#MAX_ADDRESSES}
   */
  public HolepunchPayload {
    Wire.uint(error, "error");
    Wire.uint(firewall, "firewall");
    Wire.uint(round, "round");
    addresses = Wire.list(addresses, HyperDhtLimits.MAX_ADDRESSES, "addresses");
    token = Wire.fixed(token, 32, "token");
    remoteToken = Wire.fixed(remoteToken, 32, "remoteToken");
  }

  @Override
  public byte[] token() {
    return Wire.copy(token);
  }

  @Override
  public byte[] remoteToken() {
    return Wire.copy(remoteToken);
  }

  /** The flags this payload is encoded with. */
  public int flags() {
    return (connected ? FLAG_CONNECTED : 0)
        | (punching ? FLAG_PUNCHING : 0)
        | (addresses != null ? FLAG_ADDRESSES : 0)
        | (remoteAddress != null ? FLAG_REMOTE_ADDRESS : 0)
        | (token != null ? FLAG_TOKEN : 0)
        | (remoteToken != null ? FLAG_REMOTE_TOKEN : 0);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof HolepunchPayload that
        && error == that.error
        && firewall == that.firewall
        && round == that.round
        && connected == that.connected
        && punching == that.punching
        && Objects.equals(addresses, that.addresses)
        && Objects.equals(remoteAddress, that.remoteAddress)
        && Arrays.equals(token, that.token)
        && Arrays.equals(remoteToken, that.remoteToken);
  }

  @Override
  public int hashCode() {
    return Objects.hash(
        error,
        firewall,
        round,
        connected,
        punching,
        addresses,
        remoteAddress,
        Arrays.hashCode(token),
        Arrays.hashCode(remoteToken));
  }

  @Override
  public String toString() {
    return "HolepunchPayload[error=" + error + ", firewall=" + firewall + ", round=" + round
        + ", connected=" + connected + ", punching=" + punching + ", addresses=" + addresses
        + ", remoteAddress=" + remoteAddress + ", token=" + Wire.hex(token) + ", remoteToken="
        + Wire.hex(remoteToken) + "]";
  }
}
