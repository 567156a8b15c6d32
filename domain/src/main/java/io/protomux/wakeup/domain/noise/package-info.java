/**
 * The Noise handshakes of the stack as state machines without I/O: {@link
 * io.protomux.wakeup.domain.noise.NoiseHandshake}, the XX handshake {@code @hyperswarm/secret-stream}
 * runs on a connection, and {@link io.protomux.wakeup.domain.noise.NoiseIkHandshake}, the IK
 * handshake hyperdht relays through the DHT to connect to a server by its public key. Each hands out
 * the messages to send and takes the remote's, and a completed handshake yields a {@link
 * io.protomux.wakeup.domain.noise.HandshakeResult} with the transport keys, the handshake hash and
 * both static public keys; {@link io.protomux.wakeup.domain.noise.HandshakeSecrets} derives further
 * secrets from that hash. Anything the remote gets wrong ends the handshake with a {@link
 * io.protomux.wakeup.domain.noise.NoiseException}.
 */
package io.protomux.wakeup.domain.noise;
