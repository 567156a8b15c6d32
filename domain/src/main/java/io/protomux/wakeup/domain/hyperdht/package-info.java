/**
 * The hyperdht 6.34.0 message layer, sans-IO: the values its user commands carry and the
 * signatures of its storage commands, byte-exact with the reference's {@code lib/messages.js},
 * {@code lib/constants.js} and {@code lib/persistent.js}.
 *
 * <ul>
 *   <li>{@link io.protomux.wakeup.domain.hyperdht.HyperDhtConstants}: command numbers, firewall
 *       kinds, error codes and message modes; {@link
 *       io.protomux.wakeup.domain.hyperdht.Namespaces}: the hashed namespaces.
 *   <li>{@link io.protomux.wakeup.domain.hyperdht.HandshakeMessages}: PEER_HANDSHAKE and
 *       PEER_HOLEPUNCH values and the holepunch payload; {@link
 *       io.protomux.wakeup.domain.hyperdht.NoisePayloads}: the payload inside Noise IK messages.
 *   <li>{@link io.protomux.wakeup.domain.hyperdht.PeerRecords}: peer records, LOOKUP replies and
 *       announces; {@link io.protomux.wakeup.domain.hyperdht.ValueMessages}: mutable values and
 *       plugin requests.
 *   <li>{@link io.protomux.wakeup.domain.hyperdht.AnnounceSignatures}: the signables, signing
 *       and verifying through the crypto port.
 * </ul>
 *
 * <p>Addresses are dht-rpc's {@link io.protomux.wakeup.domain.dht.PeerAddress} (IPv4, port
 * little-endian) and {@link io.protomux.wakeup.domain.hyperdht.Ipv6Address}. Decoding hostile
 * bytes fails only with {@link io.protomux.wakeup.domain.encoding.EncodingException}, and every
 * list is bounded by its cap in {@link io.protomux.wakeup.domain.hyperdht.HyperDhtLimits} and by
 * the bytes left, so nothing is allocated beyond what the input holds.
 */
package io.protomux.wakeup.domain.hyperdht;
