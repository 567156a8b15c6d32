package io.protomux.wakeup.domain.dht;

/**
 * What one node's request layer did, per cause, for metrics and for tests that check hostile
 * traffic was dropped for the right reason. Read on the node's loop.
 */
public final class DhtCounters {
  long requestsCreated;
  long datagramsSent;
  long retries;
  long timeouts;
  long responses;
  long requestsReceived;
  long repliesSent;
  long relayed;
  long invalidTokens;
  long droppedShort;
  long droppedSource;
  long droppedType;
  long droppedMalformed;
  long droppedUnmatched;
  long droppedWrongSource;
  long refusedInflight;
  long refusedQueued;
  long sendsDropped;
  long droppedSourceRate;
  long droppedHostRate;
  long evictedSources;
  long evictedHosts;
  long provenHosts;
  long amplificationTrimmed;
  long amplificationDropped;

  /** Requests made. */
  public long requestsCreated() {
    return requestsCreated;
  }

  /** Request datagrams sent, retransmissions included. */
  public long datagramsSent() {
    return datagramsSent;
  }

  /** Retransmissions. */
  public long retries() {
    return retries;
  }

  /** Requests that got no answer at all. */
  public long timeouts() {
    return timeouts;
  }

  /** Responses matched to a request. */
  public long responses() {
    return responses;
  }

  /** Requests received. */
  public long requestsReceived() {
    return requestsReceived;
  }

  /** Replies and errors sent. */
  public long repliesSent() {
    return repliesSent;
  }

  /** Requests forwarded for others (handshake relaying). */
  public long relayed() {
    return relayed;
  }

  /** Requests refused with INVALID_TOKEN. */
  public long invalidTokens() {
    return invalidTokens;
  }

  /** Datagrams under 2 bytes, or received after the node closed. */
  public long droppedShort() {
    return droppedShort;
  }

  /** Datagrams from port 0 or a non-IPv4 source. */
  public long droppedSource() {
    return droppedSource;
  }

  /** Datagrams whose first byte is neither a request nor a response. */
  public long droppedType() {
    return droppedType;
  }

  /** Datagrams that failed to decode. */
  public long droppedMalformed() {
    return droppedMalformed;
  }

  /** Responses whose tid matched no request in flight. */
  public long droppedUnmatched() {
    return droppedUnmatched;
  }

  /** Responses with a live tid from an address the request did not go to (forged). */
  public long droppedWrongSource() {
    return droppedWrongSource;
  }

  /** Requests refused because {@code maxInflight} were in flight. */
  public long refusedInflight() {
    return refusedInflight;
  }

  /** Requests refused because {@code maxQueued} waited for the window. */
  public long refusedQueued() {
    return refusedQueued;
  }

  /** Datagrams the socket refused to send. */
  public long sendsDropped() {
    return sendsDropped;
  }

  /** Requests dropped unread: their source (host and port) went over its request rate. */
  public long droppedSourceRate() {
    return droppedSourceRate;
  }

  /** Requests dropped unread: their host went over its request rate, all ports together. */
  public long droppedHostRate() {
    return droppedHostRate;
  }

  /** Sources forgotten to stay within {@code maxSources}. */
  public long evictedSources() {
    return evictedSources;
  }

  /** Hosts forgotten to stay within {@code maxHosts}. */
  public long evictedHosts() {
    return evictedHosts;
  }

  /** Times a host proved its address with a valid token (after not being proven). */
  public long provenHosts() {
    return provenHosts;
  }

  /** Replies sent without (some of) their closer nodes, to stay within the requester's credit. */
  public long amplificationTrimmed() {
    return amplificationTrimmed;
  }

  /** Replies and relays not sent: even trimmed, more than an unproven requester's credit. */
  public long amplificationDropped() {
    return amplificationDropped;
  }

  @Override
  public String toString() {
    return "DhtCounters[sent=" + datagramsSent + ", responses=" + responses + ", timeouts="
        + timeouts + ", received=" + requestsReceived + ", malformed=" + droppedMalformed
        + ", unmatched=" + droppedUnmatched + ", wrongSource=" + droppedWrongSource
        + ", sourceRate=" + droppedSourceRate + ", hostRate=" + droppedHostRate
        + ", amplificationDropped=" + amplificationDropped + "]";
  }
}
