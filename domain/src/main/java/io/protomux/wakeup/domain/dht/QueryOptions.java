package io.protomux.wakeup.domain.dht;

import java.util.List;

/**
 * How an iterative query runs.
 *
 * @param nodes where to start (hyperdht passes relay addresses or the previous query's closest
 *     nodes); with fewer than k, the routing table and then the bootstrap nodes fill up
 * @param concurrency requests in flight at once (0: the node's default, 10)
 * @param retries retransmissions per request (-1: the reference's 5)
 * @param force bypass the congestion window (and send each request once)
 * @param commit what to send to each of the closest replies once the walk ends, or null
 */
public record QueryOptions(
    List<PeerAddress> nodes, int concurrency, int retries, boolean force, Commit commit) {
  /** Start from the table, default concurrency and retries, no commit. */
  public static final QueryOptions DEFAULTS = new QueryOptions(List.of(), 0, -1, false, null);

  /** Copies the start list. */
  public QueryOptions {
    nodes = nodes == null ? List.of() : List.copyOf(nodes);
  }

  /** The same with another start set. */
  public QueryOptions withNodes(List<PeerAddress> value) {
    return new QueryOptions(value, concurrency, retries, force, commit);
  }

  /** The same with another commit step. */
  public QueryOptions withCommit(Commit value) {
    return new QueryOptions(nodes, concurrency, retries, force, value);
  }

  /** The same with another retry count. */
  public QueryOptions withRetries(int value) {
    return new QueryOptions(nodes, concurrency, value, force, commit);
  }

  /** The same with another concurrency. */
  public QueryOptions withConcurrency(int value) {
    return new QueryOptions(nodes, value, retries, force, commit);
  }

  /**
   * The write step of a query: called once for every closest reply when the walk ends; it calls
   * {@code done} once, with null on success or the failure.
   */
  @FunctionalInterface
  public interface Commit {
    /** Sends the write for {@code reply} and reports its outcome through {@code done}. */
    void commit(Reply reply, Query query, java.util.function.Consumer<Throwable> done);
  }
}
