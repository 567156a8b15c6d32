package io.protomux.wakeup.domain.hyperdht;

/**
 * The numbers of hyperdht 6.34.0's {@code lib/constants.js} and of the {@code mode} field of its
 * handshake and holepunch messages.
 */
public final class HyperDhtConstants {
  /** User command: relay a Noise IK handshake message towards a server; target H(server key). */
  public static final int PEER_HANDSHAKE = 0;
  /** User command: relay a holepunch message towards a server; target H(server key). */
  public static final int PEER_HOLEPUNCH = 1;
  /** User command: the route record a node holds for H(public key). */
  public static final int FIND_PEER = 2;
  /** User command: the peer records stored under a topic. */
  public static final int LOOKUP = 3;
  /** User command: store a signed peer record under a topic. */
  public static final int ANNOUNCE = 4;
  /** User command: remove a peer record, signed like an announce. */
  public static final int UNANNOUNCE = 5;
  /** User command: store a signed mutable value under H(public key). */
  public static final int MUTABLE_PUT = 6;
  /** User command: fetch a mutable value, the request carrying the least seq wanted. */
  public static final int MUTABLE_GET = 7;
  /** User command: store a value under H(value). */
  public static final int IMMUTABLE_PUT = 8;
  /** User command: fetch a value by H(value). */
  public static final int IMMUTABLE_GET = 9;
  /** User command: a plugin-defined request. */
  public static final int PLUGIN = 10;

  /** Firewall kind: not known (yet). */
  public static final int FIREWALL_UNKNOWN = 0;
  /** Firewall kind: reachable at a known public address. */
  public static final int FIREWALL_OPEN = 1;
  /** Firewall kind: behind a NAT that keeps the same public port for every destination. */
  public static final int FIREWALL_CONSISTENT = 2;
  /** Firewall kind: behind a NAT that picks a new public port per destination. */
  public static final int FIREWALL_RANDOM = 3;

  /** Payload error: none. */
  public static final int ERROR_NONE = 0;
  /** Payload error: the connection was refused (e.g. the client payload had no udx section). */
  public static final int ERROR_ABORTED = 1;
  /** Payload error: the peer's noise payload version is not 1. */
  public static final int ERROR_VERSION_MISMATCH = 2;
  /** Payload error: the server has no holepunch slot free, try again later. */
  public static final int ERROR_TRY_LATER = 3;
  /** Storage error (a dht-rpc response error): a mutable put reused a seq with another value. */
  public static final int ERROR_SEQ_REUSED = 16;
  /** Storage error (a dht-rpc response error): a mutable put's seq is below the stored one. */
  public static final int ERROR_SEQ_TOO_LOW = 17;

  /** Handshake or holepunch mode: a client sends to the first relay. */
  public static final int MODE_FROM_CLIENT = 0;
  /** Handshake or holepunch mode: a server answers the relay. */
  public static final int MODE_FROM_SERVER = 1;
  /** Handshake or holepunch mode: the relay forwards a client's message to the server. */
  public static final int MODE_FROM_RELAY = 2;
  /** Handshake or holepunch mode: a second relay forwards it, naming the first relay. */
  public static final int MODE_FROM_SECOND_RELAY = 3;
  /** Handshake or holepunch mode: the relay hands the server's answer back to the client. */
  public static final int MODE_REPLY = 4;

  private static final String[] COMMAND_NAMES = {
    "PEER_HANDSHAKE", "PEER_HOLEPUNCH", "FIND_PEER", "LOOKUP", "ANNOUNCE", "UNANNOUNCE",
    "MUTABLE_PUT", "MUTABLE_GET", "IMMUTABLE_PUT", "IMMUTABLE_GET", "PLUGIN"
  };

  private HyperDhtConstants() {}

  /** The reference's name of a user command, or null for a number it does not define. */
  public static String commandName(long command) {
    return command >= 0 && command < COMMAND_NAMES.length ? COMMAND_NAMES[(int) command] : null;
  }
}
