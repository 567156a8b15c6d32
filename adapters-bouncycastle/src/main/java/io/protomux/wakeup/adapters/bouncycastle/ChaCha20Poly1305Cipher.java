package io.protomux.wakeup.adapters.bouncycastle;

import io.protomux.wakeup.ports.crypto.ChaChaPoly;
import io.protomux.wakeup.ports.crypto.CryptoException;
import org.bouncycastle.crypto.InvalidCipherTextException;
import org.bouncycastle.crypto.modes.ChaCha20Poly1305;
import org.bouncycastle.crypto.params.AEADParameters;
import org.bouncycastle.crypto.params.KeyParameter;

/** {@link ChaChaPoly} on Bouncy Castle's RFC 8439 AEAD. */
public final class ChaCha20Poly1305Cipher implements ChaChaPoly {
  private static final int KEY_BYTES = 32;

  @Override
  public byte[] encrypt(byte[] key, long counter, byte[] associatedData, byte[] plaintext) {
    ChaCha20Poly1305 aead = init(true, key, counter, associatedData);
    byte[] out = new byte[plaintext.length + TAG_BYTES];
    int written = aead.processBytes(plaintext, 0, plaintext.length, out, 0);
    try {
      aead.doFinal(out, written);
    } catch (InvalidCipherTextException e) {
      throw new IllegalStateException("encryption cannot fail authentication", e);
    }
    return out;
  }

  @Override
  public byte[] decrypt(byte[] key, long counter, byte[] associatedData, byte[] ciphertext) {
    if (ciphertext.length < TAG_BYTES) {
      throw new CryptoException(
          "ciphertext of " + ciphertext.length + " bytes is shorter than its 16-byte tag");
    }
    ChaCha20Poly1305 aead = init(false, key, counter, associatedData);
    byte[] out = new byte[ciphertext.length - TAG_BYTES];
    int written = aead.processBytes(ciphertext, 0, ciphertext.length, out, 0);
    try {
      aead.doFinal(out, written);
    } catch (InvalidCipherTextException e) {
      throw new CryptoException("ciphertext failed authentication");
    }
    return out;
  }

  private static ChaCha20Poly1305 init(
      boolean encrypt, byte[] key, long counter, byte[] associatedData) {
    if (key.length != KEY_BYTES) {
      throw new IllegalArgumentException("ChaCha20-Poly1305 key must be 32 bytes, got " + key.length);
    }
    ChaCha20Poly1305 aead = new ChaCha20Poly1305();
    aead.init(
        encrypt,
        new AEADParameters(new KeyParameter(key), TAG_BYTES * 8, nonce(counter), associatedData));
    return aead;
  }

  // Noise's ChaChaPoly nonce: 32 zero bits, then the counter as a little-endian uint64.
  private static byte[] nonce(long counter) {
    byte[] nonce = new byte[12];
    for (int i = 0; i < 8; i++) {
      nonce[4 + i] = (byte) (counter >>> (8 * i));
    }
    return nonce;
  }
}
