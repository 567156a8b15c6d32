package io.protomux.wakeup.adapters.bouncycastle;

import io.protomux.wakeup.ports.crypto.CryptoException;
import io.protomux.wakeup.ports.crypto.SecretStream;
import java.util.Arrays;
import java.util.Objects;

/** The decrypting half of a libsodium secretstream. */
final class XChaChaPull implements SecretStream.Pull {
  private static final int MAC_BYTES = 16;

  private final XChaChaStreamState state;
  private final byte[] expectedMac = new byte[MAC_BYTES];

  XChaChaPull(XChaChaStreamState state) {
    this.state = state;
  }

  @Override
  public int pull(byte[] ciphertext, int offset, int length, byte[] out, int outOffset) {
    Objects.checkFromIndexSize(offset, length, ciphertext.length);
    if (length < SecretStream.ABYTES) {
      throw new CryptoException(
          "secretstream message of " + length + " bytes is shorter than its "
              + SecretStream.ABYTES + "-byte overhead");
    }
    int messageLength = length - SecretStream.ABYTES;
    Objects.checkFromIndexSize(outOffset, messageLength, out.length);

    int body = offset + 1;
    int tag = state.start(ciphertext[offset] & 0xff, true);
    state.authenticate(ciphertext, body, messageLength);
    state.finishMac(messageLength, expectedMac, 0);
    // Verified before any plaintext exists, so a forgery leaves out untouched and the state as it
    // was (advance has not run).
    if (!org.bouncycastle.util.Arrays.constantTimeAreEqual(
        MAC_BYTES, expectedMac, 0, ciphertext, body + messageLength)) {
      throw new CryptoException("secretstream message failed authentication");
    }

    if (XChaChaRegions.overlap(ciphertext, body, messageLength, out, outOffset, messageLength)) {
      ciphertext = Arrays.copyOfRange(ciphertext, body, body + messageLength);
      body = 0;
    }
    state.crypt(ciphertext, body, messageLength, out, outOffset);
    state.advance(expectedMac, 0, tag);
    return tag;
  }

  /** Test hook into the shared state (counter wrap, explicit rekey). */
  XChaChaStreamState state() {
    return state;
  }
}
