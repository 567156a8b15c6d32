package io.protomux.wakeup.ports.crypto;

/**
 * libsodium's {@code crypto_secretstream_xchacha20poly1305}, as sodium-secretstream uses it to
 * encrypt each secret-stream message after the handshake.
 */
public interface SecretStream {
  /** Bytes in a key. */
  int KEY_BYTES = 32;
  /** Bytes in the header that {@link Push#header()} produces and a pull state needs. */
  int HEADER_BYTES = 24;
  /** Bytes a pushed message grows by: one encrypted tag byte and a 16-byte MAC. */
  int ABYTES = 17;
  /** Tag of an ordinary message. */
  int TAG_MESSAGE = 0;
  /** Tag that asks for a rekey after this message. */
  int TAG_PUSH = 1;
  /** Tag that forces a rekey after this message. */
  int TAG_REKEY = 2;
  /** Tag of the last message of a stream. */
  int TAG_FINAL = TAG_PUSH | TAG_REKEY;

  /** init_push with a header drawn from this provider's {@link RandomSource}. */
  Push initPush(byte[] key);

  /** init_push with a given header (for vectors and deterministic tests). */
  Push initPush(byte[] key, byte[] header);

  /** init_pull from the remote's header. */
  Pull initPull(byte[] key, byte[] header);

  /** The encrypting half. Not thread-safe: one stream, one thread at a time. */
  interface Push {
    /** A copy of the 24-byte header the pulling side needs. */
    byte[] header();

    /**
     * Encrypts {@code length} bytes at {@code message[offset]} into {@code out[outOffset]},
     * writing exactly {@code length + ABYTES} bytes; no additional data.
     *
     * @return the number of bytes written
     */
    int push(byte[] message, int offset, int length, int tag, byte[] out, int outOffset);

    /** Convenience form of {@link #push(byte[], int, int, int, byte[], int)}. */
    default byte[] push(byte[] message, int tag) {
      byte[] out = new byte[message.length + ABYTES];
      push(message, 0, message.length, tag, out, 0);
      return out;
    }
  }

  /** The decrypting half. Not thread-safe: one stream, one thread at a time. */
  interface Pull {
    /**
     * Decrypts {@code length} bytes at {@code ciphertext[offset]} into {@code out[outOffset]},
     * writing {@code length - ABYTES} bytes; no additional data. On failure nothing is written
     * and the state does not advance.
     *
     * @return the tag of the message
     * @throws CryptoException if the input is shorter than {@code ABYTES} or fails authentication
     */
    int pull(byte[] ciphertext, int offset, int length, byte[] out, int outOffset);
  }
}
