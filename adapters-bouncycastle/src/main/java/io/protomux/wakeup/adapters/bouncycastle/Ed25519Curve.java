package io.protomux.wakeup.adapters.bouncycastle;

import io.protomux.wakeup.ports.crypto.CryptoException;
import io.protomux.wakeup.ports.crypto.Ed25519;
import io.protomux.wakeup.ports.crypto.KeyPair;
import io.protomux.wakeup.ports.crypto.RandomSource;
import java.util.Arrays;
import java.util.Objects;
import org.bouncycastle.crypto.digests.SHA512Digest;

/**
 * {@link Ed25519} on Bouncy Castle, byte-compatible with libsodium: key pairs as {@code
 * crypto_sign_seed_keypair} makes them, detached signatures as {@code crypto_sign_detached} makes
 * and {@code crypto_sign_verify_detached} checks them, and the noise-curve-ed Diffie-Hellman,
 * which multiplies on the Edwards curve ({@code crypto_scalarmult_ed25519_noclamp}) and refuses
 * the same public keys libsodium refuses.
 *
 * <p>The DH multiplication is constant-time in the secret scalar (no branches or table indexes that
 * depend on it); validating the peer's public key is not, since that key is public. Thread-safe if
 * the {@link RandomSource} is.
 */
public final class Ed25519Curve implements Ed25519 {
  private static final int SEED_BYTES = 32;

  private final RandomSource random;

  /**
   * Creates the provider; only {@link #keyPair()} draws randomness.
   *
   * @param random where {@link #keyPair()} draws its seeds
   */
  public Ed25519Curve(RandomSource random) {
    this.random = Objects.requireNonNull(random, "random");
  }

  /**
   * {@inheritDoc}
   *
   * @throws IllegalArgumentException when the seed is not 32 bytes
   */
  @Override
  public KeyPair keyPair(byte[] seed) {
    Objects.requireNonNull(seed, "seed");
    if (seed.length != SEED_BYTES) {
      throw new IllegalArgumentException("seed must be 32 bytes, got " + seed.length);
    }
    byte[] publicKey = new byte[KeyPair.PUBLIC_KEY_BYTES];
    org.bouncycastle.math.ec.rfc8032.Ed25519.generatePublicKey(seed, 0, publicKey, 0);
    byte[] secretKey = new byte[KeyPair.SECRET_KEY_BYTES];
    System.arraycopy(seed, 0, secretKey, 0, SEED_BYTES);
    System.arraycopy(publicKey, 0, secretKey, SEED_BYTES, KeyPair.PUBLIC_KEY_BYTES);
    try {
      return new KeyPair(publicKey, secretKey);
    } finally {
      Arrays.fill(secretKey, (byte) 0);
    }
  }

  @Override
  public KeyPair keyPair() {
    byte[] seed = random.bytes(SEED_BYTES);
    try {
      return keyPair(seed);
    } finally {
      Arrays.fill(seed, (byte) 0);
    }
  }

  /**
   * {@inheritDoc}
   *
   * <p>Only the seed half of the secret key is used, as in noise-curve-ed. The two size errors
   * differ on purpose: a local secret key of the wrong size is a programming error, a remote public
   * key of the wrong size is bad input from the peer.
   *
   * @throws IllegalArgumentException when the secret key is not 64 bytes
   * @throws CryptoException when the remote public key is not 32 bytes, or libsodium would refuse
   *     it (the message names which check failed)
   */
  @Override
  public byte[] dh(byte[] secretKey, byte[] remotePublicKey) {
    Objects.requireNonNull(secretKey, "secretKey");
    Objects.requireNonNull(remotePublicKey, "remotePublicKey");
    if (secretKey.length != KeyPair.SECRET_KEY_BYTES) {
      throw new IllegalArgumentException("secret key must be 64 bytes, got " + secretKey.length);
    }
    if (remotePublicKey.length != KeyPair.PUBLIC_KEY_BYTES) {
      throw new CryptoException(
          "Ed25519 public key must be 32 bytes, got " + remotePublicKey.length);
    }
    byte[] scalar = clampedScalar(secretKey);
    try {
      return SodiumScalarMult.noclamp(scalar, remotePublicKey);
    } finally {
      Arrays.fill(scalar, (byte) 0);
    }
  }

  /**
   * {@inheritDoc}
   *
   * <p>Signing reads only the secret key, never the random source.
   */
  @Override
  public byte[] sign(byte[] secretKey, byte[] message) {
    return SodiumSignatures.sign(secretKey, message);
  }

  @Override
  public boolean verify(byte[] publicKey, byte[] message, byte[] signature) {
    return SodiumSignatures.verify(publicKey, message, signature);
  }

  /** The Ed25519 signing scalar: SHA-512(seed)[0..32], clamped the way libsodium clamps it. */
  static byte[] clampedScalar(byte[] secretKey) {
    SHA512Digest sha512 = new SHA512Digest();
    sha512.update(secretKey, 0, SEED_BYTES);
    byte[] hash = new byte[sha512.getDigestSize()];
    sha512.doFinal(hash, 0);
    byte[] scalar = Arrays.copyOf(hash, EdwardsScalarMult.SCALAR_BYTES);
    Arrays.fill(hash, (byte) 0);
    scalar[0] &= (byte) 248;
    scalar[31] &= 127;
    scalar[31] |= 64;
    return scalar;
  }
}
