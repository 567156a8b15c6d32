/**
 * The Noise XX handshake of {@code @hyperswarm/secret-stream}
 * ({@code Noise_XX_Ed25519_ChaChaPoly_BLAKE2b}) as a state machine without I/O: {@link
 * io.protomux.wakeup.domain.noise.NoiseHandshake} hands out the messages to send and takes the
 * remote's, and a completed handshake yields a {@link
 * io.protomux.wakeup.domain.noise.HandshakeResult} with the transport keys, the handshake hash and
 * both static public keys. Anything the remote gets wrong ends the handshake with a {@link
 * io.protomux.wakeup.domain.noise.NoiseException}.
 */
package io.protomux.wakeup.domain.noise;
