package io.protomux.wakeup.domain.dht;

/**
 * What a node serving the public network does for senders it does not know. dht-rpc 6.27.0 has
 * none of this: it answers everyone, as fast as they ask, with replies several times larger than
 * the requests, which makes a reference node a reflector for traffic aimed at a spoofed address.
 *
 * <p><b>Request rate.</b> Each source (host and port) has a token bucket of {@code
 * sourceRequestsPerSecond} requests, refilled at that rate; each host has one of {@code
 * hostRequestsPerSecond} over all its ports. A request over either is dropped before it is decoded,
 * unanswered. The sources and hosts remembered are bounded ({@code maxSources}, {@code maxHosts}),
 * least recently seen forgotten first, so a spoofer cycling through ports or hosts cannot grow
 * memory.
 *
 * <p><b>Amplification.</b> Everything a request makes the node send (its reply, an error, a relay
 * to a third address) is charged to the host that sent it. A host has earned {@code
 * amplificationFactor} times the bytes it sent (as QUIC allows 3x before an address is validated,
 * RFC 9000 section 8.1), plus 80 bytes per request for a reply's fixed part. Beyond that, a reply
 * may use an allowance, so that a stranger's single lookup still gets its whole answer: up to
 * {@code hostAllowanceBytesPerMinute} per host, regained over a minute, and at most {@code
 * nodeAllowanceBytesPerSecond} over all hosts together, so that spoofing many addresses cannot
 * multiply it. A reply that does not fit first loses closer nodes (from the end of the list, where
 * the routing table puts the farther ones), then is not sent at all. A host that sends a request
 * carrying a valid token has proven that it receives at its address: replies back to it are not
 * limited for {@link #PROOF_MILLIS}. Relays and replies to another host stay charged either way.
 *
 * <p><b>Loopback.</b> Hosts in 127.0.0.0/8 are exempt from the per-host rate and the amplification
 * limit: an operating system drops datagrams from the network that claim a loopback source, so no
 * remote can aim a reflection there, and tests and local clusters put every peer on 127.0.0.1.
 * Their sources are still rate limited.
 *
 * @param maxSources sources (host and port) whose request rate is remembered
 * @param sourceRequestsPerSecond requests per second one source may send, also its burst; 0: off
 * @param maxHosts hosts whose request rate and reply credit are remembered
 * @param hostRequestsPerSecond requests per second one host may send over all its ports, also its
 *     burst; 0: off
 * @param amplificationFactor how many times the bytes a host sent it may get back before it is
 *     proven; 0 turns the amplification limit off
 * @param hostAllowanceBytesPerMinute bytes beyond what it earned one unproven host may get, regained
 *     over a minute; 0: none
 * @param nodeAllowanceBytesPerSecond bytes beyond what they earned all unproven hosts together may
 *     get, regained over a second; 0: none
 */
public record ServingLimits(
    int maxSources,
    int sourceRequestsPerSecond,
    int maxHosts,
    int hostRequestsPerSecond,
    int amplificationFactor,
    int hostAllowanceBytesPerMinute,
    int nodeAllowanceBytesPerSecond) {
  /**
   * How long a valid token proves its host: 10 minutes. A host can only prove itself (a token is
   * sent to its own address and covers only that host), so a long proof lends no one else's
   * address anything; it spares an announcing client the allowance on the lookups of its next
   * refresh.
   */
  public static final long PROOF_MILLIS = 10 * 60_000;

  /**
   * The defaults: 4096 sources and hosts remembered; 256 requests per second per source, far more
   * than one dht-rpc node sends another; 2048 per host, room for a few busy nodes or a NAT full of
   * clients on one address; replies up to 3x what a host sent, plus 8 KiB a minute per host (a
   * FIND_NODE answer is about 200 bytes for a 43-byte request, a LOOKUP with records up to about
   * 1.2 KB) within 64 KiB a second for the whole node.
   */
  public static final ServingLimits DEFAULTS = new ServingLimits(4096, 256, 4096, 2048, 3, 8192, 65_536);

  /** The reference's behaviour: no rate limit and no amplification limit. */
  public static final ServingLimits NONE = new ServingLimits(1, 0, 1, 0, 0, 0, 0);

  /** @throws IllegalArgumentException for a table bound below 1 or a negative value */
  public ServingLimits {
    if (maxSources < 1 || maxHosts < 1) {
      throw new IllegalArgumentException(
          "maxSources and maxHosts must be at least 1: " + maxSources + ", " + maxHosts);
    }
    if (sourceRequestsPerSecond < 0 || hostRequestsPerSecond < 0 || amplificationFactor < 0
        || hostAllowanceBytesPerMinute < 0 || nodeAllowanceBytesPerSecond < 0) {
      throw new IllegalArgumentException(
          "serving limits must not be negative: sourceRequestsPerSecond " + sourceRequestsPerSecond
              + ", hostRequestsPerSecond " + hostRequestsPerSecond + ", amplificationFactor "
              + amplificationFactor + ", hostAllowanceBytesPerMinute " + hostAllowanceBytesPerMinute
              + ", nodeAllowanceBytesPerSecond " + nodeAllowanceBytesPerSecond);
    }
  }

  /** Whether replies are checked against the requester's credit. */
  boolean limitsAmplification() {
    return amplificationFactor > 0;
  }

  /** Whether a host needs remembering: for its request rate or its reply credit. */
  boolean tracksHosts() {
    return hostRequestsPerSecond > 0 || limitsAmplification();
  }
}
