package io.protomux.wakeup.cli;

import io.protomux.wakeup.adapters.bouncycastle.BouncyCastleCrypto;
import io.protomux.wakeup.domain.Key32;
import java.util.HexFormat;

/** Fixed hex values for the process tests, and what the stack derives from them. */
final class Keys {
  private static final BouncyCastleCrypto CRYPTO = new BouncyCastleCrypto();

  private Keys() {}

  /** 32 bytes of {@code fill}, as 64 hex digits. */
  static String hex(int fill) {
    return String.format("%02x", fill).repeat(32);
  }

  /** The topic (discovery key) of a capability. */
  static String topic(String capability) {
    return HexFormat.of().formatHex(CRYPTO.discoveryKey(HexFormat.of().parseHex(capability)));
  }

  /** The public key of the key pair a seed gives. */
  static String publicKey(String seed) {
    return Key32.of(CRYPTO.keyPair(HexFormat.of().parseHex(seed)).publicKey()).toHex();
  }
}
