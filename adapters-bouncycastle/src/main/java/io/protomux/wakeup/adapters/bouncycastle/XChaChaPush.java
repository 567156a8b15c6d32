package io.protomux.wakeup.adapters.bouncycastle;

import io.protomux.wakeup.ports.crypto.SecretStream;
import java.util.Arrays;
import java.util.Objects;

/** The encrypting half of a libsodium secretstream. */
final class XChaChaPush implements SecretStream.Push {
  private final XChaChaStreamState state;
  private final byte[] header;

  XChaChaPush(XChaChaStreamState state, byte[] header) {
    this.state = state;
    this.header = header.clone();
  }

  @Override
  public byte[] header() {
    return header.clone();
  }

  @Override
  public int push(byte[] message, int offset, int length, int tag, byte[] out, int outOffset) {
    Objects.checkFromIndexSize(offset, length, message.length);
    if (length > Integer.MAX_VALUE - SecretStream.ABYTES) {
      throw new IllegalArgumentException("message of " + length + " bytes is too long");
    }
    int total = length + SecretStream.ABYTES;
    Objects.checkFromIndexSize(outOffset, total, out.length);
    if (tag < 0 || tag > 0xff) {
      throw new IllegalArgumentException("tag must be one byte, got " + tag);
    }
    if (XChaChaRegions.overlap(message, offset, length, out, outOffset, total)) {
      message = Arrays.copyOfRange(message, offset, offset + length);
      offset = 0;
    }

    int body = outOffset + 1;
    int macOffset = body + length;
    int encryptedTag = state.start(tag, false);
    state.crypt(message, offset, length, out, body);
    state.authenticate(out, body, length);
    state.finishMac(length, out, macOffset);
    out[outOffset] = (byte) encryptedTag;
    state.advance(out, macOffset, tag);
    return total;
  }

  /** Test hook into the shared state (counter wrap, explicit rekey). */
  XChaChaStreamState state() {
    return state;
  }
}
