package io.protomux.wakeup.domain.hyperdht;

import io.protomux.wakeup.domain.dht.PeerAddress;

/**
 * bogon 1.3.0 for IPv4: addresses that are not reachable on the public internet. hyperdht dials a
 * server's first listed address only if it is not a bogon, and takes the LAN shortcut only to
 * addresses that are not reserved.
 */
public final class Bogons {
  private Bogons() {}

  /** Private or reserved. */
  public static boolean isBogon(PeerAddress address) {
    return isPrivate(address) || isReserved(address);
  }

  /** 10/8, 100.64/10, 127/8, 169.254/16, 172.16/12, 192.168/16. */
  public static boolean isPrivate(PeerAddress address) {
    int[] ip = octets(address);
    return ip[0] == 10
        || (ip[0] == 100 && ip[1] >= 64 && ip[1] <= 127)
        || ip[0] == 127
        || (ip[0] == 169 && ip[1] == 254)
        || (ip[0] == 172 && ip[1] >= 16 && ip[1] <= 31)
        || (ip[0] == 192 && ip[1] == 168);
  }

  /** 0/8, 192.0.0/24, 192.0.2/24, 198.18/15, 198.51.100/24, 203.0.113/24, 224/4, 240/4. */
  public static boolean isReserved(PeerAddress address) {
    int[] ip = octets(address);
    return ip[0] == 0
        || (ip[0] == 192 && ip[1] == 0 && ip[2] == 0)
        || (ip[0] == 192 && ip[1] == 0 && ip[2] == 2)
        || (ip[0] == 198 && ip[1] >= 18 && ip[1] <= 19)
        || (ip[0] == 198 && ip[1] == 51 && ip[2] == 100)
        || (ip[0] == 203 && ip[1] == 0 && ip[2] == 113)
        || ip[0] >= 224;
  }

  private static int[] octets(PeerAddress address) {
    byte[] encoded = address.encode();
    return new int[] {encoded[0] & 0xff, encoded[1] & 0xff, encoded[2] & 0xff, encoded[3] & 0xff};
  }
}
