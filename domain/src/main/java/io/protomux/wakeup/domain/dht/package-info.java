/**
 * The dht-rpc 6.27.0 wire layer, sans-IO: the datagram codec of the reference's {@code lib/io.js}
 * and {@code lib/messages.js}, node ids and tokens.
 *
 * <p>What is here:
 *
 * <ul>
 *   <li>{@link io.protomux.wakeup.domain.dht.PeerAddress}: an IPv4 host and port, encoded as the
 *       four octets in written order then the port as uint16 <b>little-endian</b> (6 bytes).
 *   <li>{@link io.protomux.wakeup.domain.dht.NodeId}: a node's id is BLAKE2b-256 of its address
 *       encoding; a received id is kept only if it matches the datagram's source address.
 *   <li>{@link io.protomux.wakeup.domain.dht.DhtRequest} (type byte {@code 0x03}) and {@link
 *       io.protomux.wakeup.domain.dht.DhtResponse} ({@code 0x13}), encoded and decoded by {@link
 *       io.protomux.wakeup.domain.dht.Messages}.
 *   <li>{@link io.protomux.wakeup.domain.dht.Commands}: internal command numbers and error codes;
 *       the {@code internal} flag, not the number, tells PING (internal 0) from hyperdht's
 *       PEER_HANDSHAKE (user 0).
 *   <li>{@link io.protomux.wakeup.domain.dht.TokenSecrets}: the two rotating secrets that tokens
 *       are keyed with.
 * </ul>
 *
 * <p>Everything is immutable and free of I/O, clocks and randomness: callers supply secrets and
 * hashing (through the {@link io.protomux.wakeup.ports.crypto.Blake2b} port). Decoding hostile
 * bytes only ever fails with {@link io.protomux.wakeup.domain.encoding.EncodingException}, and
 * allocates no more than the input's own size (see {@link
 * io.protomux.wakeup.domain.dht.Messages#MAX_CLOSER_NODES}).
 */
package io.protomux.wakeup.domain.dht;
