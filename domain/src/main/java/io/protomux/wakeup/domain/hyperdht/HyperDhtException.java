package io.protomux.wakeup.domain.hyperdht;

/**
 * Why a hyperdht connection or server operation failed, with the reference's error code
 * ({@code PEER_NOT_FOUND}, {@code PEER_CONNECTION_FAILED}, ...) so callers tell causes apart as
 * JavaScript callers do.
 */
public final class HyperDhtException extends RuntimeException {
  /** The FIND_PEER query found no node that routes to the server. */
  public static final String PEER_NOT_FOUND = "PEER_NOT_FOUND";
  /** Handshakes were sent but none produced a valid answer. */
  public static final String PEER_CONNECTION_FAILED = "PEER_CONNECTION_FAILED";
  /** The server's payload has another version. */
  public static final String SERVER_INCOMPATIBLE = "SERVER_INCOMPATIBLE";
  /** The server answered with an error, or without UDX data. */
  public static final String SERVER_ERROR = "SERVER_ERROR";
  /** No handshake completed. */
  public static final String HANDSHAKE_INVALID = "HANDSHAKE_INVALID";
  /** The answer to a handshake came from elsewhere, was not a REPLY or carried no noise. */
  public static final String BAD_HANDSHAKE_REPLY = "BAD_HANDSHAKE_REPLY";
  /** No path to the peer: it needs holepunching and the LAN shortcut did not answer. */
  public static final String HOLEPUNCH_ABORTED = "HOLEPUNCH_ABORTED";
  /** The node was destroyed. */
  public static final String NODE_DESTROYED = "NODE_DESTROYED";
  /** A server already listens under this key pair on this node. */
  public static final String KEYPAIR_ALREADY_USED = "KEYPAIR_ALREADY_USED";
  /** The server is already listening. */
  public static final String ALREADY_LISTENING = "ALREADY_LISTENING";
  /** A bound of ours was reached. */
  public static final String LIMIT = "LIMIT";

  private final String code;

  /** An error with one of the codes above. */
  public HyperDhtException(String code, String message) {
    super(code + ": " + message);
    this.code = code;
  }

  /** The reference's error code. */
  public String code() {
    return code;
  }
}
