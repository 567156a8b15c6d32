package io.protomux.wakeup.domain.dht;

/**
 * dht-rpc's internal command numbers and reply error codes ({@code lib/commands.js} and
 * {@code lib/errors.js}).
 *
 * <p>These numbers only mean an internal command when the message's {@code internal} flag is
 * set: without it the same numbers are application commands (hyperdht's PEER_HANDSHAKE is 0,
 * FIND_PEER is 2), so a port must never compare a command number without the flag.
 */
public final class Commands {
  /** Internal: liveness check; the reply carries nothing. */
  public static final int PING = 0;
  /** Internal: value is a uint16 LE port; the reply goes to the requester's host at that port. */
  public static final int PING_NAT = 1;
  /** Internal: target required; the reply carries closer nodes. */
  public static final int FIND_NODE = 2;
  /** Internal: value is the 6-byte ipv4 address of a node the requester found unresponsive. */
  public static final int DOWN_HINT = 3;
  /** Internal: value is a uint32 LE delay in ms; replied to as PING after the delay. */
  public static final int DELAYED_PING = 4;

  /** Error code 0: no error (the response's error flag is then not set). */
  public static final int OK = 0;
  /** Error code 1: the command is not handled. */
  public static final int UNKNOWN_COMMAND = 1;
  /** Error code 2: the request's token was not issued by this node; the reply carries a new one. */
  public static final int INVALID_TOKEN = 2;

  private Commands() {}

  /** The reference's name of an internal command, or null for an unknown number. */
  public static String internalName(long command) {
    if (command == PING) {
      return "PING";
    } else if (command == PING_NAT) {
      return "PING_NAT";
    } else if (command == FIND_NODE) {
      return "FIND_NODE";
    } else if (command == DOWN_HINT) {
      return "DOWN_HINT";
    } else if (command == DELAYED_PING) {
      return "DELAYED_PING";
    }
    return null;
  }
}
