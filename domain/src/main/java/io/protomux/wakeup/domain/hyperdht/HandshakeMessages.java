package io.protomux.wakeup.domain.hyperdht;

import io.protomux.wakeup.domain.dht.PeerAddress;
import io.protomux.wakeup.domain.encoding.EncodingException;
import io.protomux.wakeup.domain.encoding.State;
import java.util.List;

/**
 * Codecs of the connection-setup messages that relays pass between client and server, byte-exact
 * with hyperdht 6.34.0's {@code messages.js}: {@link HandshakeMessage} (the PEER_HANDSHAKE
 * value), {@link HolepunchMessage} (the PEER_HOLEPUNCH value) and the {@link HolepunchPayload}
 * sealed inside the latter.
 *
 * <p>Decoding follows the reference: flag bits it does not know are ignored and so are bytes
 * after the last field. It throws only {@link EncodingException}, for truncated input, a uint
 * beyond 2^53-1, or a list longer than its cap in {@link HyperDhtLimits} or than the bytes left.
 */
public final class HandshakeMessages {
  private HandshakeMessages() {}

  /** {@code uint flags || uint mode || buffer noise || [ipv4 peerAddress] || [ipv4 relayAddress]}. */
  public static byte[] encode(HandshakeMessage m) {
    byte[] noise = m.noise();
    State state = new State();
    Wire.preencodeUint(state, m.flags());
    Wire.preencodeUint(state, m.mode());
    Wire.preencodeBuffer(state, noise);
    if (m.peerAddress() != null) state.add(PeerAddress.ENCODED_LENGTH);
    if (m.relayAddress() != null) state.add(PeerAddress.ENCODED_LENGTH);
    state.allocate();
    Wire.encodeUint(state, m.flags());
    Wire.encodeUint(state, m.mode());
    Wire.encodeBuffer(state, noise);
    if (m.peerAddress() != null) m.peerAddress().encode(state);
    if (m.relayAddress() != null) m.relayAddress().encode(state);
    return state.buffer();
  }

  /**
   * Decodes a PEER_HANDSHAKE value.
   *
   * @throws EncodingException if the bytes are truncated or malformed
   */
  public static HandshakeMessage decodeHandshake(byte[] bytes) {
    State state = State.wrap(bytes);
    long flags = Wire.readUint(state);
    long mode = Wire.readUint(state);
    byte[] noise = Wire.readBuffer(state);
    PeerAddress peer =
        (flags & HandshakeMessage.FLAG_PEER_ADDRESS) != 0 ? PeerAddress.decode(state) : null;
    PeerAddress relay =
        (flags & HandshakeMessage.FLAG_RELAY_ADDRESS) != 0 ? PeerAddress.decode(state) : null;
    return new HandshakeMessage(mode, noise, peer, relay);
  }

  /** {@code uint flags || uint mode || uint id || buffer payload || [ipv4 peerAddress]}. */
  public static byte[] encode(HolepunchMessage m) {
    byte[] payload = m.payload();
    int flags = m.peerAddress() != null ? HolepunchMessage.FLAG_PEER_ADDRESS : 0;
    State state = new State();
    Wire.preencodeUint(state, flags);
    Wire.preencodeUint(state, m.mode());
    Wire.preencodeUint(state, m.id());
    Wire.preencodeBuffer(state, payload);
    if (m.peerAddress() != null) state.add(PeerAddress.ENCODED_LENGTH);
    state.allocate();
    Wire.encodeUint(state, flags);
    Wire.encodeUint(state, m.mode());
    Wire.encodeUint(state, m.id());
    Wire.encodeBuffer(state, payload);
    if (m.peerAddress() != null) m.peerAddress().encode(state);
    return state.buffer();
  }

  /**
   * Decodes a PEER_HOLEPUNCH value.
   *
   * @throws EncodingException if the bytes are truncated or malformed
   */
  public static HolepunchMessage decodeHolepunch(byte[] bytes) {
    State state = State.wrap(bytes);
    long flags = Wire.readUint(state);
    long mode = Wire.readUint(state);
    long id = Wire.readUint(state);
    byte[] payload = Wire.readBuffer(state);
    PeerAddress peer =
        (flags & HolepunchMessage.FLAG_PEER_ADDRESS) != 0 ? PeerAddress.decode(state) : null;
    return new HolepunchMessage(mode, id, payload, peer);
  }

  /**
   * {@code uint flags || uint error || uint firewall || uint round || [array(ipv4) addresses] ||
   * [ipv4 remoteAddress] || [fixed32 token] || [fixed32 remoteToken]}.
   */
  public static byte[] encode(HolepunchPayload m) {
    byte[] token = m.token();
    byte[] remoteToken = m.remoteToken();
    List<PeerAddress> addresses = m.addresses();
    State state = new State();
    Wire.preencodeUint(state, m.flags());
    Wire.preencodeUint(state, m.error());
    Wire.preencodeUint(state, m.firewall());
    Wire.preencodeUint(state, m.round());
    if (addresses != null) Wire.preencodeIpv4s(state, addresses);
    if (m.remoteAddress() != null) state.add(PeerAddress.ENCODED_LENGTH);
    if (token != null) state.add(token.length);
    if (remoteToken != null) state.add(remoteToken.length);
    state.allocate();
    Wire.encodeUint(state, m.flags());
    Wire.encodeUint(state, m.error());
    Wire.encodeUint(state, m.firewall());
    Wire.encodeUint(state, m.round());
    if (addresses != null) Wire.encodeIpv4s(state, addresses);
    if (m.remoteAddress() != null) m.remoteAddress().encode(state);
    if (token != null) Wire.encodeFixed(state, token);
    if (remoteToken != null) Wire.encodeFixed(state, remoteToken);
    return state.buffer();
  }

  /**
   * Decodes an opened holepunch payload.
   *
   * @throws EncodingException if the bytes are truncated or malformed, or carry more than {@link
   *     HyperDhtLimits#MAX_ADDRESSES} addresses
   */
  public static HolepunchPayload decodeHolepunchPayload(byte[] bytes) {
    State state = State.wrap(bytes);
    long flags = Wire.readUint(state);
    long error = Wire.readUint(state);
    long firewall = Wire.readUint(state);
    long round = Wire.readUint(state);
    List<PeerAddress> addresses =
        (flags & HolepunchPayload.FLAG_ADDRESSES) != 0
            ? Wire.readIpv4s(state, HyperDhtLimits.MAX_ADDRESSES, "addresses")
            : null;
    PeerAddress remote =
        (flags & HolepunchPayload.FLAG_REMOTE_ADDRESS) != 0 ? PeerAddress.decode(state) : null;
    byte[] token =
        (flags & HolepunchPayload.FLAG_TOKEN) != 0 ? Wire.readFixed(state, 32, "token") : null;
    byte[] remoteToken =
        (flags & HolepunchPayload.FLAG_REMOTE_TOKEN) != 0
            ? Wire.readFixed(state, 32, "remoteToken")
            : null;
    return new HolepunchPayload(
        error,
        firewall,
        round,
        (flags & HolepunchPayload.FLAG_CONNECTED) != 0,
        (flags & HolepunchPayload.FLAG_PUNCHING) != 0,
        addresses,
        remote,
        token,
        remoteToken);
  }
}
