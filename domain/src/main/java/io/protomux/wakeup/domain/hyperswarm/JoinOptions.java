package io.protomux.wakeup.domain.hyperswarm;

/**
 * How a session takes part in a topic ({@code join(topic, {server, client, limit})}).
 *
 * @param server announce the topic and accept its peers
 * @param client look the topic up and connect to the peers found
 * @param limit at most this many peers found per refresh are dialled (peers already connected
 *     count against it); {@link Integer#MAX_VALUE} is no limit
 */
public record JoinOptions(boolean server, boolean client, int limit) {
  /** Server and client, no limit: the reference's default. */
  public static final JoinOptions DEFAULTS = new JoinOptions(true, true, Integer.MAX_VALUE);

  /** @throws IllegalArgumentException if neither server nor client, or the limit is negative */
  public JoinOptions {
    if (!server && !client) {
      throw new IllegalArgumentException("Cannot refresh with neither client nor server option");
    }
    if (limit < 0) {
      throw new IllegalArgumentException("limit must not be negative: " + limit);
    }
  }

  /** Client only, no limit. */
  public static JoinOptions clientOnly() {
    return new JoinOptions(false, true, Integer.MAX_VALUE);
  }

  /** Server only. */
  public static JoinOptions serverOnly() {
    return new JoinOptions(true, false, Integer.MAX_VALUE);
  }

  /** These options with another limit. */
  public JoinOptions withLimit(int newLimit) {
    return new JoinOptions(server, client, newLimit);
  }
}
