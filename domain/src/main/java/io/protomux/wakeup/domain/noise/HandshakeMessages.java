package io.protomux.wakeup.domain.noise;

import io.protomux.wakeup.ports.crypto.Crypto;
import io.protomux.wakeup.ports.crypto.CryptoException;
import java.util.Arrays;

/** What the XX and IK handshakes share beyond the symmetric state: DH tokens and message bytes. */
final class HandshakeMessages {
  static final int DHLEN = 32;
  static final int TAGLEN = 16;

  private HandshakeMessages() {}

  /**
   * One of the {@code ee, es, se, ss} tokens: MixKey(DH(local, remote)). The local secret is a
   * copy and is wiped, as is the shared secret; a remote key the DH refuses fails the handshake.
   */
  static void mixDh(Crypto crypto, SymmetricState state, byte[] localSecret, byte[] remotePublic) {
    byte[] shared;
    try {
      shared = crypto.dh(localSecret, remotePublic);
    } catch (CryptoException e) {
      throw new NoiseException("remote key refused: " + e.getMessage(), e);
    } finally {
      Arrays.fill(localSecret, (byte) 0);
    }
    state.mixKey(shared);
    Arrays.fill(shared, (byte) 0);
  }

  /**
   * Refuses a call out of turn, or any call once the handshake failed or completed: both handshake
   * patterns keep the same rules and messages.
   */
  static void checkTurn(boolean failed, boolean complete, boolean myTurn, boolean sending) {
    if (failed) {
      throw new NoiseException("handshake already failed");
    }
    if (complete) {
      throw new NoiseException("handshake already complete");
    }
    if (myTurn != sending) {
      throw new NoiseException(
          sending ? "not this side's turn to send" : "received a handshake message out of turn");
    }
  }

  /** What a failed step throws: its own {@link NoiseException}, or one wrapping the cause. */
  static NoiseException failure(RuntimeException cause) {
    return cause instanceof NoiseException noise
        ? noise
        : new NoiseException("handshake failed: " + cause.getMessage(), cause);
  }

  static byte[] concat(byte[]... parts) {
    int length = 0;
    for (byte[] part : parts) {
      length += part.length;
    }
    byte[] out = new byte[length];
    int offset = 0;
    for (byte[] part : parts) {
      System.arraycopy(part, 0, out, offset, part.length);
      offset += part.length;
    }
    return out;
  }

  /** Splits a received message into its tokens, refusing one that is too short. */
  static final class Reader {
    private final byte[] message;
    private int offset;

    Reader(byte[] message) {
      if (message == null) {
        throw new NoiseException("handshake message missing");
      }
      this.message = message;
    }

    byte[] take(int length) {
      if (message.length - offset < length) {
        throw new NoiseException("handshake message too short: " + message.length + " bytes");
      }
      byte[] out = Arrays.copyOfRange(message, offset, offset + length);
      offset += length;
      return out;
    }

    byte[] rest() {
      return take(message.length - offset);
    }

    int remaining() {
      return message.length - offset;
    }
  }
}
