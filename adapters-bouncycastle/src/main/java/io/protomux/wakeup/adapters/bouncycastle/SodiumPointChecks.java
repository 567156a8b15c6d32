package io.protomux.wakeup.adapters.bouncycastle;

import java.util.HexFormat;

/**
 * libsodium's byte-level tests on 32-byte Edwards encodings and scalars. They look at the bytes,
 * not the point, so that the same encodings are refused as in libsodium, including its choice to
 * ignore the sign bit in some of them.
 */
final class SodiumPointChecks {
  private static final int BYTES = 32;

  /**
   * {@code ge25519_has_small_order}'s blacklist, compared with the sign bit ignored: y = 0, 1, the
   * two order-8 y values, {@code p - 1}, {@code p} and {@code p + 1}.
   */
  private static final byte[][] SMALL_ORDER = {
    hex("0000000000000000000000000000000000000000000000000000000000000000"),
    hex("0100000000000000000000000000000000000000000000000000000000000000"),
    hex("26e8958fc2b227b045c3f489f2ef98f0d5dfac05d3c63339b13802886d53fc05"),
    hex("c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac037a"),
    hex("ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f"),
    hex("edffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f"),
    hex("eeffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f"),
  };

  private SodiumPointChecks() {}

  /** {@code ge25519_is_canonical}: the y in the low 255 bits is below p = 2^255 - 19. */
  static boolean isCanonical(byte[] s) {
    if ((s[BYTES - 1] & 0x7f) != 0x7f) {
      return true;
    }
    for (int i = BYTES - 2; i > 0; i--) {
      if (s[i] != (byte) 0xff) {
        return true;
      }
    }
    return (s[0] & 0xff) < 0xed;
  }

  /** {@code ge25519_has_small_order}: the encoding is on the blacklist, sign bit ignored. */
  static boolean hasSmallOrder(byte[] s) {
    for (byte[] blacklisted : SMALL_ORDER) {
      int difference = (s[BYTES - 1] & 0x7f) ^ blacklisted[BYTES - 1];
      for (int i = 0; i < BYTES - 1; i++) {
        difference |= s[i] ^ blacklisted[i];
      }
      if (difference == 0) {
        return true;
      }
    }
    return false;
  }

  /**
   * {@code _crypto_scalarmult_ed25519_is_inf}: the encoding of the neutral element (0, 1), sign bit
   * ignored. Constant-time, since the bytes are a DH result.
   */
  static boolean isIdentity(byte[] s) {
    int difference = (s[0] ^ 1) | (s[BYTES - 1] & 0x7f);
    for (int i = 1; i < BYTES - 1; i++) {
      difference |= s[i];
    }
    return difference == 0;
  }

  /** {@code sodium_is_zero} over 32 bytes; constant-time, since the bytes are a secret scalar. */
  static boolean isZero(byte[] scalar) {
    int bits = 0;
    for (int i = 0; i < BYTES; i++) {
      bits |= scalar[i];
    }
    return bits == 0;
  }

  private static byte[] hex(String hex) {
    return HexFormat.of().parseHex(hex);
  }
}
