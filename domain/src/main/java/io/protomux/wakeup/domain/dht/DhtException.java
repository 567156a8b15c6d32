package io.protomux.wakeup.domain.dht;

/**
 * Why a DHT request or query failed, with the reference's error code ({@code REQUEST_TIMEOUT},
 * {@code REQUEST_DESTROYED}, ...) so callers can tell the causes apart as JavaScript callers do.
 */
public final class DhtException extends RuntimeException {
  /** Every send of the request went unanswered. */
  public static final String REQUEST_TIMEOUT = "REQUEST_TIMEOUT";
  /** The request was cancelled, or the node closed, before an answer came. */
  public static final String REQUEST_DESTROYED = "REQUEST_DESTROYED";
  /** A query ended without enough answers to commit to, or every commit failed. */
  public static final String QUERY_FAILED = "QUERY_FAILED";
  /** A bound of ours was reached (in flight requests, queued requests). */
  public static final String LIMIT = "LIMIT";

  private final String code;

  /** An error with one of the codes above. */
  public DhtException(String code, String message) {
    super(code + ": " + message);
    this.code = code;
  }

  /** The reference's error code. */
  public String code() {
    return code;
  }
}
