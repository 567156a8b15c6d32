package io.protomux.wakeup.domain;

/**
 * A limit that bounds what one remote can make this node hold or do. Going over one closes that
 * remote's stream (and only it) with an exception that {@linkplain LimitExceeded names the
 * limit}; the swarm counts such closes per limit in its stats.
 *
 * <p>The limits are set in {@code StreamOptions} (the first three), {@code ProtomuxOptions} (the
 * next three) and {@code WakeupSwarm.Builder} (the last two). A listener's connection count is the
 * transport's business ({@code NioOptions.maxConnectionsPerListener}) and not one of these: those
 * connections are refused before a stream exists.
 */
public enum Limit {
  /** The Noise handshake did not complete in time ({@code StreamOptions.handshakeTimeoutMillis}). */
  HANDSHAKE_TIMEOUT("handshake_timeout"),
  /** Nothing was received for too long ({@code StreamOptions.timeoutMillis}). */
  IDLE_TIMEOUT("idle_timeout"),
  /** A frame longer than {@code StreamOptions.maxFrameBytes}. */
  FRAME_SIZE("frame_size"),
  /** More remote channels open at once than {@code ProtomuxOptions.maxChannels}. */
  CHANNELS("channels"),
  /** More remote opens waiting for a local channel than {@code ProtomuxOptions.maxPendingOpens}. */
  PENDING_OPENS("pending_opens"),
  /** More bytes held for unpaired channels than {@code ProtomuxOptions.maxBufferedBytes}. */
  BUFFERED_BYTES("buffered_bytes"),
  /** An announce with more entries than {@code WakeupSwarm.Builder.maxWakeupsPerAnnounce}. */
  WAKEUPS_PER_ANNOUNCE("wakeups_per_announce"),
  /** More topics opened by the remote on one stream than {@code maxTopicsPerConnection}. */
  TOPICS_PER_CONNECTION("topics_per_connection");

  private final String label;

  Limit(String label) {
    this.label = label;
  }

  /** The limit's name in snake case, as metrics label it ({@code "frame_size"}). */
  public String label() {
    return label;
  }

  /**
   * The limit that {@code cause} (or one of its causes) reports, or null if it is not a limit's.
   */
  public static Limit of(Throwable cause) {
    for (int depth = 0; cause != null && depth < 16; depth++, cause = cause.getCause()) {
      if (cause instanceof LimitExceeded exceeded) {
        return exceeded.limit();
      }
    }
    return null;
  }
}
