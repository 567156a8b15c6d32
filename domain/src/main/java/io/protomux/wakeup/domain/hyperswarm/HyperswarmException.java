package io.protomux.wakeup.domain.hyperswarm;

/** Why the swarm closed a connection or refused a call; the messages are the reference's. */
public final class HyperswarmException extends RuntimeException {
  /** A second connection to a key was dropped by the duplicate rule. */
  public static final String DUPLICATE = "Duplicate connection";
  /** The firewall rejected the key. */
  public static final String FIREWALLED = "Peer is firewalled";
  /** The swarm was destroyed. */
  public static final String DESTROYED = "Swarm has been destroyed";

  private static final long serialVersionUID = 1L;

  /** @param message one of the constants above */
  public HyperswarmException(String message) {
    super(message, null, false, false);
  }
}
