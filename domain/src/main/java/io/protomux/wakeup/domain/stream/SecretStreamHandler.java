package io.protomux.wakeup.domain.stream;

/** Receives a {@link NoiseSecretStream}'s events, on the stream's event loop. */
public interface SecretStreamHandler {
  /** The handshake completed: keys, handshake hash and remote public key are known. */
  default void onOpen(NoiseSecretStream stream) {}

  /**
   * One decrypted message.
   *
   * @param message the plaintext; the receiver owns the array
   */
  void onMessage(byte[] message);

  /** The transport drained after a {@link NoiseSecretStream#write} returned false. */
  default void onDrain() {}

  /** The remote ended its side; no more messages will arrive. */
  default void onEnd() {}

  /**
   * The stream closed; called once, last.
   *
   * @param cause null for an orderly close, otherwise why it was destroyed
   */
  default void onClose(Throwable cause) {}
}
