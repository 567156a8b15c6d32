package io.protomux.wakeup.adapters.bouncycastle;

import io.protomux.wakeup.ports.crypto.Ed25519;
import io.protomux.wakeup.ports.crypto.KeyPair;
import java.math.BigInteger;
import java.security.MessageDigest;
import java.util.Objects;
import org.bouncycastle.crypto.digests.SHA512Digest;

/**
 * libsodium's {@code crypto_sign_detached} and {@code crypto_sign_verify_detached}.
 *
 * <p>Signing is Bouncy Castle's RFC 8032 signer, given libsodium's stored public key. Verifying is
 * written out here instead of calling Bouncy Castle's, whose acceptance differs from libsodium's
 * for keys and R values with a small-order component (it checks a scaled equation); a storage
 * node must accept exactly the records a JS node accepts. As libsodium does: S below the group
 * order L, R and the key not on the small-order blacklist, the key canonical and on the curve,
 * then the cofactorless check that {@code [S]B - [h]A} encodes to R byte for byte.
 */
final class SodiumSignatures {
  private static final int SEED_BYTES = 32;
  private static final int HALF = 32;

  /** The group order L = 2^252 + 27742317777372353535851937790883648493. */
  private static final BigInteger L =
      BigInteger.ONE.shiftLeft(252).add(new BigInteger("27742317777372353535851937790883648493"));

  /** The base point B: y = 4/5, x even. */
  private static final byte[] BASE_POINT = new byte[HALF];

  static {
    BASE_POINT[0] = 0x58;
    for (int i = 1; i < HALF; i++) {
      BASE_POINT[i] = 0x66;
    }
  }

  private SodiumSignatures() {}

  static byte[] sign(byte[] secretKey, byte[] message) {
    Objects.requireNonNull(secretKey, "secretKey");
    Objects.requireNonNull(message, "message");
    if (secretKey.length != KeyPair.SECRET_KEY_BYTES) {
      throw new IllegalArgumentException("secret key must be 64 bytes, got " + secretKey.length);
    }
    byte[] signature = new byte[Ed25519.SIGNATURE_BYTES];
    org.bouncycastle.math.ec.rfc8032.Ed25519.sign(
        secretKey, 0, secretKey, SEED_BYTES, message, 0, message.length, signature, 0);
    return signature;
  }

  static boolean verify(byte[] publicKey, byte[] message, byte[] signature) {
    Objects.requireNonNull(message, "message");
    if (publicKey == null
        || signature == null
        || publicKey.length != KeyPair.PUBLIC_KEY_BYTES
        || signature.length != Ed25519.SIGNATURE_BYTES) {
      return false;
    }
    byte[] r = new byte[HALF];
    byte[] s = new byte[HALF];
    System.arraycopy(signature, 0, r, 0, HALF);
    System.arraycopy(signature, HALF, s, 0, HALF);
    if (!isCanonicalScalar(s) || SodiumPointChecks.hasSmallOrder(r)) {
      return false;
    }
    if (!SodiumPointChecks.isCanonical(publicKey) || SodiumPointChecks.hasSmallOrder(publicKey)) {
      return false;
    }
    // -A, as libsodium's ge25519_frombytes_negate_vartime: a key off the small-order list has
    // x != 0, so flipping the sign bit negates it.
    byte[] negated = publicKey.clone();
    negated[HALF - 1] ^= (byte) 0x80;
    EdwardsPoint minusA = EdwardsPoint.decodeVar(negated);
    if (minusA == null) {
      return false;
    }
    byte[] h = reducedHash(r, publicKey, message);
    EdwardsPoint check = EdwardsScalarMult.multiply(s, EdwardsPoint.decodeVar(BASE_POINT));
    check.add(CachedPoint.of(EdwardsScalarMult.multiply(h, minusA)));
    return MessageDigest.isEqual(check.encode(), r);
  }

  /** SHA-512(R || A || M) mod L, 32 bytes little-endian. */
  private static byte[] reducedHash(byte[] r, byte[] publicKey, byte[] message) {
    SHA512Digest sha512 = new SHA512Digest();
    sha512.update(r, 0, HALF);
    sha512.update(publicKey, 0, HALF);
    sha512.update(message, 0, message.length);
    byte[] digest = new byte[sha512.getDigestSize()];
    sha512.doFinal(digest, 0);
    BigInteger reduced = new BigInteger(1, reverse(digest)).mod(L);
    byte[] bigEndian = reduced.toByteArray();
    byte[] out = new byte[HALF];
    for (int i = 0; i < out.length && i < bigEndian.length; i++) {
      out[i] = bigEndian[bigEndian.length - 1 - i];
    }
    return out;
  }

  /** {@code sc25519_is_canonical}: the little-endian scalar is below L. */
  private static boolean isCanonicalScalar(byte[] s) {
    return new BigInteger(1, reverse(s)).compareTo(L) < 0;
  }

  private static byte[] reverse(byte[] bytes) {
    byte[] out = new byte[bytes.length];
    for (int i = 0; i < bytes.length; i++) {
      out[i] = bytes[bytes.length - 1 - i];
    }
    return out;
  }
}
