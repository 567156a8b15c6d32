/**
 * The encrypted stream of {@code @hyperswarm/secret-stream} over one byte connection: {@link
 * io.protomux.wakeup.domain.stream.NoiseSecretStream} runs the Noise XX handshake (or takes the
 * keys of hyperdht's IK handshake, made elsewhere), exchanges the stream-id headers, then encrypts every message with secretstream and frames it as {@code uint24
 * LE length || body}, reporting to a {@link io.protomux.wakeup.domain.stream.SecretStreamHandler}
 * on the connection's event loop. {@link io.protomux.wakeup.domain.stream.StreamOptions} sets the
 * frame size and the handshake, idle and keep-alive timers; a peer that breaks the protocol or goes
 * over a limit has its stream destroyed with a {@link
 * io.protomux.wakeup.domain.stream.SecretStreamException} that says why.
 */
package io.protomux.wakeup.domain.stream;
